/**
 * JUnit XML validated with xmllint against the schemas vendored in test/check/xsd (see SOURCES.md
 * there): Jenkins xunit's junit-10.xsd and the Apache Ant schema (windyroad JUnit.xsd).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const JUNIT_SCHEMAS = ['junit-10.xsd', 'JUnit.xsd'] as const;

/**
 * The schema errors of `xml` per schema file (empty arrays: valid). Throws when xmllint is missing,
 * rather than skipping: a schema test that does not run must not look green.
 */
export function junitSchemaErrors(xml: string): Record<(typeof JUNIT_SCHEMAS)[number], string[]> {
  const result = {} as Record<(typeof JUNIT_SCHEMAS)[number], string[]>;
  for (const schema of JUNIT_SCHEMAS) {
    const xsd = fileURLToPath(new URL(`../check/xsd/${schema}`, import.meta.url));
    const run = spawnSync('xmllint', ['--noout', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
    if (run.error !== undefined) {
      throw new Error(`xmllint is needed to validate JUnit XML (Debian: apt-get install libxml2-utils): ${run.error}`);
    }
    result[schema] =
      run.status === 0
        ? []
        : run.stderr
            .split('\n')
            .filter((line) => line !== '' && !line.endsWith('fails to validate') && !line.endsWith('validates'));
  }
  return result;
}
