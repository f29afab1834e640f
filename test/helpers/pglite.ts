/**
 * A fresh PGlite database for a test, started from a copy of an initialized data directory instead
 * of running initdb each time (about 1 s instead of 3-4 s here). initdb is PGlite's dearest step
 * (6-7 s of CPU here), so its data directory is kept on disk for this PGlite version, in
 * node_modules/.cache beside the test bundles: every process, worker and later run starts from it.
 * Every database is new and empty all the same. A file that needs several tables opens one database
 * in `beforeAll` and makes its tables there (about 1 s of CPU for each database opened).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';

let template: Promise<Blob> | undefined;

async function initdb(): Promise<Blob> {
  const db = new PGlite();
  await db.query('SELECT 1');
  const dump = await db.dumpDataDir('none');
  await db.close();
  return dump;
}

/**
 * The initialized data directory: read from the cache, else made by initdb and written there. The
 * test files that start together (the database ones are among the longest, which vitest starts
 * first) would each run initdb: one takes a lock file and makes it, the others wait for it (at most
 * a minute: a lock left by a killed run is then passed over).
 */
async function makeTemplate(): Promise<Blob> {
  const modules = join(process.cwd(), 'node_modules');
  const { version } = JSON.parse(readFileSync(join(modules, '@electric-sql', 'pglite', 'package.json'), 'utf8'));
  const dir = join(modules, '.cache', 'opsmetrics-test');
  const file = join(dir, `pglite-${version}-datadir.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  mkdirSync(dir, { recursive: true });
  const lock = `${file}.lock`;
  let mine = false;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    mine = true;
  } catch {
    for (let waited = 0; waited < 60_000 && !existsSync(file); waited += 250) await sleep(250);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
  }
  try {
    const dump = await initdb();
    // Written beside and renamed: a reader never sees half a data directory.
    const partial = `${file}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    if (mine) rmSync(lock, { force: true });
  }
}

export async function freshPglite(): Promise<PGlite> {
  template ??= makeTemplate();
  const db = new PGlite({ loadDataDir: await template });
  await db.query('SELECT 1');
  return db;
}
