/**
 * `/regex/` complaint rules run on customer-written text (issue #24): matching is linear in the text
 * (RE2 through re2js), constructs that need backtracking are refused, and a rule reads a bounded text.
 */
import { describe, expect, it } from 'vitest';
import { compileComplaintClasses, MAX_RULE_TEXT, rulePattern } from './rules.js';

describe('regex rules', () => {
  it('match a catastrophic-backtracking expression in linear time', () => {
    const pattern = rulePattern('/(a+)+$/');
    const started = performance.now();
    expect(pattern.test(`${'a'.repeat(MAX_RULE_TEXT)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pattern.exec('xx aaa')?.[0]).toBe('aaa');
  });

  it('keep their meaning: groups, alternatives, classes, folded text', () => {
    expect(rulePattern('/refund(ed|s)?/').exec('we refunded it')?.[0]).toBe('refunded');
    expect(rulePattern('/CHARGED\\s+TWICE/').test('charged  twice')).toBe(true);
    expect(rulePattern('/\\bnot\\b/').test('nothing')).toBe(false);
  });

  it('refuse lookaround and backreferences with the rule named', () => {
    for (const rule of ['/(?<=a)b/', '/a(?=b)/', '/(a)\\1/'])
      expect(() => compileComplaintClasses({ classes: { x: { any: [rule] } } }), rule).toThrow(
        /complaints\.classes\.x\.any\[0\].*RE2/,
      );
  });
});
