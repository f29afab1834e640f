/**
 * The HTML renderer: a self-contained page (no script, nothing fetched), escaped data, one SVG per
 * chart, viewport and print CSS. The browser checks are in test/e2e/html-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/renderers/html.js';
import { formatFromPath, render } from '../../src/report/renderers/registry.js';
import { sampleReport, sampleRow } from './sample-report.js';
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

  it('draws every chart as inline SVG from vega (no empty chart)', () => {
    const figures = [...html.matchAll(/<figure class="chart" data-chart="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.map((f) => f[1])).toEqual(
      expect.arrayContaining([
        'trend-created',
        'dist-frt',
        'dist-resolution',
        'complaints-total',
        'complaints-trend',
        'patterns-categories',
      ]),
    );
    for (const [, id, body] of figures) {
      expect(body, id).toContain('class="marks"');
      expect(body, id).toMatch(/role-mark/);
    }
  });

  it('counts the complaint class of the subject', () => {
    // Every ticket's subject says "Charged twice": billing_error over all 24 tickets.
    expect(html).toMatch(/<td>billing_error<\/td><td class="num">24<\/td><td class="num">100\.0%<\/td>/);
  });
});
