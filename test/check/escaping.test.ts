/**
 * Data cannot break out of the CI outputs: JUnit XML text and GitHub workflow commands stay
 * well-formed whatever a group value or check name holds (properties over arbitrary strings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/check/render-github.js';
import { escapeXml } from '../../src/check/render-junit.js';

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '<',
      '>',
      '&',
      '"',
      "'",
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u001b',
      ':',
      ',',
      '%',
      '::',
      'a',
      ']]>',
      '\uD800',
      '\uFFFE',
    ),
    maxLength: 20,
  }),
);

describe('escaping for CI outputs', () => {
  it('escapeXml leaves no markup, no raw line break, and only characters XML 1.0 allows', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const xml = escapeXml(text);
        expect(xml).not.toMatch(/[<>"'\t\n\r]/);
        // Every & starts an entity or character reference.
        expect(xml.replace(/&(?:amp|lt|gt|quot|apos|#\d+);/g, '')).not.toContain('&');
        expect(xml).not.toMatch(
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('escapeData keeps a workflow command on one line; escapeProperty also hides property delimiters', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        expect(escapeData(text)).not.toMatch(/[\r\n]/);
        expect(escapeProperty(text)).not.toMatch(/[\r\n:,]/);
        // Decoding as the runner does gives the text back.
        const decode = (s: string) =>
          s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
        expect(decode(escapeProperty(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
