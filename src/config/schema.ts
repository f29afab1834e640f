/**
 * The config file (`opsmetrics.config.yml` / `.json`, or `--config FILE`): its shape and validation.
 * Every error names the key path, the rule and the value found. Command-line flags override it.
 */
import { parse as parseYaml } from 'yaml';
import { configError } from '../errors.js';

export interface InputConfig {
  profile?: string;
  timezone?: string;
  date_format?: string;
  delimiter?: string;
  encoding?: string;
  null_tokens?: string[];
  on_bad_value?: 'reject' | 'null';
  max_bad_rows?: number;
  map?: Record<string, string>;
}

export interface ReportConfig {
  timezone?: string;
  week_start?: 'monday' | 'sunday';
  period?: 'day' | 'week' | 'month';
  by?: string[];
  repeat_window_days?: number;
  repeat_same?: 'category';
  fcr?: 'one_touch_no_reopen' | 'no_customer_followup' | 'no_repeat';
  resolution_rate?: 'cohort' | 'throughput';
  recompute?: boolean;
}

export interface Config {
  input: InputConfig;
  report: ReportConfig;
}

type Rule = (value: unknown, path: string) => unknown;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : JSON.stringify(value));

const fail = (path: string, rule: string, value: unknown): never => {
  throw configError('bad_config', `config ${path}: ${rule}, found ${describe(value)}`, { where: path, hint: 'Fix the value in the config file (see `opsmetrics init` for a commented example).' });
};

const string: Rule = (v, p) => (typeof v === 'string' && v.trim() !== '' ? v : fail(p, 'must be a non-empty text', v));
const oneOf = (...allowed: string[]): Rule => (v, p) => (typeof v === 'string' && allowed.includes(v) ? v : fail(p, `must be one of ${allowed.join(', ')}`, v));
const wholeNumber = (min: number): Rule => (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fail(p, `must be a whole number >= ${min}`, v));
const positive: Rule = (v, p) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(p, 'must be a number > 0', v));
const boolean: Rule = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'must be true or false', v));
const stringList = (allowEmpty: boolean): Rule => (v, p) => {
  if (!Array.isArray(v)) return fail(p, 'must be a list of texts', v);
  return v.map((item, i) => (typeof item === 'string' && (allowEmpty || item.trim() !== '') ? item : fail(`${p}[${i}]`, 'must be a text', item)));
};
const stringMap: Rule = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'must be a mapping of field: column', v);
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, string(item, `${p}.${k}`)]));
};

function section<T>(value: unknown, path: string, rules: Record<string, Rule>): T {
  if (value === undefined || value === null) return {} as T;
  if (typeof value !== 'object' || Array.isArray(value)) return fail(path, 'must be a mapping', value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const rule = rules[key];
    if (!rule) {
      throw configError('unknown_config_key', `config ${path}.${key}: unknown key`, {
        where: `${path}.${key}`,
        hint: `Known keys under ${path}: ${Object.keys(rules).join(', ')}.`,
      });
    }
    out[key] = rule(item, `${path}.${key}`);
  }
  return out as T;
}

/** Validates a parsed config object. @example validateConfig({ report: { repeat_window_days: 7 } }).report.repeat_window_days // 7 */
export function validateConfig(raw: unknown): Config {
  if (raw === null || raw === undefined) return { input: {}, report: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) fail('(root)', 'must be a mapping with input: and report:', raw);
  const known = ['input', 'report'];
  for (const key of Object.keys(raw as object)) {
    if (!known.includes(key)) {
      throw configError('unknown_config_key', `config ${key}: unknown section`, { where: key, hint: `Sections: ${known.join(', ')}.` });
    }
  }
  const r = raw as Record<string, unknown>;
  return {
    input: section<InputConfig>(r.input, 'input', {
      profile: string,
      timezone: string,
      date_format: string,
      delimiter: string,
      encoding: oneOf('auto', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'),
      null_tokens: stringList(true),
      on_bad_value: oneOf('reject', 'null'),
      max_bad_rows: wholeNumber(0),
      map: stringMap,
    }),
    report: section<ReportConfig>(r.report, 'report', {
      timezone: string,
      week_start: oneOf('monday', 'sunday'),
      period: oneOf('day', 'week', 'month'),
      by: stringList(false),
      repeat_window_days: positive,
      repeat_same: oneOf('category'),
      fcr: oneOf('one_touch_no_reopen', 'no_customer_followup', 'no_repeat'),
      resolution_rate: oneOf('cohort', 'throughput'),
      recompute: boolean,
    }),
  };
}

/** Parses config text (YAML is a superset of JSON, so one parser reads both). */
export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const e = error as { message?: string; linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    throw configError('config_syntax', `cannot read config ${source}: ${(e.message ?? String(error)).split('\n')[0]}`, {
      where: pos ? `${source}:${pos.line}:${pos.col}` : source,
      hint: 'Check the YAML/JSON syntax at that line.',
    });
  }
  return validateConfig(raw);
}
