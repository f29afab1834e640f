/**
 * Every `@example` of the sources runs. An example is JavaScript (TypeScript is transpiled): its
 * statements run in order, and the comment after its last expression (`expr // expected`, or
 * `// expected` lines below it) is the expected value, itself an expression compared with toEqual.
 * An example sees what its module exports, what its module imports, and the reference helpers
 * (src/metrics/reference.ts: metricOver, referenceOptions as `options`, MIN, HOUR, DAY; and the expression
 * language of src/derive/expr.ts), and `fixture(path)`: a file under fixtures/ (tests run at the repo root), its
 * text, parsed when it is JSON (fixtures/examples holds a small export, its report and its check report).
 * An example may import what its module does not (`import { x } from './y.js';`, relative to its module, or
 * from 'opsmetrics', the API). The last expression may span lines; every example states its value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Example {
  line: number;
  code: string;
  expected: string | null;
}

/** The `@example` blocks of a file's doc comments. */
function examplesOf(text: string): Example[] {
  const lines = text.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*\*\s?@example\b ?(.*)$/.exec(lines[i] as string);
    if (!match) continue;
    const body: string[] = match[1]?.trim() ? [match[1]] : [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (/^\s*\*\//.test(line) || /^\s*\*\s?@\w/.test(line)) break;
      body.push(line.replace(/^\s*\*\s?/, ''));
    }
    while (body.length > 0 && (body.at(-1) as string).trim() === '') body.pop();
    // The expected value: the trailing `// ...` comment lines, else a `// ...` at the end of the last code line.
    const expectedLines: string[] = [];
    while (body.length > 0 && /^\s*\/\/\s?/.test(body.at(-1) as string))
      expectedLines.unshift((body.pop() as string).replace(/^\s*\/\/\s?/, ''));
    let expected: string | null = expectedLines.length > 0 ? expectedLines.join('\n') : null;
    if (expected === null && body.length > 0) {
      const last = body.at(-1) as string;
      const at = last.lastIndexOf(' // ');
      if (at >= 0) {
        expected = last.slice(at + 4);
        body[body.length - 1] = last.slice(0, at);
      }
    }
    examples.push({ line: i + 1, code: body.join('\n'), expected });
    i = j - 1;
  }
  return examples;
}

/** The names a module imports (values only), with the module they come from. */
function importsOf(text: string, file: string): { names: [string, string][]; from: string }[] {
  const out: { names: [string, string][]; from: string }[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)';/gm)) {
    const names = (m[1] as string)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && !s.startsWith('type '))
      .map((s) => {
        const [name, alias] = s.split(/\s+as\s+/);
        return [name as string, (alias ?? name) as string] as [string, string];
      });
    const spec = m[2] as string;
    const from = spec.startsWith('.')
      ? resolve(dirname(file), spec.replace(/\.js$/, '.ts'))
      : spec === 'opsmetrics'
        ? join(srcDir, 'index.ts')
        : spec;
    out.push({ names, from });
  }
  return out;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

const compiles = (body: string): boolean => {
  try {
    new AsyncFunction(body);
    return true;
  } catch {
    return false;
  }
};

/** Turns the example's code into an async function body returning its last expression. */
function functionBody(code: string): string {
  const js = transformSync(code, { loader: 'ts', format: 'esm' }).code.trim();
  const lines = js.split('\n');
  // The last statement is the value (when it is an expression statement). esbuild may print it over
  // several lines: the shortest tail of lines that makes a whole statement is it.
  for (let k = 1; k <= lines.length; k++) {
    const last = lines.slice(-k).join('\n').trim();
    const before = lines.slice(0, -k).join('\n');
    if (/^(const|let|var|function|class|import|export|for|if|while)\b/.test(last)) {
      if (compiles(`${before}\n${last}`)) return `${before}\n${last}\nreturn undefined;`;
      continue;
    }
    const body = `${before}\nreturn (${last.replace(/;\s*$/, '')});`;
    if (compiles(body)) return body;
  }
  return `${js}\nreturn undefined;`;
}

/** A file under fixtures/: its text, parsed when it is JSON. */
function fixture(path: string): unknown {
  const text = readFileSync(join(root, 'fixtures', path), 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : text;
}

const files = sourceFiles(srcDir);
describe.each(
  files.filter((file) => examplesOf(readFileSync(file, 'utf8')).length > 0).map((file) => [relative(root, file), file]),
)('%s', (_name, file) => {
  const text = readFileSync(file as string, 'utf8');
  it.each(examplesOf(text).map((e) => [e.line, e] as const))(
    'example at line %i runs and gives its stated value',
    async (_line, example) => {
      const scope: Record<string, unknown> = {};
      const reference = await import('../src/metrics/reference.js');
      Object.assign(scope, await import('../src/derive/expr.js'), reference, {
        options: reference.referenceOptions(),
        fixture,
      });
      for (const { names, from } of importsOf(text, file as string)) {
        const module = (await import(from)) as Record<string, unknown>;
        for (const [name, alias] of names) scope[alias] = module[name];
      }
      Object.assign(scope, await import(file as string));
      // The example's own imports (relative to its module, or from 'opsmetrics'), as a reader would write them.
      for (const { names, from } of importsOf(example.code, file as string)) {
        const module = (await import(from)) as Record<string, unknown>;
        for (const [name, alias] of names) scope[alias] = module[name];
      }
      const code = example.code.replace(/^import\s+\{[^}]*\}\s+from\s+'[^']+';[^\S\n]*$/gm, '');
      const names = Object.keys(scope);
      const run = new AsyncFunction(...names, functionBody(code));
      const actual = await run(...names.map((n) => scope[n]));
      // An example that states no value shows nothing: `expr // expected`, or `// expected` lines below it.
      expect(example.expected, 'the example states its value').not.toBeNull();
      if (example.expected !== null) {
        // Bound to a name: esbuild drops an expression statement without side effects ('a' + 'b').
        const expected = await new AsyncFunction(
          ...names,
          `${transformSync(`const expected__ = (${example.expected});`, { loader: 'ts' }).code}\nreturn expected__;`,
        )(...names.map((n) => scope[n]));
        expect(actual).toEqual(expected);
      }
    },
  );
});
