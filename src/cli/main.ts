/**
 * The command line's entry point. `opsmetrics --version` alone is answered here, before the argument
 * parser and the program are loaded (they are most of its time); everything else goes to program.ts.
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
} else {
  const { main } = await import('./program.js');
  await main(argv);
}
