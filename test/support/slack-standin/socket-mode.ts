/**
 * Socket Mode: Slack's side of the WebSocket (hello, envelopes, acks by envelope_id), on the stand-in's
 * server at /socket (the URL apps.connections.open hands out).
 */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SlackStandIn } from './types.js';

export interface SocketMode {
  socketConnected: SlackStandIn['socketConnected'];
  sendEnvelope: SlackStandIn['sendEnvelope'];
  /** Drops every client and stops taking new ones (close). */
  close(): void;
}

export function attachSocketMode(server: Server): SocketMode {
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | undefined;
  let envelopeCounter = 0;
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket')) return void sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (message.envelope_id) pendingAcks.get(message.envelope_id)?.(message.payload ?? {});
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STUDY' } }));
    });
  });

  return {
    async socketConnected(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (socket?.readyState !== 1) {
        if (Date.now() > deadline) throw new Error('stand-in: timed out waiting for a socket mode connection');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    sendEnvelope(type, payload, options = {}) {
      const envelopeId = options.envelopeId ?? `env-${++envelopeCounter}`;
      return new Promise((resolve, reject) => {
        if (!socket || socket.readyState !== 1) return reject(new Error('stand-in: no socket mode client connected'));
        const timer = setTimeout(() => reject(new Error(`stand-in: no ack for ${envelopeId}`)), 3000);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          pendingAcks.delete(envelopeId);
          resolve(ack);
        });
        socket.send(
          JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true, retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }),
        );
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
