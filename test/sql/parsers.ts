/**
 * A SQL parser of each dialect the tests cannot run, for test/sql/dialect-parse.test.ts:
 *
 * - BigQuery: sql-parser-cst (GPL-2.0-or-later, a dev dependency only: nothing of it ships). Its
 *   BigQuery grammar is strict (it refuses `::`, `WITHIN GROUP`, NULLS LAST in a window) and takes
 *   `IS NOT DISTINCT FROM`, which node-sql-parser's BigQuery grammar (Apache-2.0) refuses.
 * - Snowflake: @guanmingchiu/sqlparser-ts, sqlparser-rs compiled to WebAssembly (Apache-2.0). It is
 *   lenient: it refuses broken syntax, not every other dialect's spelling.
 * - Trino and Spark: dt-sql-parser's ANTLR grammars (MIT). Its published `dist/` is ESM with
 *   extensionless imports, which Node cannot load: it is bundled once by esbuild into
 *   node_modules/.cache (where vitest leaves it to Node, unchanged) and imported from there.
 *   Its `validate` predicts in ANTLR's SLL mode only, and SLL can report an error in a statement the
 *   grammar takes (it merges the contexts that full LL keeps apart): two-stage parsing, as ANTLR
 *   advises, parses again in LL mode where SLL found an error, and only LL's errors count. SQL it
 *   takes in SLL mode (every generated statement, in a few milliseconds after the first) is not
 *   parsed again; a refusal stands only when full LL refuses too.
 *
 * Each check gives the parser's errors, none for SQL it parses. One statement at a time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../../src/sql/dialect.js';

export interface SyntaxCheck {
  /** The parser, as the test names it. */
  readonly parser: string;
  errors(sql: string): string[];
  /** The errors of full LL prediction alone, where the parser predicts in two stages (ANTLR's). */
  llErrors?(sql: string): string[];
}

const require = createRequire(import.meta.url);
const firstLine = (error: unknown) => String((error as Error).message ?? error).split('\n')[0] as string;

function bigquery(): SyntaxCheck {
  const cst = require('sql-parser-cst') as typeof import('sql-parser-cst');
  return {
    parser: 'sql-parser-cst (bigquery)',
    errors(sql) {
      try {
        cst.parse(sql, { dialect: 'bigquery' });
        return [];
      } catch (error) {
        return [firstLine(error)];
      }
    },
  };
}

async function snowflake(): Promise<SyntaxCheck> {
  const wasm = await import('@guanmingchiu/sqlparser-ts');
  await wasm.init();
  return {
    parser: 'sqlparser-ts (snowflake)',
    errors(sql) {
      try {
        wasm.parse(sql, 'snowflake');
        return [];
      } catch (error) {
        return [firstLine(error)];
      }
    },
  };
}

interface DtError {
  startLine: number;
  startColumn: number;
  message: string;
}
/** The parts of an antlr4ng parser this file sets and calls. */
interface AntlrParser {
  interpreter: { predictionMode: number };
  program(): unknown;
}
interface DtParser {
  validate(sql: string): DtError[];
  /** A parser over `sql` (lexed whole), which reports the lexer's and the parser's errors to `listener`. */
  createParser(sql: string, listener: (error: DtError) => void): AntlrParser;
}
interface DtModule {
  TrinoSQL: new () => DtParser;
  SparkSQL: new () => DtParser;
  PredictionMode: { LL: number; SLL: number };
}

let dtModule: Promise<DtModule> | undefined;

/** dt-sql-parser's Trino and Spark parsers, bundled on first use (about 2 s) for this version. */
function dtSqlParser(): Promise<DtModule> {
  dtModule ??= (async () => {
    const root = process.cwd();
    const { version } = JSON.parse(readFileSync(require.resolve('dt-sql-parser/package.json'), 'utf8'));
    const dir = join(root, 'node_modules', '.cache', 'opsmetrics-test');
    // `-2`: the bundle exports antlr4ng's PredictionMode too; a bundle of an older test is not reused.
    const bundle = join(dir, `dt-sql-parser-${version}-2.mjs`);
    if (!existsSync(bundle)) {
      mkdirSync(dir, { recursive: true });
      const { build } = await import('esbuild');
      // Written beside and renamed: a reader never sees half a bundle.
      const partial = `${bundle}.${process.pid}.tmp`;
      await build({
        stdin: {
          contents: [
            "export { TrinoSQL, SparkSQL } from 'dt-sql-parser';",
            "export { PredictionMode } from 'antlr4ng';",
          ].join('\n'),
          resolveDir: root,
          loader: 'js',
        },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: partial,
        logLevel: 'silent',
      });
      renameSync(partial, bundle);
    }
    return (await import(pathToFileURL(bundle).href)) as DtModule;
  })();
  return dtModule;
}

async function antlr(dialect: 'trino' | 'spark'): Promise<SyntaxCheck> {
  const dt = await dtSqlParser();
  const parser = dialect === 'trino' ? new dt.TrinoSQL() : new dt.SparkSQL();
  const text = (errors: DtError[]) => errors.map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
  /** Full LL prediction: slower, and exact where SLL is not. */
  const llErrors = (sql: string) => {
    const errors: DtError[] = [];
    const ll = parser.createParser(sql, (error) => errors.push(error));
    ll.interpreter.predictionMode = dt.PredictionMode.LL;
    ll.program();
    return errors;
  };
  return {
    parser: `dt-sql-parser (${dialect === 'trino' ? 'TrinoSQL' : 'SparkSQL'})`,
    errors: (sql) => (parser.validate(sql).length === 0 ? [] : text(llErrors(sql))),
    llErrors: (sql) => text(llErrors(sql)),
  };
}

/** The parser of a dialect the tests do not run. */
export async function syntaxCheck(dialect: Exclude<DialectName, 'duckdb' | 'postgres'>): Promise<SyntaxCheck> {
  if (dialect === 'bigquery') return bigquery();
  if (dialect === 'snowflake') return snowflake();
  return antlr(dialect);
}
