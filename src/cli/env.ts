/** Terminal, clock and CI facts, decided in one place (chalk 5 ignores NO_COLOR, so we decide). */
import { usageError } from '../errors.js';

export interface ColorStream {
  isTTY?: boolean;
}

/** Color only on a TTY, never with NO_COLOR (any value) or --no-color. FORCE_COLOR=1+ forces it on. */
export function useColor(
  stream: ColorStream,
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** True inside a CI job (most CI systems set CI=true). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') || env.GITHUB_ACTIONS === 'true';
}

/**
 * The current instant for relative windows (`--last week`): `OPSMETRICS_NOW` when set (an ISO 8601
 * instant with an offset, so that tests and reruns get the same window), else the clock. The only
 * place the program reads the clock for a report.
 */
export function nowFrom(env: NodeJS.ProcessEnv = process.env, clock: () => number = Date.now): number {
  const fixed = env.OPSMETRICS_NOW;
  if (fixed === undefined || fixed === '') return clock();
  const instant = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(fixed.trim()) ? Date.parse(fixed) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw usageError('bad_option', `OPSMETRICS_NOW=${fixed}: not an instant with an offset`, {
      where: 'OPSMETRICS_NOW',
      hint: 'For example OPSMETRICS_NOW=2025-11-26T09:00:00Z, or unset it to use the clock.',
    });
  }
  return instant;
}

/**
 * Whether a command that reads exports was given none while standard input is a terminal: it would
 * wait for typed input, silently. `operands` are the files as typed (none: the default `-`).
 */
export function waitsOnTerminal(
  operands: readonly string[],
  flags: { events?: readonly string[] | undefined; orders?: readonly string[] | undefined },
  stdin: { isTTY?: boolean },
): boolean {
  const otherInput = (flags.events?.length ?? 0) > 0 || (flags.orders?.length ?? 0) > 0;
  return operands.length === 0 && !otherInput && stdin.isTTY === true;
}
