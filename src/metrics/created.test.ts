/** created: the number of tickets of the cohort, whatever else they carry. */
import { describe, expect, it } from 'vitest';
import { created } from './created.js';
import { metricOver } from './reference.js';

describe('created', () => {
  it('counts every ticket of the cohort, open, solved or without any other field', () => {
    // A Zendesk-like week: one solved, one open with a reply, one with nothing but its creation -> 3
    const tickets = [
      { id: 'Z1', created: Date.parse('2025-11-17T09:00:00Z'), solved: Date.parse('2025-11-17T12:00:00Z') },
      { id: 'Z2', created: Date.parse('2025-11-18T10:00:00Z'), first_reply: Date.parse('2025-11-18T10:20:00Z') },
      { id: 'Z3', created: Date.parse('2025-11-19T23:59:59Z') },
    ];
    expect(metricOver(created, tickets)).toEqual({ kind: 'count', value: 3 });
  });

  it('is 0, never null, for an empty cohort', () => {
    expect(metricOver(created, [])).toEqual({ kind: 'count', value: 0 });
  });

  it('counts tickets that share an instant, and tickets without a customer', () => {
    const tickets = [{ created: 0, customer: 'a' }, { created: 0 }, { created: 0, customer: 'a' }];
    expect(metricOver(created, tickets)).toEqual({ kind: 'count', value: 3 });
  });

  it('is always available', () => {
    expect(created.unavailable({} as never)).toBeNull();
  });
});
