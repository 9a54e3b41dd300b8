/**
 * A problem with what the user gave us (a file, a value, an option), as opposed to a bug.
 * The CLI prints `message` as one line and exits 2; the server maps it to a 4xx.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/** Bad data in a file: names the file, the 1-based line, the column and the value. */
export class DataError extends UserError {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** A model document that cannot be loaded (wrong format, version, or shape). */
export class ModelFormatError extends UserError {}

/** A transformer or estimator used before `fit`. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
  constructor(what: string) {
    super(`${what} is not fitted yet: call fit() first`);
  }
}
