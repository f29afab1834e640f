#!/usr/bin/env node
/**
 * Regenerates docs/images/weekly-report.png, the README's picture of the HTML one-pager: the sample
 * Zendesk export, two weeks by team, rendered by the built command line (`npm run build` first) and
 * photographed by headless chromium (playwright-core, as the browser test does), the top 1100 x 1450
 * pixels of the page.
 *
 *   npm run build && node scripts/readme-screenshot.mjs [--out docs/images/weekly-report.png]
 *
 * CHROMIUM_PATH names the browser (default /usr/bin/chromium; `apt-get install -y chromium`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
const out = resolve(
  at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : join(root, 'docs/images/weekly-report.png'),
);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  process.stderr.write(
    `readme-screenshot: no chromium at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH\n`,
  );
  process.exit(2);
}

/** The run the README's caption names. */
const ARGS = [
  'report',
  'fixtures/zendesk/tickets.csv',
  '--input-tz',
  'America/New_York',
  '--since',
  '2025-11-10',
  '--until',
  '2025-11-24',
  '--period',
  'week',
  '--by',
  'team',
  '--format',
  'html',
  '-q',
];

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-screenshot-'));
try {
  const html = join(dir, 'weekly.html');
  const run = spawnSync(process.execPath, [join(root, 'bin/opsmetrics.js'), ...ARGS, '-o', html], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(`readme-screenshot: the report failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1450 } });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
  process.stdout.write(`readme-screenshot: ${out} (${Math.round(statSync(out).size / 1024)} KB)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
