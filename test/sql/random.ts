/** Test support: seeded random ticket exports for the SQL tests. */

/** A seeded random export: ties, missing values, repeat customers, ids read twice, several zones. */
export function randomExport(seed: number, rows: number, style: 'utc' | 'naive' | 'messy' = 'utc'): string {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const start = Date.UTC(2025, 9, 20);
  const utc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  // naive: wall times without an offset (read in the input zone); messy: the ISO forms exports write,
  // and values that do not read.
  const iso = (ms: number): string => {
    const text = utc(ms);
    if (style === 'naive') return text.replace('T', ' ').replace('Z', '');
    if (style === 'utc') return text;
    const r = rand();
    if (r < 0.05) return pick(['n/a', 'yesterday', '2025-02-30 10:00', '2025-13-01', '']);
    if (r < 0.2) return text.replace('T', ' ').replace('Z', ' UTC');
    if (r < 0.35) return new Date(ms + 3_600_000).toISOString().replace('.000Z', '+01:00');
    if (r < 0.5) return new Date(ms - 5.5 * 3_600_000).toISOString().replace('.000Z', '-0530');
    if (r < 0.6) return text.replace(':00Z', 'Z');
    if (r < 0.7) return text.replace('Z', '.5Z');
    return text;
  };
  const count = (n: number): string =>
    style === 'messy' && rand() < 0.1 ? pick(['1.0', '2.5', '-1', '1,000', '1.000', ' 2 ', 'n/a']) : String(n);
  const minutes = (): string =>
    style !== 'messy' ? String(Math.floor(rand() * 600)) : pick(['12', '1,234.5', '1.234', '-5', '7.25', '1 500', '']);
  const lines = ['id,created,first_reply,solved,priority,team,customer,category,reopens,agent_replies,updated,frt_min'];
  for (let i = 0; i < rows; i++) {
    const id = rand() < 0.05 && i > 0 ? `T${Math.floor(rand() * i)}` : `T${i}`;
    // Minutes, so that ties of creation and of durations happen.
    const created = start + Math.floor(rand() * 60 * 24 * 40) * 60_000;
    const reply = rand() < 0.8 ? created + Math.floor(rand() * 60 * 30) * 60_000 : null;
    const solved =
      rand() < 0.7 ? Math.max(reply ?? created, created + Math.floor(rand() * 60 * 24 * 9) * 60_000) : null;
    const updated = Math.max(solved ?? created, reply ?? created) + 60_000;
    lines.push(
      [
        id,
        iso(created),
        reply === null ? '' : iso(reply),
        solved === null ? '' : iso(solved),
        rand() < 0.1 ? '' : pick(['Urgent', 'High', 'Normal', 'Low', '2 - High', ' Very  High', '1 -  very high']),
        rand() < 0.1 ? '' : pick(['Billing', 'Tech', 'Logistics']),
        rand() < 0.05 ? '' : `c${Math.floor(rand() * rows * 0.3)}@example.com`,
        pick(['refund', 'login', 'delivery', '']),
        rand() < 0.2 ? '' : count(Math.floor(rand() * 3)),
        rand() < 0.2 ? '' : count(Math.floor(rand() * 4)),
        iso(updated),
        minutes(),
      ]
        .map((cell) => (cell.includes(',') ? `"${cell}"` : cell))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
