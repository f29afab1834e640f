import { describe, expect, it } from 'vitest';
import { BareCrTracker, CrSplitRow } from './bare-cr.js';

describe('BareCrTracker', () => {
  it('finds the byte offsets after bare CRs, in UTF-8 bytes, a CR at a chunk end decided by the next', () => {
    const t = new BareCrTracker();
    // 'é,b\r' ends at byte 5; 'x\r' + '\n' is a CRLF (the CR at byte 11); 'y\r' ends the input at byte 14.
    t.feed('é,b\rc,d\n');
    t.feed('x\r');
    t.feed('\ny\r');
    t.end();
    expect([5, 11, 14].map((at) => t.endedAt(at))).toEqual([true, false, true]);
  });
});

describe('CrSplitRow', () => {
  it('joins the pieces of a cut row and says when the row is complete', () => {
    const row = new CrSplitRow();
    row.hold(['A', '10:00', 'agent'], 3);
    expect(row.join(['reply', 'open'], 4, false, 4)).toBe(true);
    expect(row.settle(4)).toEqual({
      whole: false,
      cells: ['A', '10:00', 'agent\rreply', 'open'],
      line: 3,
      message:
        'a bare CR (a carriage return without a line feed) in an unquoted value split one row into ' +
        'lines 3-4, read as pieces of 3 + 2 cells where the header has 4',
    });
    expect(row.holding).toBe(false);
  });

  it('passes a whole record that ended at a CR (a file with CR line ends) on', () => {
    const row = new CrSplitRow();
    row.hold(['1', '2'], 2);
    expect(row.settle(2)).toMatchObject({ whole: true, cells: ['1', '2'], line: 2 });
  });
});
