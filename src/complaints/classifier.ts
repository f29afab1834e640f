/**
 * Complaint classification at ingest. The normalizer hands each value of a field some class looks at
 * (subject, category, tags) to `classify`, which ORs the classes found into the ticket's bitmask
 * (`TicketTable.complaints`). Subjects are never stored: a million subjects would cost more than all
 * other columns together, and the mask is 4 bytes a ticket.
 */
import type { ComplaintMatch, TicketTable } from '../model/ticket.js';
import { foldText, type CompiledClass, type ComplaintField } from './rules.js';

export interface ClassifierOptions {
  /** Keep every match (ticket, class, rule, field, matched text) in `table.complaintMatches`. */
  explain: boolean;
}

/** Result of one field value: the class bits and, for explanations, the matches. */
interface FieldResult {
  mask: number;
  matches: Omit<ComplaintMatch, 'field'>[];
}

const NO_MATCH: FieldResult = { mask: 0, matches: [] };

/** Dimension values repeat (a few hundred categories), so their results are cached; subjects are not. */
const CACHE_LIMIT = 100_000;

export class ComplaintClassifier {
  /** Fields some class looks at. */
  readonly fields: ReadonlySet<string>;
  /** Input rows (any outcome) on which each rule matched, by class name then rule text. */
  readonly ruleHits: Map<string, Map<string, number>>;
  private readonly byField: Map<string, CompiledClass[]>;
  private readonly cache = new Map<string, FieldResult>();

  constructor(readonly classes: readonly CompiledClass[], readonly options: ClassifierOptions) {
    this.byField = new Map();
    for (const c of classes) {
      for (const f of c.fields) {
        const list = this.byField.get(f) ?? [];
        list.push(c);
        this.byField.set(f, list);
      }
    }
    this.fields = new Set(this.byField.keys());
    this.ruleHits = new Map(classes.map((c) => [c.name, new Map(c.rules.map((r) => [r.source, 0]))]));
  }

  /** Declares the class names on the table (bit k = `complaintClasses[k]`). */
  attach(table: TicketTable): void {
    table.complaintClasses = this.classes.map((c) => c.name);
  }

  /** Classifies one field value of ticket `row`; `text` is the trimmed cell. */
  classify(table: TicketTable, row: number, field: string, text: string): void {
    const classes = this.byField.get(field);
    if (classes === undefined) return;
    let result: FieldResult | undefined;
    if (field !== 'subject') {
      const key = `${field}\u0000${text}`;
      result = this.cache.get(key);
      if (result === undefined) {
        result = this.match(classes, text);
        if (this.cache.size < CACHE_LIMIT) this.cache.set(key, result);
      }
    } else {
      result = this.match(classes, text);
    }
    if (result.mask === 0) return;
    table.complaints[row] = (table.complaints[row] as number) | result.mask;
    for (const m of result.matches) {
      const hits = this.ruleHits.get(m.className);
      if (hits) hits.set(m.rule, (hits.get(m.rule) ?? 0) + 1);
    }
    if (this.options.explain) {
      const list = table.complaintMatches.get(row) ?? [];
      for (const m of result.matches) list.push({ ...m, field: field as ComplaintField });
      table.complaintMatches.set(row, list);
    }
  }

  /** Rules that matched no input row, for the warning and the report. */
  unmatchedRules(): { className: string; rule: string }[] {
    const out: { className: string; rule: string }[] = [];
    for (const [className, hits] of this.ruleHits) for (const [rule, n] of hits) if (n === 0) out.push({ className, rule });
    return out;
  }

  private match(classes: readonly CompiledClass[], text: string): FieldResult {
    const folded = foldText(text);
    let mask = 0;
    let matches: FieldResult['matches'] | null = null;
    for (const c of classes) {
      if (!c.any.test(folded)) continue;
      mask |= 1 << c.bit;
      // Only on a hit: find every rule of the class that matched, for rule counts and --explain.
      for (const rule of c.rules) {
        const m = rule.pattern.exec(folded);
        if (m) (matches ??= []).push({ className: c.name, rule: rule.source, text: m[0] });
      }
    }
    return mask === 0 ? NO_MATCH : { mask: mask >>> 0, matches: matches ?? [] };
  }
}
