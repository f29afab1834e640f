/**
 * The HTML report of every fixture in a real headless browser (Debian's chromium driven by
 * playwright-core), checked for what made the page hard to read: every plotted value equals the JSON
 * report's, one color per group across charts, no label cut or overlapping, integer axes for counts,
 * no text under 11 px (on a desktop and a phone), no sideways scrolling at 390 px, an A4 print
 * without overflow, labels rather than ids. Screenshots (desktop, phone) and a print PDF of each page
 * go to test-artifacts/ for a human to look at, in CI (`CI` set, as .ci/run has it) or with
 * OPSMETRICS_TEST_ARTIFACTS=1: no assertion reads them, and they were a third of this file's time. Skips with a message when chromium is not installed;
 * CI installs it (.ci/run).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, ConsoleMessage, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureOf } from '../../src/report/flatten.js';
import { mainColumn } from '../../src/report/meaning.js';
import type { Report } from '../../src/report/model.js';
import { FIXTURE_RUNS, type FixtureRun } from './fixture-runs.js';
import { repoRoot, type RunResult, runCli } from './helpers.js';

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
const artifacts = resolve(repoRoot, 'test-artifacts');
/** Whether the pictures and PDFs are written (the pages themselves always are: the tests read them). */
const pictures = !['', '0', 'false'].includes(process.env.CI ?? '') || process.env.OPSMETRICS_TEST_ARTIFACTS === '1';
/** A4 less the page's 14 mm margins, at 96 px per inch: 182 mm. */
const A4_CONTENT_PX = Math.floor((182 / 25.4) * 96);

/** A plotted mark as the page gives it. */
interface Mark {
  chart: string;
  key: string | null;
  group: string | null;
  period: string | null;
  raw: number;
  color: string | null;
  bin: string | null;
  cls: string | null;
  category: string | null;
  item: string | null;
}

async function marksOf(page: Page): Promise<Mark[]> {
  return page.$$eval('[data-raw]', (nodes) =>
    nodes.map((n) => ({
      chart:
        n.closest('figure.chart')?.getAttribute('data-chart') ?? n.closest('.tile')?.getAttribute('data-metric') ?? '',
      key: n.getAttribute('data-key'),
      group: n.getAttribute('data-group'),
      period: n.getAttribute('data-period'),
      raw: Number(n.getAttribute('data-raw')),
      color: n.getAttribute('data-color'),
      bin: n.getAttribute('data-bin'),
      cls: n.getAttribute('data-class'),
      category: n.getAttribute('data-category'),
      item: n.getAttribute('data-item'),
    })),
  );
}

const groupLabel = (report: Report, group: Record<string, string | null>) =>
  report.window.by.length === 0 ? 'All' : report.window.by.map((d) => group[d] ?? '(none)').join(' · ');

/** The JSON figure a mark plots, or undefined when the JSON does not hold it (the all-groups line of a grouped page). */
function expectedOf(report: Report, mark: Mark): number | null | undefined {
  if (mark.key !== null) {
    const spec = report.columns.find((s) => s.key === mark.key);
    if (spec === undefined) return undefined;
    const row = report.rows.find((r) => r.period.label === mark.period && groupLabel(report, r.group) === mark.group);
    if (row === undefined) return undefined;
    return figureOf(row.metrics[spec.metric], spec.figure);
  }
  const insights = report.insights;
  if (insights === undefined) return undefined;
  if (mark.bin !== null) {
    const histogram = mark.chart === 'dist-frt' ? insights.distributions.frt : insights.distributions.resolution_full;
    return histogram.bins.find((b) => b.label === mark.bin)?.count ?? null;
  }
  if (mark.cls !== null) return insights.complaints.find((c) => c.class === mark.cls)?.count ?? null;
  if (mark.category !== null)
    return insights.patterns.top_categories.find((c) => c.value === mark.category)?.tickets ?? null;
  if (mark.item !== null) {
    const [, dimension, measure] =
      /^consistency-(.+)-(frt_median_min|resolution_full_median_h|fcr)$/.exec(mark.chart) ?? [];
    const spread = insights.consistency.dimensions
      .find((d) => d.dimension === dimension)
      ?.measures.find((m) => m.measure === measure);
    return spread?.figures.find((f) => f.group === mark.item)?.value ?? null;
  }
  return undefined;
}

/** Text an element shows, for the smallest-text check: every element with its own text. */
async function smallestText(page: Page): Promise<{ size: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(el.childNodes).some((c) => c.nodeType === 3 && (c.textContent ?? '').trim() !== '');
      if (!own) continue;
      const rect = (el as HTMLElement).getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      let size = Number.parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg !== null) {
        const box = svg.viewBox.baseVal;
        size = Number(el.getAttribute('font-size') ?? size) * (svg.getBoundingClientRect().width / box.width);
      }
      if (size < smallest.size) smallest = { size, text: (el.textContent ?? '').slice(0, 40) };
    }
    return smallest;
  });
}

/** Labels cut by their box or overlapping in a chart. */
async function cutLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const svg of Array.from(document.querySelectorAll('figure.chart svg'))) {
      const box = (svg as SVGSVGElement).viewBox.baseVal;
      const texts = Array.from(svg.querySelectorAll('text')) as SVGTextElement[];
      const boxes = texts.map((t) => ({ t, b: t.getBBox() }));
      for (const { t, b } of boxes) {
        if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5 || b.y + b.height > box.height + 0.5) {
          problems.push(`cut: "${t.textContent}" in ${svg.closest('figure')?.getAttribute('data-chart')}`);
        }
      }
      // Axis and bar labels on one line must not run into each other.
      const labels = boxes.filter(({ t }) => t.getAttribute('class') === 'label');
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i]?.b as DOMRect;
          const c = labels[j]?.b as DOMRect;
          const overlap =
            a.x < c.x + c.width - 0.5 &&
            c.x < a.x + a.width - 0.5 &&
            a.y < c.y + c.height - 0.5 &&
            c.y < a.y + a.height - 0.5;
          if (overlap) problems.push(`overlap: "${labels[i]?.t.textContent}" and "${labels[j]?.t.textContent}"`);
        }
      }
    }
    for (const el of Array.from(document.querySelectorAll('h1, h2, h3, figcaption, nav a, .meta, .tile *'))) {
      const e = el as HTMLElement;
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') {
        problems.push(`cut: ${e.tagName} "${(e.textContent ?? '').slice(0, 30)}"`);
      }
      if (getComputedStyle(e).textOverflow === 'ellipsis') problems.push(`ellipsis: ${e.tagName}`);
    }
    return problems;
  });
}

/** A fixture's two command lines: its JSON report (with insights) and its HTML page, written to test-artifacts/. */
interface Written {
  json: RunResult;
  html: RunResult;
  htmlPath: string;
}

function writeFixture({ name, args }: FixtureRun): Promise<Written> {
  const htmlPath = resolve(artifacts, `${name}.html`);
  return Promise.all([
    runCli([...args, '--format', 'json', '--insights', '-q']),
    runCli([...args, '--format', 'html', '-o', htmlPath, '-q']),
  ]).then(([json, html]) => ({ json, html, htmlPath }));
}

describe.skipIf(!available)('HTML report in headless chromium', () => {
  let browser: Browser;
  /** One page for every test: each sets the viewport and media it needs before it loads its file. */
  let page: Page;
  /**
   * Every fixture's command lines start with the browser and run (one at a time, runCli) while the
   * browser checks the pages before: each test waits only for its own fixture's.
   */
  const written = new Map<string, Promise<Written>>();
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const fixture of FIXTURE_RUNS) {
      const run = writeFixture(fixture);
      run.catch(() => {}); // awaited, and so reported, by the fixture's test
      written.set(fixture.name, run);
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(written.values());
    await browser?.close();
  });

  /** The page as a new one is: no media emulated, a 1280 x 900 desktop viewport. */
  async function freshView(): Promise<void> {
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it.each(FIXTURE_RUNS)(
    '$name: reads as a one-pager, every figure as the JSON has it',
    async ({ name }) => {
      const { json, html, htmlPath } = await (written.get(name) as Promise<Written>);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as Report;
      expect(html.code, html.stderr).toBe(0);

      await freshView();
      const errors: string[] = [];
      const requests: string[] = [];
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() === 'error') errors.push(message.text());
      };
      const onPageError = (error: Error) => errors.push(error.message);
      const onRequest = (request: Request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      };
      page.on('console', onConsole);
      page.on('pageerror', onPageError);
      page.on('request', onRequest);
      try {
        await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
        if (pictures) await page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });

        // Every plotted value is the JSON's.
        const marks = await marksOf(page);
        expect(marks.length).toBeGreaterThan(0);
        let compared = 0;
        for (const mark of marks) {
          let expected = expectedOf(report, mark);
          if (
            mark.chart !== '' &&
            mark.key === null &&
            mark.bin === null &&
            mark.cls === null &&
            mark.category === null &&
            mark.item === null
          ) {
            // A tile: the window's figure, the one row's when the report has one row and no groups.
            if (report.rows.length !== 1 || report.window.by.length > 0) continue;
            const spec = mainColumn(report, mark.chart);
            expected = spec === undefined ? undefined : figureOf(report.rows[0]?.metrics[mark.chart], spec.figure);
          }
          if (expected === undefined) continue;
          expect(expected, JSON.stringify(mark)).not.toBeNull();
          expect(mark.raw, JSON.stringify(mark)).toBeCloseTo(expected as number, 9);
          compared++;
        }
        expect(compared).toBeGreaterThan(0);

        // One color per group, whichever chart draws it.
        const colors = new Map<string, Set<string>>();
        for (const mark of marks) {
          if (mark.group === null || mark.color === null) continue;
          colors.set(mark.group, (colors.get(mark.group) ?? new Set()).add(mark.color));
        }
        for (const [group, set] of colors) expect([...set], group).toHaveLength(1);

        // Counts get whole-number axes.
        const counts = new Set(
          report.columns
            .filter((s) => report.rows.some((r) => r.metrics[s.metric]?.kind === 'count'))
            .map((s) => `trend-${s.key}`),
        );
        const axes = await page.$$eval('figure.chart', (figures) =>
          figures.map((f) => ({
            chart: f.getAttribute('data-chart') ?? '',
            integer: f.querySelector('svg')?.getAttribute('data-integer-axis') === 'true',
            ticks: Array.from(f.querySelectorAll('svg text.tick')).map((t) => t.textContent ?? ''),
          })),
        );
        for (const axis of axes) {
          if (counts.has(axis.chart)) expect(axis.integer, axis.chart).toBe(true);
          if (axis.integer) for (const tick of axis.ticks) expect(tick, axis.chart).toMatch(/^\d[\d,]*$/);
        }

        // Nothing cut, nothing too small, labels not ids.
        expect(await cutLabels(page)).toEqual([]);
        expect((await smallestText(page)).size).toBeGreaterThanOrEqual(11);
        // innerText: what is shown (the closed method section's ids in tooltips are not).
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
        const visible = await page.evaluate(() => document.body.innerText);
        const ids = [...new Set(report.columns.map((s) => s.metric))].filter(
          (id) => /[._]/.test(id) || id === 'frt' || id === 'fcr',
        );
        for (const id of ids)
          expect(visible, id).not.toMatch(new RegExp(`(^|[^\\w.])${id.replace(/\./g, '\\.')}([^\\w.]|$)`));

        // A phone: no sideways scrolling, text still legible.
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(1);
        const phoneText = await smallestText(page);
        expect(phoneText.size, phoneText.text).toBeGreaterThanOrEqual(11);
        expect(await cutLabels(page)).toEqual([]);
        if (pictures) await page.screenshot({ path: resolve(artifacts, `${name}-phone.png`), fullPage: true });

        // Paper: A4 content width, no overflow, every chart within it, no navigation.
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
        expect(await page.$eval('nav', (n) => getComputedStyle(n).display)).toBe('none');
        const printOverflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(printOverflow).toBeLessThanOrEqual(1);
        const widest = await page.$$eval('figure.chart', (figures) =>
          Math.max(0, ...figures.map((f) => f.getBoundingClientRect().right)),
        );
        expect(widest).toBeLessThanOrEqual(A4_CONTENT_PX + 1);
        if (pictures) {
          await page.pdf({
            path: resolve(artifacts, `${name}.pdf`),
            format: 'A4',
            margin: { top: '14mm', bottom: '14mm', left: '14mm', right: '14mm' },
          });
        }
      } finally {
        page.off('console', onConsole);
        page.off('pageerror', onPageError);
        page.off('request', onRequest);
      }
    },
    120_000,
  );

  it('marks partial periods and small samples, and draws SLA goals', async () => {
    // The weekly Zendesk page and the SLA page, as the fixtures' command lines wrote them.
    const pages = [written.get('zendesk-weekly-by-team'), written.get('sla')] as Promise<Written>[];
    for (const { html } of await Promise.all(pages)) expect(html.code, html.stderr).toBe(0);
    await freshView();
    await page.goto(pathToFileURL(resolve(artifacts, 'zendesk-weekly-by-team.html')).href);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
    const text = await page.evaluate(() => document.body.innerText);
    // W44 runs from the first ticket, Thursday 30 October 14:05 EDT, to Monday 3 November 00:00 EST:
    // 3 days 10 h 54 min, 3.5 of 7 days.
    expect(text).toContain('2025-W44: partial week: 3.5 of 7 days');
    const hollow = await page.$$eval('circle.mark[data-period="2025-W44"]', (c) =>
      c.map((x) => x.getAttribute('data-hollow')),
    );
    expect(hollow.length).toBeGreaterThan(0);
    expect(new Set(hollow)).toEqual(new Set(['true']));
    // Trend sentences compare whole weeks only and say which were left out.
    expect(text).toMatch(/2025-W44(, 2025-W47)? left out \(partial week or fewer than 10 tickets\)/);

    await page.goto(pathToFileURL(resolve(artifacts, 'sla.html')).href);
    // The config's check "sla.first_reply.achievement >= 50%" is the chart's goal line.
    const goal = await page.$eval('figure[data-chart="trend-sla.first_reply.achievement_pct"] line.goal', (l) =>
      l.getAttribute('data-goal'),
    );
    expect(goal).toBe('50');
  }, 60_000);
});
