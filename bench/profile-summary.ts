/**
 * Where a .cpuprofile's time went: self time by package (node_modules/<name>, node: internals, the
 * project's own folders) and the top functions, as shares of the sampled total. For the profiles that
 * the benches' --profile writes.
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** The questions issue 16 asks (signature checks, JSON, the platform clients, logging, the database), by package. */
const CATEGORIES: [string, RegExp][] = [
  ['signature checks', /^tsscmp$/],
  ['database (pg, drizzle, src/db)', /^(pg|pg-protocol|pg-pool|pg-types|postgres-.*|drizzle-orm|src\/db|@electric-sql\/pglite|wasm:.*)$/],
  ['Slack Web API client', /^(@slack\/web-api|p-queue|p-retry|retry|eventemitter3)$/],
  ['HTTP client (undici)', /^(@discordjs\/rest|undici)$/],
  ['Bolt', /^(@slack\/bolt|raw-body|@slack\/logger)$/],
  ['discord.js', /^(discord\.js|@discordjs\/.*|@sapphire\/.*|lodash\..*)$/],
  ['logging (pino)', /^(pino|pino-std-serializers|sonic-boom|fast-redact|quick-format-unescaped|thread-stream)$/],
  ['the adapters (src/bot)', /^src\/bot/],
  ['the core (src/core, ts-fsrs)', /^(src\/core|ts-fsrs)$/],
];

function category(group: string): string {
  return CATEGORIES.find(([, match]) => match.test(group))?.[0] ?? group;
}

function where(url: string): string {
  if (!url) return '(native/idle)';
  if (url.startsWith('node:')) return url.split('/')[0]!.replace(/node:(internal\/)?/, 'node:').replace(/\..*$/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|bench|test)\/(.*?)\/?[^/]*$/.exec(url);
  return own ? `${own[1]}/${own[2] || '.'}` : url;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((sum, n) => sum + (hits.get(n.id) ?? 0), 0);
  const busy = total - idle;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  /** Native and Node-internal frames (socket writes, hashing, JSON, streams) count for the nearest package or project caller. */
  const owner = (id: number): string => {
    let first: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (url && !url.startsWith('node:')) return where(url);
      if (url && !first) first = where(url);
    }
    return first ?? '(native/idle)';
  };
  /** Under a request-signature check: Discord's Ed25519 (signature.ts), Bolt's HMAC. */
  const signing = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (/^(checkSignature|verifySlackRequest|isValidSlackRequest)$/.test(byId.get(at)!.callFrame.functionName)) return true;
    }
    return false;
  };
  const owners = new Map<string, number>();
  const kinds = new Map<string, number>();
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, n] of hits) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const group = where(node.callFrame.url);
    groups.set(group, (groups.get(group) ?? 0) + n);
    const by = node.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : owner(id);
    owners.set(by, (owners.get(by) ?? 0) + n);
    // JSON.parse / JSON.stringify are native frames without a URL, wherever they are called from.
    const json = !node.callFrame.url && /^(parse|stringify)$/.test(node.callFrame.functionName);
    const kind = json ? 'JSON (parse, stringify)' : signing(id) ? 'signature checks' : category(by);
    kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + n);
  }
  const share = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${busy} busy samples of ${total}`);
  console.log('by package / folder (self time):');
  for (const [group, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${share(n)}  ${group}`);
  console.log('by package, native and node: time given to the package or project code that called it:');
  for (const [group, n] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${share(n)}  ${group}`);
  console.log('by kind of work:');
  for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${share(n)}  ${kind}`);
  console.log('top functions (self time):');
  for (const [name, n] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`  ${share(n)}  ${name}`);
}
