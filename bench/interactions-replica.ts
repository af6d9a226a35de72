/**
 * One Discord HTTP-interactions replica in its own process, for bench/interactions.ts: its own core
 * on the Postgres database at DATABASE_URL, its endpoint on a free port. Talks to the bench over IPC:
 * sends `{ endpoint }` once listening; on `stop` drains, and sends `{ cpuMs }` (this process's CPU
 * while serving) before exiting.
 */
import pino from 'pino';
import { createStudyBot } from '../src/app.js';
import { startDiscord } from '../src/bot/discord/index.js';
import type { DiscordHttpAdapter } from '../src/bot/discord/http-mode.js';
import { openDatabase } from '../src/db/connect.js';

const [apiBase, publicKey, applicationId, guildId, token, index] = process.argv.slice(2) as [string, string, string, string, string, string];

async function main(): Promise<void> {
  const database = await openDatabase({ url: process.env.DATABASE_URL! });
  const adapter = (await startDiscord({
    bot: await createStudyBot({ db: database.db }),
    token,
    applicationId,
    guildId,
    apiBase,
    log: pino({ level: 'warn' }, pino.destination(2)).child({ replica: Number(index) }),
    http: { publicKey, port: 0 },
  })) as DiscordHttpAdapter;
  let cpuStart = process.cpuUsage();
  process.on('message', async (message: string) => {
    if (message === 'go') cpuStart = process.cpuUsage();
    if (message !== 'stop') return;
    await adapter.stop();
    const cpu = process.cpuUsage(cpuStart);
    await database.close();
    process.send!({ cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
  });
  process.send!({ endpoint: adapter.endpoint });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
