/**
 * Every page the sources point to exists: a `docs/<page>.md` or `README.md` named in a comment, a
 * message or generated text (the `opsmetrics sql` header, a dbt schema.yml), and the section an
 * anchor (`README.md#metrics`) names. A page renamed or never written fails here, not in a user's hands.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (page: string): Set<string> =>
  new Set(
    readFileSync(join(root, page), 'utf8')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => slug(line.replace(/^#+ /, ''))),
  );

const links = sourceFiles(join(root, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\b((?:docs\/[\w.-]+?|README)\.md)(#[\w-]+)?/g)].map((m) => ({
    from: relative(root, file),
    page: m[1] as string,
    anchor: m[2]?.slice(1),
  })),
);

describe('pages the sources point to', () => {
  it('finds links to check', () => {
    expect(links.some((l) => l.page === 'docs/warehouse.md')).toBe(true);
  });

  it.each([...new Set(links.map((l) => l.page))])('%s exists', (page) => {
    const from = links.filter((l) => l.page === page).map((l) => l.from);
    expect(existsSync(join(root, page)), `named in ${from.join(', ')}`).toBe(true);
  });

  it.each(links.filter((l) => l.anchor !== undefined).map((l) => [`${l.page}#${l.anchor}`, l] as const))(
    '%s names a section',
    (_link, { page, anchor, from }) => {
      expect(anchorsOf(page).has(anchor as string), `named in ${from}`).toBe(true);
    },
  );
});
