/**
 * Threshold expressions (pure): the text of a check, from `checks:` or `--threshold`.
 *
 *     [stat(]metric[)] op target [by dim[,dim...]]
 *
 * - stat: n, mean, median, p90, p95, min, max, value, count, sum (which ones a metric has depends on
 *   its kind; see `resolve.ts`);
 * - metric: a report metric id: `frt`, `fcr`, `sla.first_reply.achievement`...;
 * - op: `<=` `<` `>=` `>` `==` `!=`;
 * - target: `95%` (a rate), `45s` / `30m` / `4h` / `2d` / `1h30m` (a duration), or a plain number (a count);
 * - by: dimensions to judge each group separately, e.g. `by team,priority`.
 *
 * Parsing only checks the syntax; whether the metric exists and the target's unit fits it is decided
 * against the metric catalogue in `resolve.ts`. Errors say what is wrong and show a correct example.
 */
import { parseDuration } from '../calendar/duration.js';

export const OPERATORS = ['<=', '<', '>=', '>', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export const STATISTICS = ['n', 'mean', 'median', 'p90', 'p95', 'min', 'max', 'value', 'count', 'sum'] as const;
export type Statistic = (typeof STATISTICS)[number];

/** A target as written: a percentage (stored as a fraction), a duration (ms), or a plain number. */
export type ThresholdTarget =
  | { readonly kind: 'percent'; readonly fraction: number; readonly text: string }
  | { readonly kind: 'duration'; readonly ms: number; readonly text: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string };

export interface Threshold {
  readonly stat: Statistic | null;
  readonly metric: string;
  readonly op: Operator;
  readonly target: ThresholdTarget;
  /** Dimensions of `by`, or null when the expression has none. */
  readonly by: readonly string[] | null;
  /** The expression in canonical spelling: `p90(frt) <= 4h by team`. */
  readonly text: string;
}

export type ThresholdParse =
  | { readonly ok: true; readonly threshold: Threshold }
  | { readonly ok: false; readonly error: string };

const EXAMPLE = '"p90(frt) <= 4h"';
const OPERATOR_RE = /<=|>=|==|!=|=<|=>|<>|<|>|=/;
const MISSPELLED: Readonly<Record<string, Operator>> = { '=<': '<=', '=>': '>=', '<>': '!=', '=': '==' };
const METRIC_RE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/i;
const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
const PERCENT_RE = /^(-?\d+(?:\.\d+)?)\s*%$/;

const fail = (error: string): ThresholdParse => ({ ok: false, error });

function parseTarget(text: string): ThresholdTarget | null {
  const percent = PERCENT_RE.exec(text);
  if (percent) return { kind: 'percent', fraction: Number(percent[1]) / 100, text: `${percent[1]}%` };
  if (NUMBER_RE.test(text)) return { kind: 'number', value: Number(text), text };
  const ms = parseDuration(text);
  return ms === null ? null : { kind: 'duration', ms, text: text.replace(/\s+/g, '') };
}

function parseDimensions(text: string): string[] | null {
  const dims = text.split(',').map((d) =>
    d
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
  return dims.length === 0 || dims.some((d) => d === '') ? null : dims;
}

/**
 * Parses one threshold expression.
 * @example parseThreshold('p90(frt) <= 4h by team')
 * // { ok: true, threshold: { stat: 'p90', metric: 'frt', op: '<=', target: { kind: 'duration', ms: 4 * HOUR,
 * //   text: '4h' }, by: ['team'], text: 'p90(frt) <= 4h by team' } }
 * @example parseThreshold('p90(frt) =< 4h')
 * // { ok: false,
 * //   error: 'unknown operator "=<" (did you mean "<="?); use one of <= < >= > == !=, e.g. "p90(frt) <= 4h"' }
 */
export function parseThreshold(input: string): ThresholdParse {
  const text = input.trim();
  if (text === '') return fail(`empty threshold; write a metric, an operator and a target, e.g. ${EXAMPLE}`);
  const opMatch = OPERATOR_RE.exec(text);
  if (!opMatch) return fail(`no comparison operator; use one of ${OPERATORS.join(' ')}, e.g. ${EXAMPLE}`);
  const written = opMatch[0];
  const suggestion = MISSPELLED[written];
  if (suggestion !== undefined)
    return fail(
      `unknown operator "${written}" (did you mean "${suggestion}"?); ` +
        `use one of ${OPERATORS.join(' ')}, e.g. ${EXAMPLE}`,
    );
  const op = written as Operator;

  const subject = text.slice(0, opMatch.index).trim();
  if (subject === '') return fail(`missing metric before "${op}", e.g. ${EXAMPLE}`);
  let stat: Statistic | null = null;
  let metric = subject;
  const open = subject.indexOf('(');
  if (open >= 0 || subject.includes(')')) {
    const call = /^([A-Za-z0-9_]+)\s*\(\s*([^()]*?)\s*\)$/.exec(subject);
    if (!call) {
      return fail(
        subject.includes(')') && open < 0
          ? `unexpected ")" in "${subject}"; write stat(metric), e.g. ${EXAMPLE}`
          : `missing ")" in "${subject}"; write stat(metric), e.g. ${EXAMPLE}`,
      );
    }
    const name = (call[1] as string).toLowerCase();
    if (!(STATISTICS as readonly string[]).includes(name)) {
      return fail(`unknown statistic "${call[1]}"; use one of ${STATISTICS.join(', ')}, e.g. ${EXAMPLE}`);
    }
    stat = name as Statistic;
    metric = call[2] as string;
    if (metric === '') return fail(`missing metric inside "${call[1]}()", e.g. ${EXAMPLE}`);
  }
  if (!METRIC_RE.test(metric))
    return fail(
      `"${metric}" is not a metric name (letters, digits, _ and ` +
        `dots, e.g. frt or sla.first_reply.achievement), e.g. ${EXAMPLE}`,
    );

  const rest = text.slice(opMatch.index + written.length).trim();
  const byMatch = /^(.*?)(?:^|\s+)by(?:\s+(.*))?$/is.exec(rest);
  const targetText = (byMatch ? (byMatch[1] as string) : rest).trim();
  if (targetText === '') return fail(`missing target after "${op}", e.g. ${EXAMPLE} or "fcr >= 70%"`);
  const target = parseTarget(targetText);
  if (target === null) {
    const [first = '', ...others] = targetText.split(/\s+/);
    // "4 hours" is a misspelt unit, not text after the target.
    if (
      others.length > 0 &&
      parseTarget(first) !== null &&
      !/^(?:days?|hours?|hrs?|minutes?|mins?)$/i.test(others[0] as string)
    ) {
      return fail(`unexpected "${others.join(' ')}" after the target; group with "by", e.g. "fcr >= 70% by team"`);
    }
    return fail(
      `target "${targetText}" is not a percentage (95%), a duration ` +
        `(45s, 30m, 4h, 2d, 1h30m) or a plain number (20), e.g. ${EXAMPLE}`,
    );
  }
  let by: string[] | null = null;
  if (byMatch) {
    by = parseDimensions(byMatch[2] ?? '');
    if (by === null)
      return fail('"by" needs one or more dimensions separated by commas, e.g. "fcr >= 70% by team,priority"');
  }
  const canonical =
    `${stat === null ? metric : `${stat}(${metric})`} ${op} ` +
    `${target.text}${by === null ? '' : ` by ${by.join(',')}`}`;
  return { ok: true, threshold: { stat, metric, op, target, by, text: canonical } };
}
