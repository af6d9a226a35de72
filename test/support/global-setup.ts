/** Runs once before the test workers start: makes the PGlite template they all load (see pglite-template.ts). */
import { ensurePgliteTemplate } from './pglite-template.js';

export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
}
