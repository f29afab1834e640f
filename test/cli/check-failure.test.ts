/**
 * A check run that stops before judging, as its CI outputs name it: an AppError keeps its code and
 * exit code and points at a config line when it is about one; anything else is a bug, exit 4, code
 * internal_error (src/errors.ts), and still gives a schema-valid JUnit file.
 */
import { describe, expect, it } from 'vitest';
import { renderJunitFailure } from '../../src/check/render-junit.js';
import { failureOf } from '../../src/cli/commands/check.js';
import { AppError, ERROR_CODES } from '../../src/errors.js';
import { junitSchemaErrors } from '../helpers/junit.js';

describe('failureOf', () => {
  it('keeps an error code, its exit code and the config line', () => {
    const error = new AppError('config_syntax', 'cannot read config c.yml: bad indentation', {
      where: 'c.yml:4:3',
      hint: 'Check the YAML/JSON syntax at that line.',
    });
    expect(failureOf(error, 'c.yml')).toEqual({
      code: 'config_syntax',
      exit_code: 2,
      message: 'cannot read config c.yml: bad indentation',
      where: 'c.yml:4:3',
      hint: 'Check the YAML/JSON syntax at that line.',
      file: 'c.yml',
      line: 4,
    });
    const config = new AppError('bad_config', 'config report.timezone: ...', { where: 'report.timezone' }, 'config');
    expect(failureOf(config, 'ops/opsmetrics.config.yml')).toMatchObject({
      file: 'ops/opsmetrics.config.yml',
      line: null,
    });
  });

  it('reports anything else as internal_error, exit 4, with a valid JUnit file', () => {
    const failure = failureOf(new TypeError("Cannot read properties of undefined (reading 'p90')"), null);
    expect(failure).toMatchObject({
      code: 'internal_error',
      exit_code: 4,
      message: "internal error: Cannot read properties of undefined (reading 'p90')",
    });
    expect(ERROR_CODES.internal_error.kind).toBe('internal');
    const xml = renderJunitFailure(failure, {
      timestamp: '2025-11-24T06:00:00',
      hostname: 'ci',
      seconds: 0.5,
      version: 'test',
    });
    expect(xml).toContain('name="opsmetrics check: internal error (internal_error)"');
    expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  });
});
