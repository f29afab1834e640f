/**
 * The subject pass (src/engine/subject-pass.ts) numbers the complaint results of subject cells; the
 * reading thread runs it with the classes compiled again from plain data. Expected values come from a
 * naive classifier written here (every rule as its own expression over the folded text, rule by rule)
 * and from the reference reader through the CLI (`OPSMETRICS_ENGINE=reference`), not from the pass.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteRecord } from '../../src/engine/byte-record.js';
import { ScanState, scanRecord } from '../../src/engine/scanner.js';
import { planClassifier, SubjectPass, type SubjectPlan } from '../../src/engine/subject-pass.js';
import { ComplaintClassifier } from '../../src/complaints/classifier.js';
import {
  compileComplaintClasses,
  DEFAULT_COMPLAINT_CLASSES,
  type ComplaintsConfig,
} from '../../src/complaints/rules.js';
import { runCli } from '../e2e/helpers.js';

/** Case- and accent-folded text, as the rules' documentation says matching sees it. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** The classes (bit k = k-th class) whose rules match `text`, each rule tried alone; word rules only. */
function naiveMask(classes: Record<string, { any: readonly string[] }>, text: string): number {
  const folded = fold(text).slice(0, 4096);
  let mask = 0;
  Object.values(classes).forEach((spec, bit) => {
    for (const rule of spec.any) {
      const stem = rule.endsWith('*');
      const words = fold(stem ? rule.slice(0, -1) : rule)
        .split(/[\s_-]+/)
        .filter(Boolean)
        .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const end = stem ? '' : '(?![\\p{L}\\p{N}])';
      if (new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s_-]+')}${end}`, 'u').test(folded)) mask |= 1 << bit;
    }
  });
  return mask >>> 0;
}

const FRAGMENTS = [
  'Refund',
  'REFUNDED',
  'late',
  'Late delivery',
  'delivery',
  'wrong',
  ' item',
  'Wrong colour',
  'no-show',
  'no_show',
  'hasn’t arrived',
  "hasn't arrived",
  'not heard back',
  'Réclamation',
  'remboursé',
  'Déjà',
  'é',
  '🚀',
  '注文',
  'Где мой заказ?',
  '#',
  '123',
  '7',
  ' ',
  '\u00a0',
  '-',
  '_',
  ', ',
  '"',
  '\n',
  'N/A',
  'x',
];

const subject = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 7 }).map((parts) => parts.join(''));

const quoteCell = (cell: string) =>
  /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;

/** Byte records of one-cell rows (a leading id cell, the subject second). */
function records(subjects: readonly string[]): ByteRecord[] {
  const buf = Buffer.from(`${subjects.map((s, i) => `${i},${quoteCell(s)}`).join('\n')}\n`, 'utf8');
  const state = new ScanState(0x2c);
  const lines = { breaks: 0 };
  let pos = 0;
  return subjects.map((s) => {
    const record = new ByteRecord();
    pos = scanRecord(buf, pos, buf.length, state, true, record, lines);
    record.buf = buf;
    expect(record.text(1)).toBe(s);
    return record;
  });
}

const planOf = (config: ComplaintsConfig | undefined, digitBlind: boolean): SubjectPlan => ({
  columns: [1],
  nulls: ['', 'n/a'],
  classes: compileComplaintClasses(config).map((c) => ({
    name: c.name,
    any: c.rules.map((r) => r.source),
    fields: [...c.fields],
  })),
  explain: false,
  digitBlind,
});

describe('SubjectPass', () => {
  it('numbers each subject by its classes as a naive rule-by-rule classifier finds them, -1 for none', async () => {
    for (const digitBlind of [false, true]) {
      const plan = planOf(undefined, digitBlind);
      const pass = new SubjectPass(plan, await planClassifier(plan));
      await fc.assert(
        fc.asyncProperty(fc.array(subject, { minLength: 1, maxLength: 40 }), async (subjects) => {
          const ids = new Int32Array(subjects.length);
          for (const [i, r] of records(subjects).entries()) pass.pass(r, ids, i);
          subjects.forEach((text, i) => {
            const trimmed = text.trim();
            const expected =
              trimmed === '' || trimmed.toLowerCase() === 'n/a' ? 0 : naiveMask(DEFAULT_COMPLAINT_CLASSES, trimmed);
            const id = ids[i] as number;
            expect(id < 0 ? 0 : (pass.results[id] as { mask: number }).mask, JSON.stringify(text)).toBe(expected);
          });
        }),
        { numRuns: 200 },
      );
    }
  });

  it('gives the results (classes and rule counters) of the main thread classifier, from the classes compiled again', async () => {
    const config: ComplaintsConfig = {
      classes: {
        custom: { any: ['order #*', '/colou?r/', 'late'], fields: ['subject'] },
        delay: { any: ['late', 'still waiting'] },
      },
    };
    const main = new ComplaintClassifier(compileComplaintClasses(config), { explain: false });
    const plan = planOf(config, false);
    const again = await planClassifier(plan);
    fc.assert(
      fc.property(subject, (text) => {
        expect(again(text)).toEqual(main.resultOf('subject', text, false));
      }),
      { numRuns: 500 },
    );
  });

  it('numbers equal results once, and tells subjects apart by every byte unless digit-blind', async () => {
    const subjects = ['Refund #1', 'Refund #2', 'refund', 'late', 'Refund #1', 'nothing'];
    for (const digitBlind of [false, true]) {
      const plan = planOf(undefined, digitBlind);
      let calls = 0;
      const classify = await planClassifier(plan);
      const pass = new SubjectPass(plan, (text) => {
        calls++;
        return classify(text);
      });
      const ids = new Int32Array(subjects.length);
      for (const [i, r] of records(subjects).entries()) pass.pass(r, ids, i);
      expect([...ids]).toEqual([0, 0, 0, 1, 0, -1]);
      expect(pass.results.map((r) => r.mask)).toEqual([2, 1]);
      // Classified once per distinct bytes (the two order numbers are one key when digit-blind).
      expect(calls).toBe(digitBlind ? 4 : 5);
    }
  });
});

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-subject-pass-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('complaint classes classified on the reading thread, through the CLI (built)', () => {
  it('gives the report and explanations of the reference engine, over batches and a config class with a digit', async () => {
    // 6,000 subjects in 16 KiB pieces: about twenty batches of the reading thread, every default class
    // and the config's class found (checked below), and far fewer distinct subjects than the memo holds.
    const random = fc.sample(subject, { seed: 7, numRuns: 6_000 });
    const rows = random.map((s, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      return `${10_000 + i},2025-01-${day}T10:00:00Z,${quoteCell(s)},${['a', 'b'][i % 2]}`;
    });
    const file = join(dir, 'subjects.csv');
    writeFileSync(file, `id,created,subject,team\n${rows.join('\n')}\n`);
    const config = join(dir, 'complaints.yml');
    writeFileSync(config, 'complaints:\n  classes:\n    numbered:\n      any: ["123", "late"]\n');
    const run = (env: NodeJS.ProcessEnv, extra: string[]) =>
      runCli(
        [
          'report',
          file,
          '--map',
          'id=id,created=created,subject=subject,team=team',
          '--by',
          'team',
          '--insights',
          '--format',
          'json',
          '--as-of',
          '2025-02-01',
          ...extra,
        ],
        { env: { OPSMETRICS_SCAN_THREAD: '', OPSMETRICS_SCAN_CHUNK_BYTES: '', OPSMETRICS_ENGINE: '', ...env } },
      );
    for (const extra of [[], ['--explain'], ['--config', config]]) {
      const reference = await run({ OPSMETRICS_ENGINE: 'reference' }, extra);
      expect(reference.code, reference.stderr).toBe(0);
      const threaded = await run({ OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: '16384' }, extra);
      const single = await run({ OPSMETRICS_SCAN_THREAD: 'off' }, extra);
      expect(threaded).toEqual(reference);
      expect(single).toEqual(reference);
      // Classes were found at all: some group has tickets of every default class.
      const report = JSON.parse(reference.stdout) as { rows: { metrics: Record<string, { numerator?: number }> }[] };
      for (const name of Object.keys(DEFAULT_COMPLAINT_CLASSES)) {
        const found = report.rows.reduce((sum, row) => sum + (row.metrics[`complaints.${name}`]?.numerator ?? 0), 0);
        expect(found, name).toBeGreaterThan(name === 'delay' || name === 'billing_error' ? 200 : -1);
      }
    }
  }, 120_000);
});
