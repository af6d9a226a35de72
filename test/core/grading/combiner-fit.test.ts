/**
 * The combiner's committed weights (src/core/grading/combiner-weights.ts) are what scripts/fit-grader.ts
 * fits on SAF's train rows with today's signals: a change to what the grader measures that is not refitted
 * fails here. The fit is deterministic (ordinal-fit.ts: no random start, fixed steps).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAF_FILE } from '../../../scripts/grading-sets.js';
import { fromRoot } from '../../../src/paths.js';

describe.skipIf(!existsSync(SAF_FILE))('the combiner weights', () => {
  it('are what npm run fit:grader makes of the SAF train rows', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('scripts/fit-grader.ts'), '--check'], { cwd: fromRoot('.'), encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('the committed weights are what the fit gives');
    expect(run.status).toBe(0);
  }, 240_000);
});
