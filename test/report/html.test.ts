/**
 * The HTML renderer: a self-contained page (no script, nothing fetched), escaped data, one SVG per
 * chart, tiles with their change said in words, partial periods, viewport and print CSS, and a page
 * that grows linearly with the groups. The browser checks are in test/e2e/html-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/renderers/html/page.js';
import { formatFromPath, render } from '../../src/report/renderers/registry.js';
import { count, previousWeek, sampleMetrics, sampleReport, sampleRow } from './sample-report.js';
import { runCli } from '../e2e/helpers.js';

/** Everything in the page that could make a browser fetch something. */
function externalReferences(html: string): string[] {
  const found = html.match(/<script|<link|<iframe|<img|\ssrc=|href="(?!#)[^"]*"|url\((?!#)|@import/gi) ?? [];
  return found;
}

describe('renderHtml', () => {
  it('escapes text for HTML', () => {
    expect(escapeHtml(`<b>"R&D"</b> it's`)).toBe('&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt; it&#39;s');
  });

  it('renders a report without insights: trends only, self-contained', async () => {
    const report = sampleReport({
      window: { period: 'week' },
      rows: [
        sampleRow({ period: { label: '2025-W46', start: '2025-11-10T00:00:00Z', end: '2025-11-17T00:00:00Z' } }),
        sampleRow(),
      ],
    });
    const html = await renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('@media print');
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toContain('id="complaints"');
    const figures = html.match(/<figure class="chart"/g) ?? [];
    expect(figures.length).toBeGreaterThan(0);
    expect((html.match(/<svg /g) ?? []).length).toBe(figures.length);
  });

  it('is chosen by --format html and by the .html extension', async () => {
    expect(formatFromPath('weekly.HTML')).toBe('html');
    expect(formatFromPath('weekly.htm')).toBe('html');
    expect((await render(sampleReport(), 'html')).startsWith('<!doctype html>')).toBe(true);
  });
});

describe('HTML report from the CLI', async () => {
  // Hostile values in every place data reaches the page: team (charts, tables), category, tags, subject.
  const csv = [
    'id,created,first_reply,solved,team,category,tags,subject,customer,agent_replies,reopens',
    ...Array.from({ length: 24 }, (_, i) => {
      const day = String(3 + (i % 14)).padStart(2, '0');
      const team = i % 2 === 0 ? '"<script>alert(""x"")</script>"' : 'R&D <b>';
      return (
        `${i + 1},2025-11-${day}T09:00:00Z,2025-11-${day}T09:${String(10 + i).padStart(2, '0')}:00Z,2025-11-${day}T15:00:00Z,${team},"Billing ` +
        `& <i>refunds</i>",vip <img>,Charged twice </title>,c${i % 5},1,0`
      );
    }),
  ].join('\n');
  const args = [
    'report',
    '-',
    '--profile',
    'generic',
    '--map',
    'id=id',
    '--map',
    'created=created',
    '--map',
    'first_reply=first_reply',
    '--map',
    'solved=solved',
    '--map',
    'team=team',
    '--map',
    'category=category',
    '--map',
    'tags=tags',
    '--map',
    'subject=subject',
    '--map',
    'customer=customer',
    '--map',
    'agent_replies=agent_replies',
    '--map',
    'reopens=reopens',
    '--period',
    'week',
    '--format',
    'html',
  ];
  const result = await runCli(args, { stdin: csv });
  const html = result.stdout;

  it('writes one self-contained page', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(externalReferences(html)).toEqual([]);
    for (const id of ['trends', 'distributions', 'complaints', 'patterns', 'consistency'])
      expect(html).toContain(`<section id="${id}">`);
  });

  it('escapes every data text', () => {
    expect(html).not.toMatch(/<script|<b>|<i>|<img|<\/title>\s*<\/title>/i);
    expect(html).toContain('Billing &amp; &lt;i&gt;refunds&lt;/i&gt;');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/<title>[^<]*<\/title>/);
  });

  it('draws every chart as inline SVG with its marks (no empty chart)', () => {
    const figures = [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"[^>]*>([\s\S]*?)<\/figure>/g)];
    expect(figures.map((f) => f[1])).toEqual(
      expect.arrayContaining([
        'trend-created',
        'dist-frt',
        'dist-resolution',
        'complaints-total',
        'patterns-categories',
      ]),
    );
    for (const [, id, body] of figures) {
      expect(body, id).toContain('<svg ');
      expect(body, id).toMatch(/class="mark"/);
    }
  });

  it('counts the complaint class of the subject, with its n', () => {
    // Every ticket's subject says "Charged twice": billing_error over all 24 tickets.
    expect(html).toContain('data-class="billing_error" data-raw="24"');
    expect(html).toContain('24 of 24 (100%)');
    expect(html).toContain('>Billing error</span>');
  });

  it('never starts a line with :: from the data, nor carries its control characters', async () => {
    const hostile = csv.replace('Charged twice </title>', 'Charged\n::error::x \u001b[31m');
    const out = (await runCli(args, { stdin: hostile })).stdout;
    for (const line of out.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(out).not.toContain('\u001b');
  });
});

describe('tiles', () => {
  it('say the change in words and color it by what it means', async () => {
    // FRT median 42 min now, 40 min the week before: 5% longer, which is worse.
    // Resolution rate 72.5% now, 70% before: 2.5 points higher, which is better.
    const report = sampleReport();
    report.totals = { window: { ...sampleRow(), previous: previousWeek() } };
    const html = await renderHtml(report);
    const tile = (metric: string) =>
      new RegExp(`<article class="tile" data-metric="${metric}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
    expect(tile('frt')).toContain('>42 min<');
    expect(tile('frt')).toContain('median of 37 tickets');
    expect(tile('frt')).toMatch(
      /class="change bad">.*5% higher than the previous week: 40 min — <strong>worse<\/strong>/,
    );
    expect(tile('resolution_rate')).toContain('>72.5%<');
    expect(tile('resolution_rate')).toContain('29 of 40 tickets');
    expect(tile('resolution_rate')).toMatch(
      /class="change good">.*2\.5 points higher than the previous week: 70% — <strong>better<\/strong>/,
    );
    // csat is unavailable for this input: no tile, it is listed once in the method section.
    expect(tile('csat')).toBe('');
    expect(html).toMatch(/Not available for this input[^<]*CSAT/);
  });
});

describe('many groups', () => {
  it('grows linearly: 8,000 groups draw the six largest and list every group (was 17.6 s, 1.7 GB)', async () => {
    const teams = Array.from({ length: 8_000 }, (_, i) => `team ${String(i).padStart(4, '0')}`);
    const week = (label: string, start: string, end: string) => ({ label, start, end });
    const rows = teams.flatMap((team, i) =>
      [
        week('2025-W46', '2025-11-10T00:00:00+01:00', '2025-11-17T00:00:00+01:00'),
        week('2025-W47', '2025-11-17T00:00:00+01:00', '2025-11-24T00:00:00+01:00'),
      ].map((period) =>
        sampleRow({ period, group: { team }, metrics: { ...sampleMetrics(), reopens: count(i % 50) } }),
      ),
    );
    const report = sampleReport({ window: { by: ['team'], period: 'week' }, rows });
    const html = await renderHtml(report);
    const lines =
      [...html.matchAll(/<figure class="chart" data-chart="trend-frt_median_min"[\s\S]*?<\/figure>/g)][0]?.[0] ?? '';
    // Six groups drawn (the largest), each over two weeks; no all-groups line without totals.
    expect(new Set([...lines.matchAll(/data-group="([^"]+)"/g)].map((m) => m[1])).size).toBe(6);
    expect(html).toContain('The 6 largest of 8,000 groups');
    // The page stays small: about 1 kB per group for its table row.
    expect(html.length).toBeLessThan(8_000 * 1_500);
  });
});
