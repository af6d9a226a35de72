/**
 * The gateway side: HELLO, IDENTIFY -> READY (and a GUILD_CREATE per guild), heartbeats -> ACKs, RESUME with
 * replay, and dispatches sent only to the shard a guild's events belong to (discord-shards.ts).
 */
import type { WebSocket } from 'ws';
import { requestedShard, shardConflict, shardReceives, type Shard } from '../discord-shards.js';
import type { StandInState } from './state.js';

/** A gateway connection: HELLO, then the client's heartbeats, IDENTIFY and RESUME. */
export function onGateway(state: StandInState, socket: WebSocket): void {
  state.sockets.add(socket);
  socket.on('close', () => {
    state.sockets.delete(socket);
    state.shardOf.delete(socket);
  });
  const send = (payload: unknown) => socket.send(JSON.stringify(payload));
  send({ op: 10, d: { heartbeat_interval: state.options.heartbeatIntervalMs ?? 41_250 } });
  socket.on('message', (raw) => {
    const payload = JSON.parse(raw.toString()) as { op: number; d: any };
    state.gatewayReceived.push(payload);
    switch (payload.op) {
      case 1: // heartbeat
        send({ op: 11 });
        break;
      case 2: {
        // identify
        if (payload.d?.token !== state.options.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        const shard = requestedShard(payload.d.shard);
        const problem = typeof shard === 'string' ? shard : shardConflict(shard, state.shardOf.values());
        if (typeof shard === 'string' || problem !== undefined) {
          state.violations.push(`gateway IDENTIFY: ${problem}`);
          socket.close(4010, 'Invalid shard.');
          return;
        }
        state.shardOf.set(socket, shard);
        const sessionId = `session-${state.id()}`;
        state.sessions.set(sessionId, shard);
        const ready = {
          v: 10,
          user: { id: state.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true },
          guilds: guildsOf(state, shard).map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: state.gatewayUrl,
          shard: [...shard],
          application: { id: state.options.applicationId, flags: 0 },
        };
        dispatch(state, 'READY', ready, socket);
        for (const guild of guildsOf(state, shard)) dispatch(state, 'GUILD_CREATE', guildCreate(guild), socket);
        state.events.emit('identify');
        break;
      }
      case 6: {
        // resume: replay what the client missed, then RESUMED; an unknown session must identify again
        const { session_id: sessionId, seq, token } = payload.d ?? {};
        const shard = state.sessions.get(sessionId);
        if (token !== state.options.token || !shard) {
          send({ op: 9, d: false });
          break;
        }
        state.shardOf.set(socket, shard);
        for (const entry of state.history) if (entry.s > (seq ?? 0) && shardReceives(shard, entry.guildId)) socket.send(entry.payload);
        dispatch(state, 'RESUMED', {}, socket);
        state.events.emit('resumed');
        break;
      }
      default:
        break;
    }
  });
}

/**
 * Sends a dispatch to the connected client(s): the shard of its `guild_id` (shard 0 for a DM).
 * Like Discord, every dispatch is kept with its sequence number so a client that reconnects with
 * RESUME gets what it missed.
 */
export function dispatch(state: StandInState, event: string, data: unknown, only?: WebSocket): void {
  state.sequence += 1;
  const payload = JSON.stringify({ op: 0, t: event, s: state.sequence, d: data });
  const guildId = (data as { guild_id?: string } | undefined)?.guild_id;
  // Only broadcast events are replayed: READY and friends belong to the socket they were sent on.
  if (!only) state.history.push({ s: state.sequence, payload, guildId });
  const targets = only ? [only] : [...state.shardOf].filter(([, shard]) => shardReceives(shard, guildId)).map(([socket]) => socket);
  for (const socket of targets) socket.send(payload);
}

function guildsOf(state: StandInState, shard: Shard): { id: string; name: string; channelIds: string[] }[] {
  return (state.options.guilds ?? []).filter((guild) => shardReceives(shard, guild.id));
}

function guildCreate(guild: { id: string; name: string; channelIds: string[] }): unknown {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: '1',
    unavailable: false,
    large: false,
    member_count: 3,
    features: [],
    joined_at: '2026-01-01T00:00:00.000Z',
    // @everyone shares the guild's id.
    roles: [{ id: guild.id, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: guild.channelIds.map((id, position) => ({ id, type: 0, guild_id: guild.id, name: `study-${position}`, position, permission_overwrites: [] })),
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
