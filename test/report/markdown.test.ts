import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../src/report/renderers/markdown.js';
import { groupedReport, previousWeek, sampleReport, sampleRow } from './sample-report.js';

/**
 * Cells of a GFM table line: split on pipes that are not backslash-escaped (a backslash escapes the next character).
 */
function gfmCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (char === '\\') {
      current += line.slice(i, i + 2);
      i += 1;
    } else if (char === '|') {
      cells.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  cells.push(current);
  // The leading and trailing pipes delimit nothing.
  return cells.slice(1, -1).map((cell) => cell.trim());
}

function tableLines(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}

describe('renderMarkdown', () => {
  it('renders heading, run facts, headline table, definitions, unavailable metrics and input', () => {
    expect(renderMarkdown(sampleReport())).toBe(
      [
        '# Ticket metrics',
        '',
        '**Window**: 2025-11-17 → 2025-11-24 (as of 2025-11-24T09:00:00+01:00) · **Zone**: ' +
          'Europe/Berlin (input America/New\\_York) · **Period**: week (starting monday)',
        '',
        '**FCR**: one-touch · **Resolution rate**: cohort · **Repeat window**: 7 days, same requester',
        '',
        '| Period | FRT median (min) | Resolution rate (%) | Reopened |',
        '| --- | ---: | ---: | ---: |',
        '| 2025-W47 | 42.0 min | 72.5% (29/40) | 3 |',
        '',
        '## Definitions',
        '',
        '- `frt`: First reply time: created to first public agent reply, calendar minutes.',
        '- `resolution_rate`: Tickets created in the window and solved by as\\_of, over tickets created.',
        '',
        '## Unavailable',
        '',
        '- `csat`: no satisfaction column; map one with --column csat=\\<name\\>',
        '',
        '## Input',
        '',
        '- **File**: tickets.csv (zendesk, utf-8, delimiter `","`, 1,234 rows)',
        '- **Read**: 1,234 rows',
        '- **Used**: 1,200',
        '- **Skipped**: 30 (outside the window 25, duplicate 3, blank 2)',
        '- **Rejected**: 4',
        '- **Nulled**: 10 (rows kept with unusable fields emptied)',
        '',
        '### Issues',
        '',
        '- `bad_date` in created\\_at: 4 rows rejected. Not a date. Hint: Pass --date-format.',
        '',
      ].join('\n'),
    );
  });

  it('shows group columns, (none) for missing values, and changes with compare', () => {
    const report = groupedReport(['Billing', null], { compare: 'previous' });
    report.rows[0] = sampleRow({ group: { team: 'Billing' }, previous: previousWeek() });
    // csat is unavailable in every row: no column, one line under Unavailable instead.
    expect(tableLines(renderMarkdown(report))).toEqual([
      '| Period | team | FRT median (min) | Resolution rate (%) | Reopened |',
      '| --- | --- | ---: | ---: | ---: |',
      '| 2025-W47 | Billing | 42.0 min ▲ +5.0% | 72.5% (29/40) ▲ +2.5 pp | 3 |',
      '| 2025-W47 | (none) | 42.0 min | 72.5% (29/40) | 3 |',
    ]);
  });

  it('keeps a column that has a value in some row', () => {
    const report = groupedReport(['Billing', null]);
    report.rows[1]!.metrics['csat'] = { kind: 'rate', numerator: 2, denominator: 4, value: 0.5 };
    expect(tableLines(renderMarkdown(report))[0]).toBe(
      '| Period | team | FRT median (min) | Resolution rate (%) | Reopened | CSAT (%) |',
    );
  });

  it('omits the Unavailable section when every metric is available', () => {
    const report = sampleReport();
    delete report.rows[0]?.metrics['csat'];
    expect(renderMarkdown(report)).not.toContain('## Unavailable');
  });

  it('says so when there are no rows', () => {
    expect(renderMarkdown(sampleReport({ rows: [] }))).toContain('\n\nNo tickets in the window.\n\n## Definitions');
  });
});

describe('escaping', () => {
  it.each<[string, string]>([
    ['a|b', 'a\\|b'],
    ['a\\|b', 'a\\\\\\|b'],
    ['line 1\nline 2', 'line 1 line 2'],
    ['\u001b[31mRed\u001b[0m', 'Red'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['*bold* _it_ `code` ~del~ $x$ &amp;', '\\*bold\\* \\_it\\_ \\`code\\` \\~del\\~ \\$x\\$ \\&amp;'],
  ])('escapeMarkdown(%j) = %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });

  it('keeps a group value in its own cell', () => {
    const lines = tableLines(renderMarkdown(groupedReport(['a|b', 'c\\|d', 'x\ny'])));
    expect(lines.slice(2).map((line) => gfmCells(line)[1])).toEqual(['a\\|b', 'c\\\\\\|d', 'x y']);
  });

  it('never adds or removes table cells, whatever the group value', () => {
    const text = fc.string({
      unit: fc.constantFrom('|', '\\', '\n', '\r', '`', '*', 'a', ' ', '\u001b', '[', ']'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (teams) => {
        const lines = tableLines(renderMarkdown(groupedReport(teams)));
        expect(lines).toHaveLength(teams.length + 2);
        for (const line of lines) expect(gfmCells(line)).toHaveLength(5);
      }),
    );
  });
});
