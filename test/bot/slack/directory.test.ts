import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackDirectory } from '../../../src/bot/slack/directory.js';

type UsersInfo = (args: { user: string }) => Promise<{ user?: Record<string, unknown> }>;

function clientWith(info: UsersInfo): { client: webApi.WebClient; lookups: string[] } {
  const lookups: string[] = [];
  const client = {
    users: {
      info: (args: { user: string }) => {
        lookups.push(args.user);
        return info(args);
      },
    },
  } as unknown as webApi.WebClient;
  return { client, lookups };
}

describe('SlackDirectory', () => {
  it('maps users.info to name, admin rights and time zone', async () => {
    const { client } = clientWith(async () => ({ user: { name: 'al', real_name: 'Al B', tz: 'Asia/Tokyo', is_owner: true, profile: { display_name: '' } } }));
    expect(await new SlackDirectory(client).profile('T1', 'U1')).toEqual({ displayName: 'Al B', canManage: true, timeZone: 'Asia/Tokyo' });
  });

  it('treats members as unable to manage', async () => {
    const { client } = clientWith(async () => ({ user: { name: 'm', is_admin: false, is_owner: false, profile: { display_name: 'Mem' } } }));
    expect(await new SlackDirectory(client).profile('T1', 'U1')).toMatchObject({ displayName: 'Mem', canManage: false, timeZone: undefined });
  });

  it('caches a profile for the ttl, then looks it up again', async () => {
    let now = 1_000;
    const { client, lookups } = clientWith(async () => ({ user: { name: 'x', is_admin: true } }));
    const directory = new SlackDirectory(client, { ttlMs: 60_000, now: () => now });
    await directory.profile('T1', 'U1');
    await directory.profile('T1', 'U1');
    now += 59_999;
    await directory.profile('T1', 'U1');
    expect(lookups).toEqual(['U1']);
    now += 2;
    await directory.profile('T1', 'U1');
    await directory.profile('T1', 'U2');
    expect(lookups).toEqual(['U1', 'U1', 'U2']);
  });

  it('keeps at most its capacity of users, dropping the least recently looked up', async () => {
    const { client, lookups } = clientWith(async () => ({ user: { name: 'x' } }));
    const directory = new SlackDirectory(client, { capacity: 2, now: () => 1_000 });
    for (const user of ['U1', 'U2', 'U3']) await directory.profile('T1', user);
    await directory.profile('T1', 'U3'); // still cached
    await directory.profile('T1', 'U1'); // dropped for U3: asked again
    expect(lookups).toEqual(['U1', 'U2', 'U3', 'U1']);
  });

  it('asks users.info once for presses of one user that arrive together', async () => {
    let answer!: () => void;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const { client, lookups } = clientWith(async () => (await gate, { user: { name: 'x', real_name: 'X', is_admin: true } }));
    const directory = new SlackDirectory(client);
    const together = [directory.profile('T1', 'U1'), directory.profile('T1', 'U1'), directory.profile('T1', 'U2')];
    answer();
    expect(await Promise.all(together)).toEqual([
      { displayName: 'X', canManage: true, timeZone: undefined },
      { displayName: 'X', canManage: true, timeZone: undefined },
      { displayName: 'X', canManage: true, timeZone: undefined },
    ]);
    expect(lookups).toEqual(['U1', 'U2']);
  });

  it('works without users:read (no rights, nothing cached)', async () => {
    let fail = true;
    const { client, lookups } = clientWith(async () => {
      if (fail) throw Object.assign(new Error('missing_scope'), { data: { ok: false, error: 'missing_scope' } });
      return { user: { name: 'x', is_admin: true } };
    });
    const directory = new SlackDirectory(client);
    expect(await directory.profile('T1', 'U1')).toEqual({ canManage: false });
    fail = false;
    expect(await directory.profile('T1', 'U1')).toMatchObject({ canManage: true });
    expect(lookups).toHaveLength(2);
  });
});
