/**
 * The HTML report in a real headless browser (Debian's chromium driven by playwright-core): the page
 * loads with no console error and no network request, every chart has its marks, and a full-page
 * screenshot (desktop) and a phone-width one go to test-artifacts/ for a human to look at.
 * Skips with a message when chromium is not installed; CI installs it (.ci/run).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);
if (!available) {
  process.stderr.write(
    `html-browser.test.ts: skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`,
  );
}

describe.skipIf(!available)('HTML report in headless chromium', () => {
  it('loads without console errors or requests, every chart has marks, screenshots', async () => {
    const artifacts = resolve(repoRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    const htmlPath = resolve(artifacts, 'weekly-report.html');
    const result = await runCli([
      'report',
      'fixtures/complaints/tickets.csv',
      '--input-tz',
      'UTC',
      '--period',
      'week',
      '--since',
      '2025-10-06',
      '--until',
      '2025-11-17',
      '--by',
      'team',
      '--format',
      'html',
      '-o',
      htmlPath,
    ]);
    expect(result.code, result.stderr).toBe(0);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      const marks = await page.$$eval('figure.chart', (figures) =>
        figures.map((f) => ({
          chart: f.getAttribute('data-chart'),
          marks: f.querySelectorAll('svg g.role-mark > *').length,
        })),
      );
      expect(marks.length).toBeGreaterThanOrEqual(10);
      for (const chart of [
        'trend-created',
        'dist-frt',
        'dist-resolution',
        'complaints-total',
        'complaints-trend',
        'patterns-categories',
        'predictability',
      ]) {
        expect(marks.map((m) => m.chart)).toContain(chart);
      }
      expect(marks.filter((m) => m.marks === 0)).toEqual([]);
      // The created trend: one point per (week, team) with tickets, drawn as line + point marks.
      const created = marks.find((m) => m.chart === 'trend-created');
      expect(created?.marks).toBeGreaterThanOrEqual(6);

      // The page fits a phone: no horizontal scroll of the body (tables scroll inside their wrapper).
      await page.screenshot({ path: resolve(artifacts, 'weekly-report.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: resolve(artifacts, 'weekly-report-phone.png'), fullPage: false });
      await page.emulateMedia({ media: 'print' });
      expect(await page.$eval('nav', (n) => getComputedStyle(n).display)).toBe('none');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
