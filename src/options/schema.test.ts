/**
 * Config keys named after Object.prototype members (issue #24): each is an unknown key (a config
 * error, exit 2) or an ordinary name, never a crash nor a key accepted without a word.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { parseConfig } from './schema.js';

const PROTO_KEYS = ['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString'];
const SECTIONS = ['input', 'report', 'orders', 'complaints', 'events'];

describe('config keys named after Object.prototype members', () => {
  for (const section of SECTIONS)
    for (const key of PROTO_KEYS)
      it(`${section}.${key} is an unknown key`, () => {
        let error: unknown;
        try {
          parseConfig(`${section}:\n  ${key}: 1\n`, 'c.yml');
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).exitCode).toBe(2);
      });

  for (const key of PROTO_KEYS)
    it(`a top-level ${key} is an unknown section`, () => {
      expect(() => parseConfig(`${key}: 1\n`, 'c.yml')).toThrow(AppError);
    });

  it('a schedule named after one is kept, and input.map finds no inherited member', () => {
    const text = PROTO_KEYS.map((k) => `  ${k}:\n    timezone: UTC\n    hours:\n      mon: ["09:00-17:00"]\n`).join('');
    const config = parseConfig(`schedules:\n${text}input:\n  map:\n    id: Ticket\n`, 'c.yml');
    expect(Object.keys(config.schedules).sort()).toEqual([...PROTO_KEYS].sort());
    const map = config.input.map as Record<string, string | null>;
    for (const key of PROTO_KEYS.slice(1)) expect(map[key]).toBeUndefined();
  });
});
