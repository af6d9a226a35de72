/**
 * Discord's gateway sharding, as the stand-in enforces it (docs: Gateway > Sharding):
 * IDENTIFY's `shard` is `[shard_id, num_shards]` with 0 <= shard_id < num_shards (left out: [0, 1]);
 * every shard of an application uses the same num_shards, and each shard is one session, so a
 * second live connection for a shard id is a bug in whoever started it. Guild events go to shard
 * `(guild_id >> 22) % num_shards`, DMs to shard 0.
 */
export type Shard = readonly [id: number, count: number];

/** The shard an IDENTIFY asks for, or a reason it is invalid (Discord closes with 4010 Invalid shard). */
export function requestedShard(shard: unknown): Shard | string {
  if (shard === undefined) return [0, 1];
  if (!Array.isArray(shard) || shard.length !== 2 || !shard.every((n) => Number.isInteger(n))) {
    return `shard ${JSON.stringify(shard)} is not [shard_id, num_shards]`;
  }
  const [id, count] = shard as [number, number];
  if (count < 1 || id < 0 || id >= count) return `shard [${id}, ${count}]: shard_id must be 0 to num_shards - 1`;
  return [id, count];
}

/** Why `shard` may not connect beside the shards already connected, if it may not. */
export function shardConflict(shard: Shard, connected: Iterable<Shard>): string | undefined {
  for (const [id, count] of connected) {
    if (count !== shard[1]) return `shard [${shard[0]}, ${shard[1]}] identified while shard [${id}, ${count}] is connected: num_shards must match`;
    if (id === shard[0]) return `shard ${id} identified twice while connected`;
  }
  return undefined;
}

/** Whether a dispatch about `guildId` (none: a DM) goes to `shard`. */
export function shardReceives(shard: Shard, guildId: string | undefined): boolean {
  const [id, count] = shard;
  if (guildId === undefined) return id === 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
}
