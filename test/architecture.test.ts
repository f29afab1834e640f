/**
 * The import graph of src/ (tests beside the code left out): no cycles between files, no import of
 * a layer above the importer's, and the fast engine reached only through the API and the report
 * builder. The layers, top down:
 *
 *   cli -> {index, api} -> options -> check -> report -> {engine, sql} -> {metrics, ingest, complaints}
 *       -> derive -> {model, calendar} -> errors
 *
 * (report/insights is part of the report; sql/ is the SQL engine, beside the fast one.) The engine's switches (engine/options.ts, plain data)
 * may be read by the options normalizer, which resolves them from the environment.
 *
 * Type-only imports count too: a type from a layer above is a dependency on it all the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Rank of each top-level folder (or root file): a file imports only from its rank or below. */
const RANK: Readonly<Record<string, number>> = {
  errors: 0,
  model: 1,
  calendar: 1,
  derive: 2,
  metrics: 3,
  ingest: 3,
  complaints: 3,
  engine: 4,
  sql: 4,
  report: 5,
  check: 6,
  options: 7,
  api: 8,
  index: 8,
  cli: 9,
};

/** Who may import the fast engine, besides the engine itself: the API and the report builder. */
const ENGINE_IMPORTERS = [/^api\//, /^index\.ts$/, /^report\/build\.ts$/, /^report\/slicing\.ts$/];

/** The engine's switches, data the options normalizer resolves. */
const ENGINE_OPTIONS = 'engine/options.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The src-relative files a file imports (static, dynamic and type imports), `.ts` paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
    ...text.matchAll(/new URL\(\s*'(\.[^']+)'/g),
  ].map((m) => m[1] as string);
  return specs.map((spec) => relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const layerOf = (path: string): string =>
  path.includes('/') ? (path.split('/')[0] as string) : path.replace(/\.ts$/, '');

const graph = new Map(files(src).map((file) => [relative(src, file), importsOf(file)]));

describe('the import graph of src/', () => {
  it('puts every file in a known layer', () => {
    const unknown = [...graph.keys()].filter((file) => RANK[layerOf(file)] === undefined);
    expect(unknown).toEqual([]);
  });

  it('has no import of a layer above the importer', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const from = RANK[layerOf(file)] as number;
        const to = RANK[layerOf(target)] as number;
        if (to > from) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('reaches the fast engine only through the API and the report builder', () => {
    const outside: string[] = [];
    for (const [file, imports] of graph) {
      if (layerOf(file) === 'engine' || ENGINE_IMPORTERS.some((pattern) => pattern.test(file))) continue;
      for (const target of imports) {
        if (layerOf(target) !== 'engine') continue;
        if (target === ENGINE_OPTIONS && layerOf(file) === 'options') continue;
        outside.push(`${file} -> ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('keeps the model and the calendar to themselves and the errors', () => {
    const outside: string[] = [];
    for (const [file, imports] of graph) {
      const layer = layerOf(file);
      if (layer !== 'model' && layer !== 'calendar') continue;
      for (const target of imports)
        if (![layer, 'errors'].includes(layerOf(target))) outside.push(`${file} -> ${target}`);
    }
    expect(outside).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' -> '));
        else if (state.get(target) === undefined && graph.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
    expect(cycles).toEqual([]);
  });
});
