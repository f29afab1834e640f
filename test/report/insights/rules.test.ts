import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComplaintClassifier } from '../../../src/complaints/classifier.js';
import {
  compileComplaintClasses,
  DEFAULT_COMPLAINT_CLASSES,
  foldText,
  ruleAnchor,
  rulePattern,
} from '../../../src/complaints/rules.js';
import { complaintsSection } from '../../../src/options/complaints.js';
import { TicketTable } from '../../../src/engine/ticket-table.js';

describe('complaint rules', () => {
  it('folds case and accents', () => {
    expect(foldText('Déjà REMBOURSÉ')).toBe('deja rembourse');
    expect(foldText('plain ASCII')).toBe('plain ascii');
  });

  it.each([
    ['charged twice', 'I was CHARGED  twice!', true],
    ['charged twice', 'charged-twice', true],
    ['late', 'I will update later', false],
    ['late', 'late_delivery', true],
    ['refund*', 'Refunded yet?', true],
    ['retardé', 'colis retarde', true],
    ['/en attente depuis \\d+ jours/', 'En attente depuis 12 jours', true],
    ['/remboursé/', 'REMBOURSE', true],
  ])('rule %j on %j -> %s', (rule, text, matches) => {
    expect(rulePattern(rule).test(foldText(text))).toBe(matches);
  });

  it('merges config classes with the defaults, or replaces them', () => {
    const merged = compileComplaintClasses({
      classes: { delay: { any: ['slow'] }, vip: { any: ['vip'], fields: ['tags'] } },
    });
    expect(merged.map((c) => c.name)).toEqual([...Object.keys(DEFAULT_COMPLAINT_CLASSES), 'vip']);
    expect(merged.find((c) => c.name === 'delay')).toMatchObject({ origin: 'config', rules: [{ source: 'slow' }] });
    expect(
      compileComplaintClasses({ replace_defaults: true, classes: { vip: { any: ['vip'] } } }).map((c) => c.name),
    ).toEqual(['vip']);
  });

  it('classifies into a bitmask, several classes per ticket, and counts rule hits', () => {
    const classes = compileComplaintClasses({
      replace_defaults: true,
      classes: { a: { any: ['late'] }, b: { any: ['wrong price'], fields: ['subject'] } },
    });
    const classifier = new ComplaintClassifier(classes, { explain: true });
    const table = new TicketTable();
    classifier.attach(table);
    const row = table.addRow('T1', 2);
    classifier.classify(table, row, 'subject', 'Late parcel and WRONG price');
    classifier.classify(table, row, 'tags', 'wrong price'); // b does not look at tags
    expect(table.complaints[row]).toBe(0b11);
    expect(table.complaintMatches.get(row)?.map((m) => `${m.className}:${m.field}`)).toEqual([
      'a:subject',
      'b:subject',
    ]);
    expect(classifier.unmatchedRules()).toEqual([]);
    table.popRow();
    expect(table.complaints[row]).toBe(0);
    expect(table.complaintMatches.has(row)).toBe(false);
  });

  it.each([
    ["hasn't arrived", { token: 'hasn', prefix: false }],
    ['refund*', { token: 'refund', prefix: true }],
    ['waiting for*', { token: 'waiting', prefix: false }],
    ['Réclamation', { token: 'reclamation', prefix: false }],
    ['e.mail*', { token: 'e', prefix: false }],
    ['доставка', null],
    ['/refund(ed)?/', null],
  ])('anchors rule %j as %j', (rule, anchor) => {
    expect(ruleAnchor(rule)).toEqual(anchor);
  });

  it('finds the same classes and matches as trying every rule on every text', () => {
    const classes = compileComplaintClasses({
      classes: { custom: { any: ['/en attente \\d+/', 'réclamation*', 'доставка', 'e.mail*', 'x'] } },
    });
    const words = [
      ...new Set(classes.flatMap((c) => c.rules.flatMap((r) => r.source.replace(/[*/]/g, '').split(/\s+/)))),
    ];
    const piece = fc.oneof(
      fc.constantFrom(
        ...words,
        ' ',
        '-',
        '_',
        "'",
        'É',
        'é',
        'ß',
        'İ',
        'K',
        '注文',
        '🚀',
        '0',
        'A',
        's',
        'ed',
        'later',
      ),
      fc.string({ maxLength: 3 }),
    );
    const naive = (text: string) => {
      const folded = foldText(text);
      // The classifier's definition: a class matches when the alternation of its rules does.
      return classes.flatMap((c) =>
        new RegExp(c.rules.map((r) => `(?:${r.pattern.source})`).join('|'), 'u').test(folded)
          ? c.rules.flatMap((r) => {
              const m = r.pattern.exec(folded);
              return m ? [`${c.name}:${r.source}:${m[0]}`] : [];
            })
          : [],
      );
    };
    const classifier = new ComplaintClassifier(classes, { explain: true });
    const table = new TicketTable();
    classifier.attach(table);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, upper) => {
        const text = upper ? pieces.join('').toUpperCase() : pieces.join('');
        const row = table.addRow('T', 1);
        classifier.classify(table, row, 'subject', text);
        const got = (table.complaintMatches.get(row) ?? []).map((m) => `${m.className}:${m.rule}:${m.text}`);
        table.popRow();
        expect(got).toEqual(naive(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('validates the config section with key paths', () => {
    expect(() => complaintsSection({ classes: { delay: { any: ['/(unclosed/'] } } })).toThrow(
      /complaints\.classes\.delay\.any\[0\]/,
    );
    expect(() => complaintsSection({ classes: { delay: { any: ['x'], fields: ['body'] } } })).toThrow(
      /complaints\.classes\.delay\.fields\[0\]: must be one of subject, category, tags/,
    );
    expect(() => complaintsSection({ classes: { Delay: { any: ['x'] } } })).toThrow(/lower case/);
    expect(() => complaintsSection({ replace: true })).toThrow(/unknown key/);
    expect(complaintsSection({ replace_defaults: true, classes: { vip: { any: ['vip'] } } })).toEqual({
      replace_defaults: true,
      classes: { vip: { any: ['vip'] } },
    });
  });
});
