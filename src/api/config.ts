/** Reading the config file: `--config FILE`, else the default file of a folder, else no config. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
import type { Config } from '../options/schema.js';

/** The names of the default config file, looked for in the working directory in this order. */
export const CONFIG_FILES = ['opsmetrics.config.yml', 'opsmetrics.config.yaml', 'opsmetrics.config.json'] as const;

/** The config of a run without a config file. */
export const emptyConfig = (): Config => ({ input: {}, report: {}, schedules: {} });

/**
 * Loads `path`, else the default config file of `folder`, else an empty config. The YAML parser and
 * the config validators are loaded only when there is a file to read.
 */
export async function loadConfig(path: string | undefined, folder = '.'): Promise<Config> {
  const file = path ?? CONFIG_FILES.map((name) => join(folder, name)).find((f) => existsSync(f));
  if (file === undefined) return emptyConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw usageError('config_unreadable', `cannot read config ${file}: ${reason}`, {
      where: '--config',
      hint: 'Check the path, or run `opsmetrics init` to write a starter config.',
    });
  }
  const { parseConfig } = await import('../options/schema.js');
  return parseConfig(text, file);
}
