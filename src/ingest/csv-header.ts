/**
 * The head of a delimited file: which delimiter it uses (sniffed from the sample, or Excel's `sep=`
 * line), and the header cleaned up (empty names numbered, repeated names told apart), each fix
 * reported.
 */

import { truncateValue } from './issues.js';

/** A delimiter {@link sniffDelimiter} can detect. */
export type SniffedDelimiter = ',' | ';' | '\t' | '|';

/** Candidates in order of preference when counts tie. */
const delimiterCandidates: readonly SniffedDelimiter[] = [',', ';', '\t', '|'];

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Guesses the field delimiter from the start of a CSV text: the candidate (`,` `;` tab `|`) that occurs
 * most often in the first record, counting only outside double quotes (so a quoted `"Smith, John"` in
 * the header does not vote). Ties go to the earlier candidate in that list; no candidate at all (a
 * one-column file) gives `,`. Excel's `sep=;` first line, when present, decides.
 *
 * @param sample the first chunk of decoded text (a few KiB is plenty)
 * @example sniffDelimiter('Id;Subject;Created at\r\n1;"Hi; there";2025-01-02\r\n') // ';'
 * @example
 * // the comma is quoted: it does not vote
 * sniffDelimiter('"Name, full"\tStatus\n') // '\t'
 * @example sniffDelimiter('id\n1\n') // ','
 */
export function sniffDelimiter(sample: string): SniffedDelimiter {
  const directive = excelSepDirective(sample);
  if (directive !== undefined && isSniffedDelimiter(directive)) return directive;
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === QUOTE) {
      // An escaped quote ("") toggles twice: no special case needed.
      quoted = !quoted;
    } else if (!quoted) {
      if (code === LF || code === CR) {
        // Leading blank lines are not the header.
        if (counts.some((count) => count > 0) || sample.slice(0, i).trim() !== '') break;
        continue;
      }
      const index = delimiterCandidates.indexOf(sample[i] as SniffedDelimiter);
      if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let i = 1; i < counts.length; i++) if ((counts[i] ?? 0) > (counts[best] ?? 0)) best = i;
  return delimiterCandidates[best] ?? ',';
}

/**
 * The delimiter named by Excel's optional first line `sep=X` (X is one character), which is a
 * directive, not the header. Returns `undefined` when the text does not start with one.
 *
 * @example excelSepDirective('sep=;\r\nId;Status\r\n') // ';'
 * @example excelSepDirective('Id,Status\n') // undefined
 */
export function excelSepDirective(sample: string): string | undefined {
  if (!sample.startsWith('sep=') || sample.length < 6) return undefined;
  const next = sample.charCodeAt(5);
  return next === CR || next === LF ? sample[4] : undefined;
}

function isSniffedDelimiter(value: string): value is SniffedDelimiter {
  return (delimiterCandidates as readonly string[]).includes(value);
}

/** A header cell that was renamed by {@link normalizeHeader}. */
export interface HeaderFix {
  /** 0-based column index. */
  index: number;
  /** The name as found (untrimmed). */
  original: string;
  /** The name given instead. */
  name: string;
  reason: 'empty' | 'duplicate';
}

/**
 * Cleans header names: trims them, names empty ones `column_N` (N is the 1-based position) and
 * suffixes repeats ` (2)`, ` (3)`, ... Repeats are found case-insensitively, because columns are
 * matched case-insensitively downstream: `Status` and `status` would be ambiguous. With
 * `dropTrailingEmpty`, empty names at the end are removed first (Excel's trailing empty columns).
 *
 * @example
 * normalizeHeader([' Id ', '', 'Status', 'status', '', ''], { dropTrailingEmpty: true }).names
 * // ['Id', 'column_2', 'Status', 'status (2)']
 * @example
 * // without dropTrailingEmpty the empty names at the end are numbered too
 * normalizeHeader([' Id ', '', 'Status', 'status', '', '']).names
 * // ['Id', 'column_2', 'Status', 'status (2)', 'column_5', 'column_6']
 */
export function normalizeHeader(
  cells: readonly string[],
  options: { dropTrailingEmpty?: boolean } = {},
): { names: string[]; fixes: HeaderFix[] } {
  const trimmed = cells.map((cell) => cell.trim());
  if (options.dropTrailingEmpty === true) {
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  }
  const taken = new Set(trimmed.filter((name) => name !== '').map((name) => name.toLowerCase()));
  const seen = new Set<string>();
  const fixes: HeaderFix[] = [];
  const names = trimmed.map((name, index) => {
    const original = cells[index] ?? '';
    if (name === '') {
      const fresh = unusedName(`column_${index + 1}`, taken);
      seen.add(fresh.toLowerCase());
      fixes.push({ index, original, name: fresh, reason: 'empty' });
      return fresh;
    }
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    let fresh = name;
    for (let n = 2; taken.has(fresh.toLowerCase()); n++) fresh = `${name} (${n})`;
    taken.add(fresh.toLowerCase());
    seen.add(fresh.toLowerCase());
    fixes.push({ index, original, name: fresh, reason: 'duplicate' });
    return fresh;
  });
  return { names, fixes };
}

function unusedName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

/** The issue of a renamed header cell (shared with fast-csv.ts). */
export function headerIssue(file: string, line: number, fix: HeaderFix) {
  return {
    code: 'bad_header' as const,
    file,
    line,
    column: fix.name,
    value: truncateValue(fix.original),
    action: 'nulled' as const,
    message:
      fix.reason === 'empty'
        ? `header cell ${fix.index + 1} is empty; the column is named ${fix.name}`
        : `header name ${JSON.stringify(fix.original.trim())} repeats an earlier column ` +
          `(names are compared ignoring case); this one is named ${JSON.stringify(fix.name)}`,
    hint: 'Give every column a distinct name in the export, or refer to the column by the name shown here.',
  };
}
