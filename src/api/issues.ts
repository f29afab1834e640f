/** Row issues of a run: summarized per (code, column, action) and listed in the rejects file. */
import { createWriteStream, renameSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hintDateColumn } from '../ingest/dates.js';
import type { RowIssue } from '../ingest/issues.js';
import type { IssueSummary } from '../report/model.js';
import { csvTextCell } from '../report/renderers/csv.js';
import { outputTarget } from './output-file.js';
import { forgetTemp, releaseTemp, removeOnExit } from './temp.js';

const SAMPLES_PER_ISSUE = 3;
/** Distinct values of a column kept for its date hint (hintDateColumn reads them all, not the first). */
const HINT_VALUES = 500;

/** Collects row issues into per-(code, column, action) summaries and streams them to the rejects file. */
export class IssueCollector {
  private readonly summaries = new Map<string, IssueSummary>();
  /** Per summary of `date_format_needed`: the values that needed a format, for the hint. */
  private readonly dateValues = new Map<string, Set<string>>();
  private rejects: WriteStream | null = null;
  /** The rejects file is written here and renamed to `rejectsPath` by `close` (regular files only). */
  private temp: { path: string; final: string } | null = null;
  sourceRejected = 0;

  /**
   * `rejectsPath`: a regular file is written under a temporary name and renamed over it when the
   * reading succeeds (`close`), so a run that fails before (an unreadable file, a usage error) leaves
   * the rejects file of the last run as it was, not a header-only file; a FIFO or a device is written
   * in place.
   */
  constructor(
    rejectsPath: string | undefined,
    private readonly formulaEscape = true,
  ) {
    if (rejectsPath) {
      const target = outputTarget(rejectsPath);
      let path = target.path;
      if (target.atomic) {
        path = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
        removeOnExit(path);
        this.temp = { path, final: target.path };
      }
      this.rejects = createWriteStream(path);
      this.rejects.write('file,line,action,code,column,value,message,record\n');
    }
  }

  add(issue: RowIssue): void {
    const key = `${issue.code}\u0000${issue.column ?? ''}\u0000${issue.action}`;
    let summary = this.summaries.get(key);
    if (!summary) {
      summary = {
        code: issue.code,
        column: issue.column,
        count: 0,
        action: issue.action,
        message: issue.message,
        hint: issue.hint ?? null,
        samples: [],
      };
      this.summaries.set(key, summary);
    }
    summary.count++;
    if (summary.hint === null && issue.hint) summary.hint = issue.hint;
    if (issue.code === 'date_format_needed' && issue.value !== null) {
      let values = this.dateValues.get(key);
      if (values === undefined) this.dateValues.set(key, (values = new Set()));
      if (values.size < HINT_VALUES) values.add(issue.value);
    }
    if (summary.samples.length < SAMPLES_PER_ISSUE)
      summary.samples.push({ file: issue.file, line: issue.line, value: issue.value });
    if (this.rejects && issue.action !== 'skipped') {
      // The raw record stays verbatim inside its cell; only the outer cells are neutralized (a spreadsheet
      // evaluates a cell by its first character).
      const record = issue.cells
        ? issue.cells.map((cell) => csvTextCell(cell, { formulaEscape: false })).join(',')
        : '';
      const formulaEscape = this.formulaEscape;
      const cells = [issue.file, String(issue.line), issue.action, issue.code, issue.column ?? '', issue.value ?? ''];
      cells.push(issue.message, record);
      this.rejects.write(`${cells.map((cell) => csvTextCell(cell, { formulaEscape })).join(',')}\n`);
    }
  }

  /** The summaries; a date column's hint derived from every value that needed a format. */
  list(): IssueSummary[] {
    for (const [key, values] of this.dateValues) {
      const summary = this.summaries.get(key) as IssueSummary;
      const option = summary.hint?.includes('--orders-date-format') ? '--orders-date-format' : '--date-format';
      summary.hint = hintDateColumn([...values], option);
    }
    return [...this.summaries.values()];
  }

  /** Ends the rejects file and puts it in place. */
  async close(): Promise<void> {
    const stream = this.rejects;
    this.rejects = null;
    if (stream)
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    const temp = this.temp;
    this.temp = null;
    if (temp !== null) {
      renameSync(temp.path, temp.final);
      forgetTemp(temp.path);
    }
  }

  /** Ends the rejects file of a failed read without putting it in place: the previous one stays. */
  async discard(): Promise<void> {
    const stream = this.rejects;
    this.rejects = null;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
    if (this.temp !== null) releaseTemp(this.temp.path);
    this.temp = null;
  }
}
