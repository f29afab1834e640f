/** Row issues of a run: summarized per (code, column, action) and listed in the rejects file. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { hintDateColumn } from '../ingest/dates.js';
import type { RowIssue } from '../ingest/issues.js';
import type { IssueSummary } from '../report/model.js';
import { csvTextCell } from '../report/renderers/csv.js';

const SAMPLES_PER_ISSUE = 3;
/** Distinct values of a column kept for its date hint (hintDateColumn reads them all, not the first). */
const HINT_VALUES = 500;

/** Collects row issues into per-(code, column, action) summaries and streams them to the rejects file. */
export class IssueCollector {
  private readonly summaries = new Map<string, IssueSummary>();
  /** Per summary of `date_format_needed`: the values that needed a format, for the hint. */
  private readonly dateValues = new Map<string, Set<string>>();
  private rejects: WriteStream | null = null;
  sourceRejected = 0;

  constructor(
    rejectsPath: string | undefined,
    private readonly formulaEscape = true,
  ) {
    if (rejectsPath) {
      this.rejects = createWriteStream(rejectsPath);
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

  async close(): Promise<void> {
    const stream = this.rejects;
    if (stream)
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
  }
}
