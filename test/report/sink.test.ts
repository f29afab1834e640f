/** Data text on its way to a CI log or a terminal (the `::` workflow commands, escape sequences). */
import { describe, expect, it } from 'vitest';
import { renderCsv, renderTsv } from '../../src/report/renderers/csv.js';
import { logSafe, terminalSafe } from '../../src/report/renderers/sink.js';
import { groupedReport } from './sample-report.js';

describe('logSafe', () => {
  it.each([
    ['ok\n::error::pwned', "ok\n'::error::pwned"],
    ['ok\r\n  ::add-mask::x', "ok\r\n  '::add-mask::x"],
    ['a\r##[set-output]x', "a\r'##[set-output]x"],
    ['a::b', 'a::b'],
    [':: first line', ':: first line'],
  ])('%j -> %j', (text, expected) => {
    expect(logSafe(text)).toBe(expected);
  });
});

describe('terminalSafe', () => {
  it('removes escape sequences and controls but keeps line breaks and tabs', () => {
    expect(terminalSafe('\u001b[31mRed\u001b[0m\nnext\tcell\u0007\u009b2J')).toBe('Red\nnext\tcell');
  });
});

describe('CSV and TSV to standard output', () => {
  const hostile = ['Billing\n::error::injected', '\u001b]0;title\u0007Ops\r\n##[warning]x'];

  it.each(['log', 'terminal'] as const)('never start a line with :: or ##[ from the data (%s)', (sink) => {
    for (const text of [renderCsv(groupedReport(hostile), { sink }), renderTsv(groupedReport(hostile), { sink })]) {
      for (const line of text.split(/\r\n|\r|\n/)) expect(line.trimStart()).not.toMatch(/^(::|##\[)/);
    }
  });

  it('keeps a line break inside a CSV value quoted, and strips escapes on a terminal', () => {
    const csv = renderCsv(groupedReport(hostile), { sink: 'terminal' });
    expect(csv).toContain('"Billing\n\'::error::injected"');
    expect(csv).toContain('"Ops\r\n\'##[warning]x"');
    expect(csv).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('writes a file as it is', () => {
    expect(renderCsv(groupedReport(hostile), { sink: 'file' })).toContain('"Billing\n::error::injected"');
  });
});
