/**
 * Cheap PGlite opens for tests. A fresh in-memory PGlite runs initdb and then every migration: 3-7 s of
 * CPU, 20-40 s of wall time on a loaded machine. Loading a dump of an already migrated database skips
 * both (about a third of the CPU). The dump is made once per migration set and PGlite version, kept
 * in the OS temp folder between runs, and made before the test workers start (vitest globalSetup).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsFolder, openDatabase, pgliteTemplate, type Database } from '../../src/db/connect.js';
import { fromRoot } from '../../src/paths.js';

/** Changes whenever a migration or the PGlite version does, so a stale template is never loaded. */
function templatePath(): string {
  const hash = createHash('sha1');
  hash.update(JSON.parse(readFileSync(fromRoot('node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(migrationsFolder);
  return join(tmpdir(), `studybot-pglite-template-${hash.digest('hex').slice(0, 16)}.tgz`);
}

/** Makes the template file unless it is there already; safe to race (write aside, then rename). */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = templatePath();
  if (!existsSync(path)) {
    const dump = await pgliteTemplate();
    const aside = `${path}.${process.pid}`;
    writeFileSync(aside, new Uint8Array(await dump.arrayBuffer()));
    renameSync(aside, path);
  }
  return path;
}

let template: Promise<Blob> | undefined;

/** An empty, migrated in-memory PGlite database, loaded from the template. */
export async function openTemplatedPglite(): Promise<Database> {
  template ??= ensurePgliteTemplate().then((path) => new Blob([new Uint8Array(readFileSync(path))]));
  return openDatabase({ template: await template });
}
