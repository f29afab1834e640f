/**
 * Complaint classes are data: each class is a list of words (or `/regular expressions/`) looked for
 * in some text fields of the ticket. This module holds the default rule set and compiles a rule set
 * (defaults, config classes, or both) into matchers. Matching is case- and accent-insensitive: the
 * text and the words are folded the same way (`foldText`) before any comparison.
 */

import { RE2JS } from 're2js';

/**
 * The most characters of one text a rule reads: a subject longer than this (4096) is matched on its
 * first 4096 characters. With the linear-time engine of `/regex/` rules it bounds a rule's time on
 * customer-written text.
 */
export const MAX_RULE_TEXT = 4096;

/** A compiled rule: finds its first match in folded text. */
export interface RulePattern {
  exec(text: string): { 0: string } | null;
  test(text: string): boolean;
}

/**
 * A `/regex/` rule compiled by RE2 (re2js): matching takes time linear in the text whatever the
 * expression (`/(a+)+$/` on a long subject cannot backtrack for minutes). Lookaround and
 * backreferences, which need backtracking, are refused with a config error.
 */
function re2Pattern(source: string): RulePattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    throw new Error(
      `${(error as Error).message} (rules run on RE2, a linear-time engine: no lookaround (?=, (?<=, ` +
        'no backreferences \\1)',
    );
  }
  return {
    exec(text) {
      const m = re.matcher(text);
      return m.find() ? { 0: m.group() ?? '' } : null;
    },
    test(text) {
      return re.matcher(text).find();
    },
  };
}

/** Ticket fields a complaint rule can look at. `subject` is a text field, the others dimensions. */
export const COMPLAINT_FIELDS = ['subject', 'category', 'tags'] as const;
export type ComplaintField = (typeof COMPLAINT_FIELDS)[number];

/** One class as written in the config: `{ any: ['late delivery', '/refund(ed|s)?/'], fields: [subject] }`. */
export interface ComplaintClassSpec {
  /**
   * Words or phrases (whole words; a trailing `*` matches any word ending) or `/regex/` (flags ignored; always
   * case-insensitive).
   */
  any: readonly string[];
  /** Where to look; all three when absent. */
  fields?: readonly ComplaintField[];
}

/** The config's `complaints:` section. */
export interface ComplaintsConfig {
  classes?: Readonly<Record<string, ComplaintClassSpec>>;
  /** When true, only the config's classes are used; otherwise they are added to (or override by name) the defaults. */
  replace_defaults?: boolean;
}

/**
 * The default classes. Phrases rather than single words where a word alone is ambiguous ("late"
 * also appears in "update later"); stems with `*` so that "refunded" and "refunds" match "refund*".
 */
export const DEFAULT_COMPLAINT_CLASSES: Readonly<Record<string, ComplaintClassSpec>> = {
  delay: {
    any: [
      'slow reply',
      'slow response',
      'no reply',
      'no response',
      'no answer',
      'still waiting',
      'waiting for*',
      'not heard back',
      'late delivery',
      'delivery late',
      'delayed',
      'delay*',
      'not delivered',
      'not arrived',
      'never arrived',
      'has not arrived',
      "hasn't arrived",
      'not received',
      'never received',
      'where is my order',
      'stuck in*',
      'late',
    ],
  },
  billing_error: {
    any: [
      'charged twice',
      'double charge*',
      'double billed',
      'overcharg*',
      'wrong invoice',
      'invoice wrong',
      'incorrect invoice',
      'wrong price',
      'wrong amount',
      'wrong currency',
      'incorrect charge',
      'billing error',
      'refund*',
      'chargeback',
    ],
  },
  order_error: {
    any: [
      'wrong item',
      'wrong size',
      'wrong colo*r',
      'wrong product',
      'wrong order',
      'damaged',
      'broken',
      'defective',
      'missing item*',
      'item missing',
      'missing part*',
      'incomplete order',
      'not what i ordered',
    ],
  },
  repeated_explanation: {
    any: [
      'already explained',
      'explained already',
      'explain again',
      'again and again',
      'third time',
      'second time',
      'keep repeating',
      'repeat myself',
      'told you',
      'asked before',
      'already told',
      'same issue again',
      'still not fixed',
    ],
  },
  missed_appointment: {
    any: [
      'missed appointment',
      'no show',
      'no-show',
      'did not show up',
      "didn't show up",
      'technician never came',
      'missed deadline',
      'deadline missed',
      'missed callback',
      'missed call back',
      'no callback',
      'appointment cancel*',
    ],
  },
  lost_data: {
    any: [
      'lost data',
      'data loss',
      'data lost',
      'lost my data',
      'deleted data',
      'files deleted',
      'lost files',
      'missing data',
      'data disappeared',
      'data missing',
      'corrupted',
    ],
  },
};

/**
 * Folds text for matching: Unicode NFD, combining marks removed, lower case. `Réclamation` and
 * `RECLAMATION` fold to the same text; `ß` stays `ß` (no case folding beyond toLowerCase).
 * ASCII text skips the normalization (the common case on the ingest hot path).
 * @example foldText('Déjà REMBOURSÉ') // 'deja rembourse'
 */
export function foldText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** A rule ready to match folded text. */
export interface CompiledRule {
  /** The rule as written (`late delivery`, `/refund(ed)?/`). */
  readonly source: string;
  readonly pattern: RulePattern;
  /** The same for ASCII text (see `rulePattern`). */
  readonly asciiPattern: RulePattern;
  /**
   * The token every match starts with, for the classifier's prefilter; null for `/regex/` rules and rules it cannot
   * anchor.
   */
  anchor: RuleAnchor | null;
}

/**
 * What a word rule's match must start with, seen as tokens: maximal runs of `[a-z0-9]` in folded text,
 * every other character (including any non-ASCII one) a separator. A match of the rule starts where
 * no letter or digit precedes, so at a token start; the token is then exactly `token`, or, for a
 * one-word stem (`refund*`), starts with it (`prefix`).
 * @example ruleAnchor("hasn't arrived") // { token: 'hasn', prefix: false }
 */
export interface RuleAnchor {
  token: string;
  prefix: boolean;
}

/**
 * The anchor of a rule (see {@link RuleAnchor}), or null when the rule is a `/regex/` or its first word does not start
 * with `[a-z0-9]`.
 */
export function ruleAnchor(rule: string): RuleAnchor | null {
  const trimmed = rule.trim();
  if (/^\/(.+)\/[a-z]*$/s.test(trimmed)) return null;
  const stem = trimmed.endsWith('*');
  const words = foldText(stem ? trimmed.slice(0, -1) : trimmed)
    .split(/[\s_-]+/)
    .filter(Boolean);
  const first = words[0] ?? '';
  const token = /^[a-z0-9]*/.exec(first)?.[0] ?? '';
  if (token === '') return null;
  // The character after the token in the rule is not [a-z0-9] (nor is the one after a whole word of a
  // phrase or of a word rule without `*`), so the text's token ends there too.
  return { token, prefix: stem && words.length === 1 && token.length === first.length };
}

export interface CompiledClass {
  name: string;
  /** Bit of the class in the per-ticket mask (`1 << bit`). */
  bit: number;
  fields: readonly ComplaintField[];
  rules: readonly CompiledRule[];
  /** `default` or `config`. */
  origin: 'default' | 'config';
}

/** At most 32 classes: the per-ticket mask is a Uint32Array. */
export const MAX_COMPLAINT_CLASSES = 32;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A letter or digit: in any text, and the same set on ASCII text, where a Unicode-aware expression is not needed. */
const WORD_CHAR = { unicode: '[\\p{L}\\p{N}]', ascii: '[A-Za-z0-9]' } as const;

/**
 * The regular expression of one rule, over folded text. Words and phrases match whole words (a
 * phrase's spaces match any run of spaces, `-` or `_`; a trailing `*` lets the last word go on:
 * `refund*` matches `refunded`); `/…/` is a regular expression, folded like the text, run by RE2
 * (linear time; no lookaround or backreferences).
 * With `ascii`, a word rule's expression is for ASCII text only, on which it matches exactly as the
 * Unicode one does (letters and digits are `[A-Za-z0-9]` there) and is cheaper to build and run.
 * @throws Error with the rule text when the expression is invalid
 * @example rulePattern('charged twice').test('i was charged  twice') // true
 */
export function rulePattern(rule: string, ascii = false): RulePattern {
  const trimmed = rule.trim();
  const regex = /^\/(.+)\/[a-z]*$/s.exec(trimmed);
  if (regex) return re2Pattern(foldText(regex[1] as string));
  const stem = trimmed.endsWith('*');
  const words = foldText(stem ? trimmed.slice(0, -1) : trimmed)
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map(escapeRegex);
  if (words.length === 0) throw new Error('an empty word');
  const word = ascii ? WORD_CHAR.ascii : WORD_CHAR.unicode;
  return new RegExp(`(?<!${word})${words.join('[\\s_-]+')}${stem ? `${word}*` : `(?!${word})`}`, ascii ? '' : 'u');
}

/**
 * A rule ready for the classifier. The regular expression of a word rule with an anchor is built on
 * first use: most rules are never tried on a small export (the anchor index rules them out), and
 * compiling ninety Unicode-aware expressions costs more than reading such a file. Other rules are
 * compiled at once, which also validates them.
 * @throws Error when the rule is an invalid `/regex/` or has no word
 */
function compileRule(source: string): CompiledRule {
  const anchor = ruleAnchor(source);
  let pattern = anchor === null ? rulePattern(source) : undefined;
  let asciiPattern: RulePattern | undefined;
  return {
    source,
    anchor,
    get pattern() {
      return (pattern ??= rulePattern(source));
    },
    get asciiPattern() {
      return (asciiPattern ??= rulePattern(source, true));
    },
  };
}

/**
 * The classes of a run: the defaults, with the config's classes added (a config class with a
 * default's name replaces it), or the config's alone with `replace_defaults: true`. Each class gets
 * its bit in config order after the defaults.
 * @throws Error naming the config path of an invalid rule or too many classes
 */
export function compileComplaintClasses(config: ComplaintsConfig | undefined): CompiledClass[] {
  const merged = new Map<string, { spec: ComplaintClassSpec; origin: 'default' | 'config' }>();
  if (config?.replace_defaults !== true) {
    for (const [name, spec] of Object.entries(DEFAULT_COMPLAINT_CLASSES)) merged.set(name, { spec, origin: 'default' });
  }
  for (const [name, spec] of Object.entries(config?.classes ?? {})) merged.set(name, { spec, origin: 'config' });
  if (merged.size > MAX_COMPLAINT_CLASSES)
    throw new Error(`complaints.classes: at most ${MAX_COMPLAINT_CLASSES} classes, found ${merged.size}`);
  return [...merged].map(([name, { spec, origin }], bit) => {
    const rules = spec.any.map((source, k) => {
      try {
        return compileRule(source);
      } catch (error) {
        throw new Error(
          `complaints.classes.${name}.any[${k}]: ${JSON.stringify(source)} ` +
            `is not a valid rule: ${(error as Error).message}`,
        );
      }
    });
    return { name, bit, fields: spec.fields ?? COMPLAINT_FIELDS, rules, origin };
  });
}
