import { registerClassifier } from '../core/registry.js';
import { VotingClassifier, VOTING_TYPE } from './voting.js';

export * from './voting.js';

registerClassifier(VOTING_TYPE, VotingClassifier.fromJSON);
