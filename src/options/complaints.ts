/**
 * The config's `complaints:` section: complaint classes as data.
 *
 * ```yaml
 * complaints:
 *   replace_defaults: false        # true: only the classes below
 *   classes:
 *     delay: { any: [late delivery, "/wait(ed|ing) \d+ days/"], fields: [subject, tags] }
 * ```
 * Every error names the key path, the rule and the value found; invalid regular expressions are
 * reported here, before any input is read.
 */
import { configError, configValueError } from '../errors.js';
import {
  COMPLAINT_FIELDS,
  compileComplaintClasses,
  type ComplaintClassSpec,
  type ComplaintField,
  type ComplaintsConfig,
} from '../complaints/rules.js';

const fail = (path: string, rule: string, value: unknown): never => {
  throw configValueError(
    path,
    rule,
    value,
    'A class is { any: [words or /regex/], fields: [subject, category, tags] } (see docs/weekly-report.md).',
  );
};

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function classSpec(value: unknown, path: string): ComplaintClassSpec {
  if (!isMapping(value)) return fail(path, 'must be a mapping with any: and optionally fields:', value);
  for (const key of Object.keys(value)) {
    if (key !== 'any' && key !== 'fields') fail(`${path}.${key}`, 'unknown key (known: any, fields)', value[key]);
  }
  const any = value.any;
  if (!Array.isArray(any) || any.length === 0)
    return fail(`${path}.any`, 'must be a non-empty list of words or /regex/', any);
  const words = any.map((w, i) =>
    typeof w === 'string' && w.trim() !== '' ? w : fail(`${path}.any[${i}]`, 'must be a non-empty text', w),
  );
  if (value.fields === undefined) return { any: words };
  if (!Array.isArray(value.fields) || value.fields.length === 0)
    return fail(`${path}.fields`, `must be a non-empty list of ${COMPLAINT_FIELDS.join(', ')}`, value.fields);
  const fields = value.fields.map((f, i) =>
    typeof f === 'string' && (COMPLAINT_FIELDS as readonly string[]).includes(f)
      ? (f as ComplaintField)
      : fail(`${path}.fields[${i}]`, `must be one of ${COMPLAINT_FIELDS.join(', ')}`, f),
  );
  return { any: words, fields };
}

/**
 * Validates `complaints:` and compiles its rules once, so that a bad regular expression is a config
 * error (exit 2) naming its path.
 * @example complaintsSection({ classes: { delay: { any: ['late'] } } }).classes?.delay?.any // ['late']
 */
export function complaintsSection(value: unknown): ComplaintsConfig {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) return fail('complaints', 'must be a mapping with classes: and replace_defaults:', value);
  const out: { classes?: Record<string, ComplaintClassSpec>; replace_defaults?: boolean } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'replace_defaults') {
      out.replace_defaults =
        typeof item === 'boolean' ? item : fail('complaints.replace_defaults', 'must be true or false', item);
    } else if (key === 'classes') {
      if (!isMapping(item)) return fail('complaints.classes', 'must be a mapping of class name: { any, fields }', item);
      out.classes = {};
      for (const [name, spec] of Object.entries(item)) {
        if (!/^[a-z][a-z0-9_]*$/.test(name))
          fail(
            `complaints.classes.${name}`,
            'a class name is lower case letters, digits and _ (it becomes the metric complaints.<name>)',
            name,
          );
        out.classes[name] = classSpec(spec, `complaints.classes.${name}`);
      }
    } else {
      throw configError('unknown_config_key', `config complaints.${key}: unknown key`, {
        where: `complaints.${key}`,
        hint: 'Known keys under complaints: classes, replace_defaults.',
      });
    }
  }
  try {
    compileComplaintClasses(out);
  } catch (error) {
    const message = (error as Error).message;
    const where = message.split(':')[0] ?? 'complaints';
    throw configError('bad_config', `config ${message}`, {
      where,
      hint: 'Words match whole words; write a regular expression between slashes: "/refund(ed|s)?/".',
    });
  }
  return out;
}
