/** Finds the project root (where models/ lives) from src/ml or dist/src/ml alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json) above src/ml');
    dir = parent;
  }
}

export function modelsDir(): string {
  return join(projectRoot(), 'models');
}
