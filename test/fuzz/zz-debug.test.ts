import { it } from 'vitest';
import { ingest } from '../helpers/robustness.js';
it('debug', async () => {
  const bytes = Uint8Array.from(JSON.parse(process.env.BYTES ?? '[]'));
  for (const engine of ['reference', 'fast'] as const) {
    const o = await ingest(bytes, { engine, chunks: JSON.parse(process.env.CHUNKS ?? '[]') });
    console.log(engine, JSON.stringify({ ...o, issues: o.issues.map((i) => [i.code, i.line, i.column, i.action, i.message]), error: o.error?.message }));
  }
});
