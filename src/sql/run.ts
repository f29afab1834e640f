/**
 * Running a statement on an embedded engine: DuckDB (`@duckdb/node-api`) or PostgreSQL (a `pg`
 * client, or PGlite in the tests). The engines' packages are optional: a run that needs one that is
 * not installed says which to install. Rows come back as plain objects of numbers, text and null
 * (BIGINT and NUMERIC as numbers: every figure of the report is within 2^53).
 */
import { inputError, usageError } from '../errors.js';

export type SqlValue = number | string | boolean | null;
export type SqlRow = Record<string, SqlValue>;

/** What runs statements: one connection, closed by `close`. */
export interface SqlRunner {
  readonly engine: 'duckdb' | 'postgres';
  /** Runs statements that return nothing (settings, DDL, loads). */
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<SqlRow[]>;
  close(): Promise<void>;
}

function plain(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  // DECIMAL and other wrapped values print as their number.
  const text = String(value);
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}

async function optionalImport<T>(name: string, why: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw usageError('engine_missing', `${why} needs the npm package ${name}, which is not installed`, {
        where: '--engine',
        hint: `Install it beside opsmetrics (npm install ${name}), or run without --engine.`,
      });
    }
    throw error;
  }
}

/**
 * A DuckDB connection on a database file (read only) or in memory. `threads` caps DuckDB's worker
 * threads, `memoryLimit` its memory (e.g. `4GB`): past it DuckDB spills to a temporary directory.
 */
export async function openDuckdb(
  options: { path?: string; threads?: number; memoryLimit?: string; readWrite?: boolean; tempDirectory?: string } = {},
): Promise<SqlRunner> {
  const duck = await optionalImport<typeof import('@duckdb/node-api')>('@duckdb/node-api', '--engine duckdb');
  const settings: Record<string, string> = {};
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  // Where DuckDB spills past its memory limit (its default is a folder in the working directory).
  if (options.tempDirectory !== undefined) settings.temp_directory = options.tempDirectory;
  if (options.path !== undefined && options.readWrite !== true) settings.access_mode = 'READ_ONLY';
  const instance = await duck.DuckDBInstance.create(options.path ?? ':memory:', settings);
  const connection = await instance.connect();
  return {
    engine: 'duckdb',
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => {
        const out: SqlRow = {};
        for (const [key, value] of Object.entries(row)) out[key] = plain(value);
        return out;
      });
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** What a PostgreSQL client offers: `pg`'s Client and PGlite both do. */
export interface PostgresClient {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  exec?(sql: string): Promise<unknown>;
  end?(): Promise<void>;
  close?(): Promise<void>;
}

/** A runner over a PostgreSQL client (PGlite, or `pg` connected to a server). */
export function postgresRunner(client: PostgresClient): SqlRunner {
  return {
    engine: 'postgres',
    async exec(sql) {
      if (client.exec) await client.exec(sql);
      else await client.query(sql);
    },
    async query(sql) {
      const result = await client.query(sql);
      return result.rows.map((row) => {
        const out: SqlRow = {};
        for (const [key, value] of Object.entries(row)) out[key] = plain(value);
        return out;
      });
    },
    async close() {
      if (client.end) await client.end();
      else if (client.close) await client.close();
    },
  };
}

/** A `pg` client connected to the server at `url` (postgres://user:pass@host:port/db). */
export async function openPostgres(url: string): Promise<SqlRunner> {
  const pg = await optionalImport<{
    default: { Client: new (config: object) => PostgresClient & { connect(): Promise<void> } };
  }>('pg', '--engine postgres');
  const client = new pg.default.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw inputError(
      'engine_unreachable',
      `--db: cannot connect to the PostgreSQL server (${(error as Error).message})`,
      {
        where: '--db',
        hint: 'Check the URL (postgres://user:password@host:port/database), that the server runs and accepts you.',
      },
    );
  }
  return postgresRunner(client);
}
