#!/usr/bin/env node
/**
 * `npm run build` (after tsc): bundles the command line into dist/bundle/, which bin/opsmetrics.js
 * runs, and the programmatic API (dist/bundle/index.js, the package's `exports`; tsc's declarations
 * in dist/ are its types). Why: Node 20 loads ES modules one by one (resolve, read, compile, link); the CLI's ~75 modules
 * cost about 20 ms of a 100-row report's ~150 ms, and issue #8 asks for 150 ms. tsc's dist/ (module by
 * module) stays what the tests that start threads import.
 *
 * - Code splitting keeps the lazy imports lazy: a report never loads the orders, HTML or check code.
 * - The thread entry points (scan-worker, repeat-thread, xes-worker) sit beside the chunks, so that
 *   `new URL('./scan-worker.js', import.meta.url)` finds them from a chunk as it does from dist/ingest/;
 *   `../../package.json` resolves from dist/bundle/ as from dist/cli/.
 * - help.txt: `opsmetrics --help` as the bundle prints it, printed by main.ts without loading the program.
 * - The dependencies every run loads are bundled as well (resolving packages and loading CommonJS
 *   through Node's ESM loader cost another ~8 ms); those loaded on demand stay in node_modules.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The command line, the programmatic API (package.json `exports`), and the three thread entry points.
  entryPoints: [
    'src/cli/main.ts',
    'src/index.ts',
    'src/engine/scan-worker.ts',
    'src/engine/repeat-thread.ts',
    'src/engine/xes-worker.ts',
  ],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled: the dependencies every run loads. Left to node_modules: those loaded only on demand,
  // and big (write-excel-file for the XLSX report, iconv-lite for legacy encodings, yaml for configs).
  external: ['write-excel-file', 'iconv-lite', 'yaml'],
  // Bundled CommonJS (commander) calls require() for Node's built-ins.
  banner: {
    js:
      'import { createRequire as __opsmetricsRequire } from ' +
      "'node:module'; const require = __opsmetricsRequire(import.meta.url);",
  },
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

// `opsmetrics --help` as the program prints it at commander's default width (80 columns, standard
// output not a terminal, no colour forced), for src/cli/main.ts to print without loading the program.
const env = { ...process.env };
for (const name of ['FORCE_COLOR', 'CLICOLOR_FORCE', 'COLUMNS']) delete env[name];
const help = spawnSync(process.execPath, [join(outdir, 'main.js'), '--help'], { encoding: 'utf8', env });
if (help.status !== 0 || !help.stdout.includes('Usage:')) throw new Error(`--help failed at build:\n${help.stderr}`);
writeFileSync(join(outdir, 'help.txt'), help.stdout);
