/**
 * Errors that reach the user. Each carries a stable `code`, the process exit code it maps to, and a
 * hint that says how to fix it. The CLI prints `message` and `hint`; nothing else formats errors.
 *
 * Exit codes (documented in the README):
 * - 0 ok
 * - 1 a threshold / SLA check failed
 * - 2 usage or config error
 * - 3 input or data error (unreadable file, bad rows over the allowed limit, metric not computable)
 * - 4 internal error
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  input: 3,
  internal: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'usage' | 'config' | 'input' | 'internal';

const exitByKind: Record<ErrorKind, ExitCode> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  input: ExitCode.input,
  internal: ExitCode.internal,
};

export interface AppErrorOptions {
  /** How to fix it, one or two sentences. */
  hint?: string;
  /** Where: `file:line:column`, an option name, or a config key path. */
  where?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly where: string | undefined;

  constructor(kind: ErrorKind, code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.exitCode = exitByKind[kind];
    this.hint = options.hint;
    this.where = options.where;
  }
}

export const usageError = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('usage', code, message, options);
export const configError = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('config', code, message, options);
export const inputError = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('input', code, message, options);
