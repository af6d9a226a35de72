/**
 * The project root (where migrations/, decks/ and models/ live), found the same way from src/ under tsx
 * and from dist/src/ after a build: the nearest ancestor with a package.json. The Docker image ships a
 * package.json inside dist/, so there the root is dist/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root (package.json) above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function fromRoot(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}
