/**
 * Complaint classification at ingest. The normalizer hands each value of a field some class looks at
 * (subject, category, tags) to `classify`, which ORs the classes found into the ticket's bitmask
 * (`TicketTable.complaints`). Subjects are never stored with the ticket: a million subjects would cost
 * more than all other columns together, and the mask is 4 bytes a ticket. Results are cached by text
 * (bounded), so a text that recurs is classified once.
 */
import type { ComplaintMatch } from '../model/ticket.js';
import type { TicketRows } from '../model/ticket.js';
import { foldText, MAX_RULE_TEXT, type CompiledClass, type ComplaintField, type RuleAnchor } from './rules.js';

export interface ClassifierOptions {
  /** Keep every match (ticket, class, rule, field, matched text) in `table.complaintMatches`. */
  explain: boolean;
}

/**
 * Result of one field value: the class bits, the rules that matched (their hit counters) and, for explanations, the
 * matches.
 */
export interface FieldResult {
  mask: number;
  hits: readonly number[];
  matches: Omit<ComplaintMatch, 'field'>[];
}

const NO_MATCH: FieldResult = { mask: 0, hits: [], matches: [] };

/**
 * Finds the rules that can match a text by its tokens, before any regular expression runs: one pass
 * over the characters, a hash per token (see {@link RuleAnchor}), a table lookup per token. A rule whose
 * anchor token is absent cannot match, so only the others are tried; hash collisions only add
 * candidates. Rules without an anchor are always candidates.
 */
class AnchorIndex {
  /** Open addressing: slot -> anchor hash, and the list of rules (indexes into `lists`), -1 when empty. */
  private readonly hashes: Int32Array;
  private readonly slots: Int32Array;
  private readonly lists: number[][] = [];
  private readonly prefixSlots: Int32Array;
  private readonly prefixHashes: Int32Array;
  /** Token lengths at which some prefix anchor ends. */
  private readonly prefixLengths: Uint8Array;
  /** Rules tried on every text: no anchor. */
  readonly always: readonly number[];
  /** Scratch: 1 for the candidate rules of the current text. */
  readonly candidate: Uint8Array;
  private readonly marked: number[] = [];

  constructor(anchors: readonly (RuleAnchor | null)[]) {
    const size = 1 << Math.max(4, Math.ceil(Math.log2(anchors.length * 4 + 1)));
    this.hashes = new Int32Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.prefixHashes = new Int32Array(size);
    this.prefixSlots = new Int32Array(size).fill(-1);
    this.prefixLengths = new Uint8Array(256);
    this.candidate = new Uint8Array(anchors.length);
    const always: number[] = [];
    anchors.forEach((anchor, rule) => {
      if (anchor === null || anchor.token.length >= this.prefixLengths.length) {
        always.push(rule);
        return;
      }
      const h = tokenHash(anchor.token, 0, anchor.token.length);
      if (anchor.prefix) this.prefixLengths[anchor.token.length] = 1;
      this.add(anchor.prefix ? this.prefixHashes : this.hashes, anchor.prefix ? this.prefixSlots : this.slots, h, rule);
    });
    this.always = always;
  }

  private add(hashes: Int32Array, slots: Int32Array, h: number, rule: number): void {
    const mask = slots.length - 1;
    let slot = h & mask;
    while (slots[slot] !== -1 && hashes[slot] !== h) slot = (slot + 1) & mask;
    if (slots[slot] === -1) {
      hashes[slot] = h;
      slots[slot] = this.lists.length;
      this.lists.push([]);
    }
    (this.lists[slots[slot] as number] as number[]).push(rule);
  }

  private mark(hashes: Int32Array, slots: Int32Array, h: number): void {
    const mask = slots.length - 1;
    for (let slot = h & mask; slots[slot] !== -1; slot = (slot + 1) & mask) {
      if (hashes[slot] !== h) continue;
      for (const rule of this.lists[slots[slot] as number] as number[]) {
        if (this.candidate[rule] === 0) {
          this.candidate[rule] = 1;
          this.marked.push(rule);
        }
      }
      return;
    }
  }

  /**
   * Marks the candidate rules of `text` in `candidate` and returns how many there are (clear with
   * `reset`). `text` must be folded unless it is ASCII: ASCII upper case is lowered here. With
   * `asciiOnly`, stops at the first non-ASCII character and returns -1 (the text needs folding first).
   */
  scan(text: string, asciiOnly: boolean): number {
    const prefixLengths = this.prefixLengths;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isTokenChar(c)) {
        if (asciiOnly && c >= 0x80) return -1;
        i++;
        continue;
      }
      let h = HASH_SEED;
      let length = 0;
      do {
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        h = Math.imul(h ^ c, 0x01000193);
        length++;
        if (length < prefixLengths.length && prefixLengths[length] === 1)
          this.mark(this.prefixHashes, this.prefixSlots, h);
        i++;
        c = i < n ? text.charCodeAt(i) : 0;
      } while (i < n && isTokenChar(c));
      this.mark(this.hashes, this.slots, h);
    }
    return this.marked.length;
  }

  reset(): void {
    for (const rule of this.marked) this.candidate[rule] = 0;
    this.marked.length = 0;
  }
}

const HASH_SEED = 0x811c9dc5;

/** A word rule (not a `/regex/`) with no ASCII digit, folded as its expression is (see `rulePattern`). */
function isDigitFreeWordRule(source: string): boolean {
  const trimmed = source.trim();
  return !/^\/(.+)\/[a-z]*$/s.test(trimmed) && !/[0-9]/.test(foldText(trimmed));
}

/** `[a-zA-Z0-9]`: the characters of a token (upper case is lowered while hashing). */
const isTokenChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

/** FNV-1a over the char codes of `text[s, e)`, as `AnchorIndex.scan` computes it for a token. */
function tokenHash(text: string, s: number, e: number): number {
  let h = HASH_SEED;
  for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Results by text, bounded: two generations of at most `limit` entries and `budget` characters each.
 * Texts are looked up in the current generation, then in the previous one (and moved up when found
 * there); when the current one is full it becomes the previous and the oldest is dropped. Texts that
 * recur (a few hundred categories, the templated subjects of a help desk) stay; one-off texts pass
 * through. A result depends on the text alone, so a cached one is the one `match` would return.
 */
export class ResultCache<T> {
  private current = new Map<string, T>();
  private previous = new Map<string, T>();
  private chars = 0;

  constructor(
    private readonly limit: number,
    private readonly budget: number,
  ) {}

  get(text: string): T | undefined {
    const hit = this.current.get(text);
    if (hit !== undefined) return hit;
    const old = this.previous.get(text);
    if (old !== undefined) this.set(text, old);
    return old;
  }

  set(text: string, value: T): void {
    if (text.length > this.budget) return;
    if (this.current.size >= this.limit || this.chars + text.length > this.budget) {
      this.previous = this.current;
      this.current = new Map();
      this.chars = 0;
    }
    this.current.set(text, value);
    this.chars += text.length;
  }
}

/**
 * Cache bounds per field: 65,536 texts and 4 Mi characters a generation, at most about 20 MB for both
 * generations of a field with long subjects (a million subjects would take hundreds of MB).
 */
const CACHE_LIMIT = 1 << 16;
const CACHE_CHARS = 1 << 22;

export class ComplaintClassifier {
  /** Fields some class looks at. */
  readonly fields: ReadonlySet<string>;
  /** One counter per class and rule text: input rows (any outcome) on which the rule matched. */
  private readonly counters: { className: string; rule: string }[] = [];
  private readonly hitCounts: Float64Array;
  /** Per field: the counter of each rule, numbered as in its anchor index. */
  private readonly counterOf: Map<string, Int32Array>;
  private readonly byField: Map<string, CompiledClass[]>;
  /** Results by field, then text (see ResultCache). */
  private readonly caches: Map<string, ResultCache<FieldResult>>;
  /** Per field: the anchor index over its classes' rules, numbered class by class in class order. */
  private readonly anchors: Map<string, AnchorIndex>;
  /**
   * Fields whose results no ASCII digit changes: every rule of their classes is a word rule without a
   * digit (the digits of a text are then only ever letters-or-digits around or after a word), and no
   * explanation keeps the matched texts. `order 123` and `order 456` have the same result there.
   */
  readonly digitBlind: ReadonlySet<string>;

  constructor(
    readonly classes: readonly CompiledClass[],
    readonly options: ClassifierOptions,
  ) {
    this.byField = new Map();
    for (const c of classes) {
      for (const f of c.fields) {
        const list = this.byField.get(f) ?? [];
        list.push(c);
        this.byField.set(f, list);
      }
    }
    this.fields = new Set(this.byField.keys());
    this.digitBlind = new Set(
      [...this.byField]
        .filter(
          ([, list]) => !options.explain && list.every((c) => c.rules.every((r) => isDigitFreeWordRule(r.source))),
        )
        .map(([field]) => field),
    );
    this.caches = new Map([...this.fields].map((f) => [f, new ResultCache<FieldResult>(CACHE_LIMIT, CACHE_CHARS)]));
    this.anchors = new Map(
      [...this.byField].map(([field, list]) => [
        field,
        new AnchorIndex(list.flatMap((c) => c.rules.map((r) => r.anchor))),
      ]),
    );
    const counterByRule = new Map<CompiledClass, number[]>();
    for (const c of classes) {
      const bySource = new Map<string, number>();
      counterByRule.set(
        c,
        c.rules.map((r) => {
          let counter = bySource.get(r.source);
          if (counter === undefined) {
            counter = this.counters.length;
            bySource.set(r.source, counter);
            this.counters.push({ className: c.name, rule: r.source });
          }
          return counter;
        }),
      );
    }
    this.hitCounts = new Float64Array(this.counters.length);
    this.counterOf = new Map(
      [...this.byField].map(([field, list]) => [
        field,
        Int32Array.from(list.flatMap((c) => counterByRule.get(c) as number[])),
      ]),
    );
  }

  /** Declares the class names on the table (bit k = `complaintClasses[k]`). */
  attach(table: TicketRows): void {
    table.complaintClasses = this.classes.map((c) => c.name);
    table.declareComplaints();
  }

  /** Classifies one field value of ticket `row`; `text` is the trimmed cell. */
  classify(table: TicketRows, row: number, field: string, text: string): void {
    const result = this.resultOf(field, text, true);
    if (result !== undefined) this.apply(table, row, field, result);
  }

  /**
   * What `classify` finds in one value of `field` (undefined when no class looks at the field), for
   * {@link apply}: a caller that knows two values are the same text (the byte lane, by their bytes)
   * applies one result to both. With `cache`, the result is kept by text (see ResultCache).
   */
  resultOf(field: string, text: string, cache: boolean): FieldResult | undefined {
    const classes = this.byField.get(field);
    if (classes === undefined) return undefined;
    const results = cache ? (this.caches.get(field) as ResultCache<FieldResult>) : undefined;
    let result = results?.get(text);
    if (result === undefined) {
      result = this.match(classes, field, text);
      results?.set(text, result);
    }
    return result;
  }

  /** Sets the classes of a {@link resultOf} result on ticket `row` and counts its rules' hits. */
  apply(table: TicketRows, row: number, field: string, result: FieldResult): void {
    if (result.mask === 0) return;
    // The column shares the zero codes array until declared: never write into that.
    table.declareComplaints();
    table.complaints[row] = (table.complaints[row] as number) | result.mask;
    const hits = result.hits;
    for (let k = 0; k < hits.length; k++) {
      const counter = hits[k] as number;
      this.hitCounts[counter] = (this.hitCounts[counter] as number) + 1;
    }
    if (this.options.explain) {
      const list = table.complaintMatches.get(row) ?? [];
      for (const m of result.matches) list.push({ ...m, field: field as ComplaintField });
      table.complaintMatches.set(row, list);
    }
  }

  /** Rules that matched no input row, for the warning and the report. */
  unmatchedRules(): { className: string; rule: string }[] {
    return this.counters.filter((_, counter) => this.hitCounts[counter] === 0);
  }

  /**
   * The classes and matches of one value. Only the candidate rules of the anchor index run; the
   * result is the same as trying every rule (a class matches when one of its rules does).
   */
  private match(classes: readonly CompiledClass[], field: string, text: string): FieldResult {
    const index = this.anchors.get(field) as AnchorIndex;
    // ASCII text folds to its lower case, which the scan does itself; other text is folded first.
    let candidates = index.scan(text, true);
    const ascii = candidates >= 0;
    let folded: string | undefined;
    if (!ascii) {
      index.reset();
      folded = foldText(text);
      candidates = index.scan(folded, false);
    }
    if (candidates === 0 && index.always.length === 0) return NO_MATCH;
    for (const rule of index.always) index.candidate[rule] = 1;
    folded ??= text.toLowerCase();
    // Folding often leaves ASCII (accents removed): the ASCII expressions apply to such text too.
    // eslint-disable-next-line no-control-regex
    const asciiFolded = ascii || /^[\x00-\x7f]*$/.test(folded);
    // A rule reads at most MAX_RULE_TEXT characters of one text (rules.ts).
    const bounded = folded.length > MAX_RULE_TEXT ? folded.slice(0, MAX_RULE_TEXT) : folded;
    const counterOf = this.counterOf.get(field) as Int32Array;
    let mask = 0;
    let matches: FieldResult['matches'] | null = null;
    let hits: number[] | null = null;
    let rule = 0;
    for (const c of classes) {
      for (const r of c.rules) {
        if (index.candidate[rule++] === 0) continue;
        const m = (asciiFolded ? r.asciiPattern : r.pattern).exec(bounded);
        if (!m) continue;
        mask |= 1 << c.bit;
        (hits ??= []).push(counterOf[rule - 1] as number);
        // The matched texts are only read for explanations.
        if (this.options.explain) (matches ??= []).push({ className: c.name, rule: r.source, text: m[0] });
      }
    }
    for (const r of index.always) index.candidate[r] = 0;
    index.reset();
    return mask === 0 ? NO_MATCH : { mask: mask >>> 0, hits: hits ?? [], matches: matches ?? [] };
  }
}
