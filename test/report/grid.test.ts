/** The terminal grid: widths by hand (a CJK character takes two columns, a combining mark none). */
import { describe, expect, it } from 'vitest';
import { displayWidth, drawGrid, gridCell, wrapText } from '../../src/report/renderers/grid.js';

describe('displayWidth', () => {
  it.each([
    ['Billing', 7],
    ['請求', 4],
    ['e\u0301', 1],
    ['ＡＢ', 4],
    ['', 0],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('wrapText', () => {
  it('breaks between words, and inside a word longer than the width', () => {
    expect(wrapText('no satisfaction column', 10)).toEqual(['no', 'satisfacti', 'on column']);
    expect(wrapText('short', 10)).toEqual(['short']);
    expect(wrapText('a b c d', 3)).toEqual(['a b', 'c d']);
  });
});

describe('drawGrid', () => {
  it('pads by display width, right-aligns, and rules off rows only around multi-line cells', () => {
    const lines = drawGrid(
      [gridCell('Team'), gridCell('n')],
      [
        [gridCell('請求'), gridCell('12', undefined, 'right')],
        [gridCell('Ops'), gridCell('3', undefined, 'right')],
      ],
    );
    expect(lines).toEqual([
      '┌──────┬────┐',
      '│ Team │ n  │',
      '├──────┼────┤',
      '│ 請求 │ 12 │',
      '│ Ops  │  3 │',
      '└──────┴────┘',
    ]);
  });
});
