/**
 * Counts the database statements of this process, for bench/interactions-replica.ts, below the
 * driver, so that BEGIN and COMMIT count too: node-postgres's Client.query (the server pool's
 * clients subclass it) and PGlite's query/exec, inside transactions included. Each statement is
 * also tallied by its first words, to see what a press costs.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface StatementCounter {
  count(): number;
  kinds(): Record<string, number>;
  reset(): void;
}

let kinds = new Map<string, number>();
let total = 0;
let installed = false;

function note(text: unknown): void {
  total++;
  const sql = typeof text === 'string' ? text : typeof (text as { text?: unknown })?.text === 'string' ? (text as { text: string }).text : '?';
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
  kinds.set(key, (kinds.get(key) ?? 0) + 1);
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, name: string): void {
  const original = target[name] as AnyFn;
  target[name] = function (this: unknown, ...args: unknown[]) {
    note(args[0]);
    return original.apply(this, args);
  };
}

export function countStatements(): StatementCounter {
  if (!installed) {
    installed = true;
    wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query');
    const lite = PGlite.prototype as unknown as Record<string, unknown>;
    wrap(lite, 'query');
    wrap(lite, 'exec');
    const transaction = lite.transaction as AnyFn;
    lite.transaction = function (this: unknown, work: (tx: Record<string, unknown>) => unknown) {
      note('BEGIN');
      return transaction.call(this, (tx: Record<string, unknown>) => {
        for (const name of ['query', 'exec', 'sql']) wrap(tx, name);
        return Promise.resolve(work(tx)).then((result) => (note('COMMIT'), result));
      });
    };
  }
  return {
    count: () => total,
    kinds: () => Object.fromEntries([...kinds].sort((a, b) => b[1] - a[1])),
    reset: () => {
      total = 0;
      kinds = new Map();
    },
  };
}
