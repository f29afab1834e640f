/**
 * The `checks:` config section: a list of thresholds, each an expression string or an object.
 *
 * ```yaml
 * checks:
 *   - "p90(frt) <= 4h"
 *   - { expr: "sla.first_reply.achievement >= 95% by priority", min_sample: 20, severity: warning }
 *   - { metric: p90(resolution_full), op: "<=", target: 24h, by: [team] }
 * ```
 * (`op` must be quoted in YAML: a plain `>=` starts a folded block.)
 */
import { parseThreshold, type Threshold } from './parse.js';
import { configValueError } from '../errors.js';

/** A config error `config <path>: <rule>, found <value>`. */
function configFail(path: string, rule: string, value: unknown, hint?: string): never {
  throw configValueError(path, rule, value, hint);
}

export type CheckSeverity = 'error' | 'warning';

/** A check as configured, before it is resolved against the metric catalogue. */
export interface CheckSpec {
  readonly threshold: Threshold;
  /**
   * Groups with fewer tickets in the figure's sample are skipped, not judged; undefined: the run's
   * default (`--min-sample`, else DEFAULT_MIN_SAMPLE in check/resolve.ts). Counts are always judged.
   */
  readonly minSample?: number;
  readonly severity: CheckSeverity;
  /** Where it was written, for errors: `checks[2]` or `--threshold`. */
  readonly source: string;
  /** The config file and the 1-based line the check starts on (for CI annotations); absent for `--threshold`. */
  readonly file?: string;
  readonly line?: number;
}

const EXPR_KEYS = ['expr', 'min_sample', 'severity'];
const PARTS_KEYS = ['metric', 'op', 'target', 'by', 'min_sample', 'severity'];
const EXAMPLE_HINT =
  'Write a check as "p90(frt) <= 4h", or { expr: "fcr >= 70% by team", min_sample: 20, severity: warning }.';

/**
 * A threshold expression parsed for `source`; a syntax error is a config error (exit 2) there.
 * @example
 * thresholdSpec('fcr >= 70%', '--threshold').threshold.target // { kind: 'percent', fraction: 0.7, text: '70%' }
 */
export function thresholdSpec(
  expression: string,
  source: string,
  options: { minSample?: number; severity?: CheckSeverity } = {},
): CheckSpec {
  const parsed = parseThreshold(expression);
  if (!parsed.ok) configFail(source, parsed.error, expression, EXAMPLE_HINT);
  return {
    threshold: parsed.threshold,
    ...(options.minSample === undefined ? {} : { minSample: options.minSample }),
    severity: options.severity ?? 'error',
    source,
  };
}

function checkItem(item: unknown, path: string): CheckSpec {
  if (typeof item === 'string') return thresholdSpec(item, path);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return configFail(
      path,
      'must be a threshold text such as "p90(frt) <= 4h", or a mapping with expr',
      item,
      EXAMPLE_HINT,
    );
  }
  const entry = item as Record<string, unknown>;
  const keys = 'expr' in entry ? EXPR_KEYS : PARTS_KEYS;
  for (const key of Object.keys(entry)) {
    if (!keys.includes(key))
      configFail(`${path}.${key}`, `unknown key (known: ${keys.join(', ')})`, entry[key], EXAMPLE_HINT);
  }
  const minSample = entry.min_sample;
  if (minSample !== undefined && !(typeof minSample === 'number' && Number.isInteger(minSample) && minSample >= 1)) {
    configFail(`${path}.min_sample`, 'must be a whole number >= 1', minSample);
  }
  const severity = entry.severity;
  if (severity !== undefined && severity !== 'error' && severity !== 'warning')
    configFail(`${path}.severity`, 'must be one of error, warning', severity);
  const options = {
    ...(minSample === undefined ? {} : { minSample: minSample as number }),
    ...(severity === undefined ? {} : { severity: severity as CheckSeverity }),
  };
  if ('expr' in entry) {
    if (typeof entry.expr !== 'string')
      return configFail(`${path}.expr`, 'must be a threshold text such as "p90(frt) <= 4h"', entry.expr);
    return thresholdSpec(entry.expr, `${path}.expr`, options);
  }
  for (const key of ['metric', 'op', 'target'] as const) {
    const value = entry[key];
    if (typeof value !== 'string' && typeof value !== 'number') {
      configFail(
        `${path}.${key}`,
        'is required (a check object has metric, op and target, e.g. { metric: p90(frt), op: "<=", target: 4h })',
        value,
        EXAMPLE_HINT,
      );
    }
  }
  let by = '';
  if (entry.by !== undefined) {
    const dims = typeof entry.by === 'string' ? [entry.by] : entry.by;
    if (!Array.isArray(dims) || dims.length === 0 || dims.some((d) => typeof d !== 'string' || d.trim() === '')) {
      configFail(`${path}.by`, 'must be a dimension or a list of dimensions, e.g. [team, priority]', entry.by);
    }
    by = ` by ${(dims as string[]).join(',')}`;
  }
  return thresholdSpec(`${String(entry.metric)} ${String(entry.op)} ${String(entry.target)}${by}`, path, options);
}

/**
 * Validates `checks:` (absent or null: no checks).
 * @throws AppError (config, exit 2), e.g. `config checks[1]: unknown operator "=<" (did you mean "<="?); ..., found
 * "p90(frt) =< 4h"`
 * @example checksSection(['fcr >= 70%'])[0]?.threshold.metric // 'fcr'
 */
export function checksSection(value: unknown): CheckSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    return configFail(
      'checks',
      'must be a list of thresholds, e.g. ["p90(frt) <= 4h", "fcr >= 70%"]',
      value,
      EXAMPLE_HINT,
    );
  return value.map((item, i) => checkItem(item, `checks[${i}]`));
}

/**
 * The checks with the config file and the line each starts on (1-based), read from the text's YAML
 * syntax tree (JSON is YAML too); a check whose node cannot be found keeps no line.
 * @example
 * import { isSeq, LineCounter, parseDocument } from 'yaml';
 * // the first check is on line 2, the second (an object: its source is checks[1].expr) on line 3
 * const text = 'checks:\n  - "p90(frt) <= 4h"\n  - { expr: "fcr >= 70%", severity: warning }\n';
 * const specs = checksSection(parseDocument(text).toJS().checks);
 * const located = locateChecks(specs, text, 'opsmetrics.config.yml', { parseDocument, LineCounter, isSeq });
 * located.map((check) => [check.source, check.file, check.line])
 * // [['checks[0]', 'opsmetrics.config.yml', 2], ['checks[1].expr', 'opsmetrics.config.yml', 3]]
 */
export function locateChecks(
  checks: readonly CheckSpec[],
  text: string,
  file: string,
  yaml: Pick<typeof import('yaml'), 'parseDocument' | 'LineCounter' | 'isSeq'>,
): CheckSpec[] {
  const lineCounter = new yaml.LineCounter();
  const items = (() => {
    try {
      const node = yaml.parseDocument(text, { lineCounter }).get('checks', true);
      return yaml.isSeq(node) ? node.items : [];
    } catch {
      return [];
    }
  })();
  return checks.map((check) => {
    const index = Number(/^checks\[(\d+)\]/.exec(check.source)?.[1]);
    const start = (items[index] as { range?: [number, number, number] } | undefined)?.range?.[0];
    return start === undefined ? { ...check, file } : { ...check, file, line: lineCounter.linePos(start).line };
  });
}
