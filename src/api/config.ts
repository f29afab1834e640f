/** Reading the config file: `--config FILE`, else the default file of a folder, else no config. */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
import type { Config } from '../options/schema.js';

/** The names of the default config file, looked for in the working directory in this order. */
export const CONFIG_FILES = ['opsmetrics.config.yml', 'opsmetrics.config.yaml', 'opsmetrics.config.json'] as const;

/** The largest config file read, 1 MiB: `--config /dev/zero` or a log file named by mistake is refused, not read. */
export const MAX_CONFIG_BYTES = 1 << 20;

/** At most MAX_CONFIG_BYTES + 1 bytes of `file`, whatever it is (a FIFO, a device). */
function readCapped(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The config of a run without a config file. */
export const emptyConfig = (): Config => ({ input: {}, report: {}, schedules: {} });

/**
 * Loads `path`, else the default config file of `folder`, else an empty config. The YAML parser and
 * the config validators are loaded only when there is a file to read.
 */
export async function loadConfig(path: string | undefined, folder = '.'): Promise<Config> {
  const file = path ?? CONFIG_FILES.map((name) => join(folder, name)).find((f) => existsSync(f));
  if (file === undefined) return emptyConfig();
  let bytes: Buffer;
  try {
    bytes = readCapped(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw usageError('config_unreadable', `cannot read config ${file}: ${reason}`, {
      where: '--config',
      hint: 'Check the path, or run `opsmetrics init` to write a starter config.',
    });
  }
  if (bytes.length > MAX_CONFIG_BYTES)
    throw usageError('config_unreadable', `config ${file} is larger than 1 MiB: not a config file`, {
      where: '--config',
      hint: 'Check the path given to --config; a config is a short YAML or JSON file.',
    });
  const { parseConfig } = await import('../options/schema.js');
  return parseConfig(bytes.toString('utf8'), file);
}
