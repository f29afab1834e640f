/** Terminal and CI facts, decided in one place (chalk 5 ignores NO_COLOR, so we decide). */

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
