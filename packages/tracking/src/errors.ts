import { UserError } from '@custseg/ml';

/** MLflow's error codes and the HTTP status its server answers each with. */
export const ERROR_HTTP_STATUS = {
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  INVALID_STATE: 400,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;

/**
 * A refused store operation, carrying MLflow's error_code so the server can answer `{error_code, message}` with
 * the matching status. It is a UserError so the CLI reports it as one line with exit code 2.
 */
export class MlflowError extends UserError {
  constructor(
    readonly error_code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return ERROR_HTTP_STATUS[this.error_code];
  }

  toJSON(): { error_code: ErrorCode; message: string } {
    return { error_code: this.error_code, message: this.message };
  }
}

export function isMlflowError(e: unknown, code?: ErrorCode): e is MlflowError {
  return e instanceof MlflowError && (code === undefined || e.error_code === code);
}

export const notFound = (message: string): MlflowError => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);
export const alreadyExists = (message: string): MlflowError => new MlflowError('RESOURCE_ALREADY_EXISTS', message);
export const invalidParam = (message: string): MlflowError => new MlflowError('INVALID_PARAMETER_VALUE', message);
export const invalidState = (message: string): MlflowError => new MlflowError('INVALID_STATE', message);

/** Refusals pass through; anything else (I/O, a bug) becomes INTERNAL_ERROR with the cause attached. */
export function asMlflowError(e: unknown): MlflowError {
  if (e instanceof MlflowError) return e;
  const err = new MlflowError('INTERNAL_ERROR', e instanceof Error ? e.message : String(e));
  (err as { cause?: unknown }).cause = e;
  return err;
}
