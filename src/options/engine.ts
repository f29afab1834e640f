/**
 * `--engine-memory` and `--engine-threads` (DuckDB's memory limit and worker threads), checked before
 * anything runs: a value DuckDB cannot take is a usage error (exit 2) naming the flag, not a failure
 * inside the engine.
 */
import { totalmem } from 'node:os';
import { usageError } from '../errors.js';

export interface EngineLimits {
  /** The memory limit as DuckDB takes it (`4GB`, `512MiB`); a share of the RAM is made a size. */
  memoryLimit: string | undefined;
  threads: number | undefined;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|k|m|g|t|kb|mb|gb|tb|kib|mib|gib|tib)$/i;
const SHARE = /^(\d+(?:\.\d+)?)\s*%$/;

/**
 * The engine limits of the flags: a memory size with its unit (`512MB`, `4GB`, `1.5GiB`: KB, MB, GB,
 * TB count by 1000, KiB, MiB, GiB, TiB by 1024) or a share of this machine's RAM (`75%`), and a whole
 * number of threads of at least 1.
 * @throws AppError (usage, `bad_option`) for any other value
 * @example resolveEngineLimits({ engineMemory: '4GB', engineThreads: '2' }) // { memoryLimit: '4GB', threads: 2 }
 * @example resolveEngineLimits({ engineMemory: '50%' }, 8 * 2 ** 30).memoryLimit // '4096MiB'
 */
export function resolveEngineLimits(
  flags: { engineMemory?: string | undefined; engineThreads?: string | undefined },
  ram: number = totalmem(),
): EngineLimits {
  return {
    memoryLimit: flags.engineMemory === undefined ? undefined : memoryLimit(flags.engineMemory.trim(), ram),
    threads: flags.engineThreads === undefined ? undefined : threads(flags.engineThreads.trim()),
  };
}

function memoryLimit(text: string, ram: number): string {
  const bad = (why: string): never => {
    throw usageError('bad_option', `--engine-memory ${text}: ${why}`, {
      where: '--engine-memory',
      hint: 'Give a size with its unit (512MB, 4GB, 1.5GiB) or a share of the RAM (75%).',
    });
  };
  const share = SHARE.exec(text);
  if (share !== null) {
    const percent = Number(share[1]);
    if (percent <= 0 || percent > 100) bad('a share of the RAM is more than 0% and at most 100%');
    return `${Math.floor((ram * percent) / 100 / 2 ** 20)}MiB`;
  }
  const size = SIZE.exec(text);
  if (size === null) return bad('not a size (a number and a unit) or a share of the RAM');
  if (Number(size[1]) <= 0) bad('a memory limit is more than 0');
  return `${size[1]}${size[2]}`;
}

function threads(text: string): number {
  if (!/^[1-9][0-9]*$/.test(text)) {
    throw usageError('bad_option', `--engine-threads ${text}: not a whole number of at least 1`, {
      where: '--engine-threads',
      hint: 'e.g. --engine-threads 2',
    });
  }
  return Number(text);
}
