import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Migrates one PGlite template for every test database to load (test/support/pglite-template.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // PGlite and the WASM backend are memory-hungry; two forks match the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
