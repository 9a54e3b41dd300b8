import { randomBytes, randomInt } from 'node:crypto';

// MLflow names unnamed runs "adjective-noun-number"; these are short, neutral word lists in the same spirit.
const ADJECTIVES = [
  'able', 'agile', 'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'dapper', 'eager', 'fair', 'fast',
  'gentle', 'glad', 'grand', 'honest', 'jolly', 'keen', 'kind', 'lively', 'lucky', 'merry', 'neat', 'nimble', 'noble',
  'polite', 'proud', 'quick', 'quiet', 'rare', 'rich', 'sharp', 'shy', 'smart', 'sunny', 'swift', 'tidy', 'vast', 'wise',
];
const NOUNS = [
  'ant', 'bass', 'bear', 'bird', 'boar', 'cat', 'colt', 'crab', 'crow', 'deer', 'dove', 'duck', 'eel', 'elk', 'fish',
  'foal', 'fox', 'frog', 'goat', 'gull', 'hare', 'hawk', 'hen', 'hog', 'jay', 'lamb', 'lark', 'lion', 'mink', 'mole',
  'moth', 'mule', 'newt', 'owl', 'ox', 'ram', 'seal', 'slug', 'snail', 'stork', 'swan', 'toad', 'trout', 'wasp', 'wolf', 'wren',
];

export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}

/** MLflow run ids: 32 lowercase hex digits (uuid4().hex). */
export function newRunId(): string {
  return randomBytes(16).toString('hex');
}
