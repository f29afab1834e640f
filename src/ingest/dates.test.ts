/** The date hint of a column from every value it could not read (dates.ts hintDateColumn). */
import { describe, expect, it } from 'vitest';
import { hintDateColumn } from './dates.js';

describe('hintDateColumn', () => {
  it('derives the format from all values: d/M/yyyy, never dd/M/yyyy that rejects 5/3/2016', () => {
    expect(hintDateColumn(['29/2/2016 01:16', '5/3/2016 12:00'])).toBe(
      'Timestamps like "29/2/2016 01:16" match --date-format "d/M/yyyy HH:mm".',
    );
  });

  it('offers text without a digit as a null token, and the format of the rest', () => {
    expect(hintDateColumn(['Date Not Captured', '14/3/2016 09:00', '5/3/2016 10:00'])).toBe(
      '"Date Not Captured" is text, not a date: if it means no value, pass --null-token "Date Not Captured". ' +
        'Timestamps like "14/3/2016 09:00" match --date-format "d/M/yyyy HH:mm".',
    );
  });

  it('lists the formats of a column that mixes layouts, ISO last', () => {
    expect(hintDateColumn(['05-Mar-16', '12-Mar-16', '2016-03-14'], '--orders-date-format')).toBe(
      'The column mixes layouts: pass --orders-date-format "dd-MMM-yy" --orders-date-format iso (tried in order).',
    );
  });

  it('names excel for serial numbers, and passes on an ambiguity', () => {
    expect(hintDateColumn(['45615.5'])).toBe(
      'Numbers like "45615.5" look like Excel serial dates: pass --date-format excel.',
    );
    expect(hintDateColumn(['05/01/2022 09:00'])).toContain('can be day-first or month-first');
  });
});
