import { LIBRARY_VERSION, UserError } from '@custseg/ml';
import { edaCommand } from './commands/eda.js';
import { evaluateCommand } from './commands/evaluate.js';
import { importanceCommand } from './commands/importance.js';
import { modelsCommand } from './commands/models.js';
import { quickstartCommand } from './commands/quickstart.js';
import { runsCommand } from './commands/runs.js';
import { serveCommand } from './commands/serve.js';
import { trackingCommand } from './commands/tracking.js';
import { predictCommand } from './commands/predict.js';
import { searchCommand } from './commands/search.js';
import { synthCommand } from './commands/synth.js';
import { trainCommand } from './commands/train.js';

export const MAIN_HELP = `custseg ${LIBRARY_VERSION} — tabular classification, built for customer segmentation

Usage: custseg <command> [options]

Commands:
  eda        profile a CSV before training: HTML report (inline charts), JSON profile, drift with --compare
  train      fit a pipeline on a labelled CSV, report held-out metrics, write the model JSON
  evaluate   metrics of a model on a labelled CSV
  importance permutation importance of each input column of a model
  models     the model registry: list, show, promote NAME VERSION --alias champion (or rollback), export
  runs       tracked training runs: list, show, compare
  predict    score a CSV with a model (streams; ID, Segmentation, one probability per class)
  serve      serve a model over HTTP (predict, CSV scoring, docs, metrics; hot reload of an alias)
  quickstart train and register a champion if there is none, then serve it (npm start)
  search     hyper-parameter search with cross-validation (grid or randomized)
  synth      write synthetic customers with the real schema
  tracking   tracking serve: the MLflow-compatible tracking server

Run custseg <command> --help for its options. User errors exit with code 2 and one line on stderr.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  eda: edaCommand,
  train: trainCommand,
  evaluate: evaluateCommand,
  importance: importanceCommand,
  predict: predictCommand,
  models: modelsCommand,
  runs: runsCommand,
  search: searchCommand,
  serve: serveCommand,
  quickstart: quickstartCommand,
  synth: synthCommand,
  tracking: trackingCommand,
};

/** Runs the CLI; returns the exit code (0 ok, 2 user error, 1 internal error). Never throws. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-V') {
      process.stdout.write(`${LIBRARY_VERSION}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UserError(`custseg: unknown command "${command}"; expected one of ${Object.keys(COMMANDS).join(', ')} (see custseg --help)`);
    return await run(rest);
  } catch (e) {
    return reportError(e);
  }
}

/**
 * User mistakes (bad file, value, option, config) are one line and exit 2. Errors our own code should
 * never raise (TypeError and friends) are bugs: exit 1, stack trace only with CUSTSEG_DEBUG=1.
 */
function reportError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const isBug = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
  if (process.env.CUSTSEG_DEBUG === '1') process.stderr.write(`${err.stack}\n`);
  const line = err.message.split('\n')[0];
  if (isBug && !(err instanceof UserError)) {
    process.stderr.write(`custseg: internal error: ${line}\n`);
    return 1;
  }
  process.stderr.write(`${line}\n`);
  return 2;
}
