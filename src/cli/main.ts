/**
 * The command line's entry point. `opsmetrics --version` and `--help` alone are answered here, before
 * the argument parser and the program are loaded (they are most of its time); everything else goes to
 * program.ts.
 */
import { readFileSync } from 'node:fs';

const argv = process.argv;
if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
  // As commander prints it: the version and a newline; a closed pipe ends quietly (as io.ts handleEpipe).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${manifest.version}\n`);
} else if (!printHelpAsBuilt()) {
  const { main } = await import('./program.js');
  await main(argv);
}

/**
 * `opsmetrics --help` (or `-h`) alone, at commander's default width of 80 (standard output not a
 * terminal, or one 80 columns wide): the text scripts/bundle.mjs had the program print when it built
 * the bundle, beside it as help.txt, so that the argument parser and the program are not loaded to
 * print it. False (the program prints it) at another width, or without the file (tsc's dist/).
 */
function printHelpAsBuilt(): boolean {
  if (argv.length !== 3 || (argv[2] !== '--help' && argv[2] !== '-h')) return false;
  if ((process.stdout.isTTY ? process.stdout.columns : 80) !== 80) return false;
  let text: string;
  try {
    text = readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return false;
  }
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(text);
  return true;
}
