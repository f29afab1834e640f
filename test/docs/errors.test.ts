/**
 * docs/errors.md lists every error code and every row issue code, as the tables in the sources have
 * them: a code added without its documentation fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, exitCodeOf, type ErrorCode } from '../../src/errors.js';
import { ROW_ISSUE_CODES, type RowIssueCode } from '../../src/ingest/issues.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** The documentation's row of an error code. */
const errorRow = (code: ErrorCode): string =>
  `| \`${code}\` | ${ERROR_CODES[code].kind} | ${exitCodeOf(code)} | ${ERROR_CODES[code].means} |`;

/** The documentation's row of a row issue code. */
const issueRow = (code: RowIssueCode): string => `| \`${code}\` | ${ROW_ISSUE_CODES[code].replace(/\|/g, '\\|')} |`;

describe('docs/errors.md', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])(
    'lists the error code %s with its kind, exit code and meaning',
    (code) => {
      expect(doc).toContain(errorRow(code));
    },
  );
  it.each(Object.keys(ROW_ISSUE_CODES) as RowIssueCode[])('lists the row issue code %s with its meaning', (code) => {
    expect(doc).toContain(issueRow(code));
  });
});
