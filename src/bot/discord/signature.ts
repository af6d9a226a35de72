/**
 * Discord's request signing for the Interactions Endpoint URL: an Ed25519 signature (hex, header
 * X-Signature-Ed25519) over the X-Signature-Timestamp header followed by the raw body, checked
 * against the application's public key. Node's own crypto does Ed25519; the raw 32-byte key is
 * wrapped in the SPKI DER header Node needs. A timestamp more than 5 minutes off is refused too, so a
 * captured request cannot be replayed later.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
export const MAX_SKEW_MS = 5 * 60_000;

/** A hex public key as the Developer Portal shows it -> a key object. Throws on a malformed key. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('an Ed25519 public key is 64 hex characters (32 bytes)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Whether `body` was signed by Discord at `timestamp` (unix seconds), within MAX_SKEW_MS of `nowMs`. */
export function checkSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowMs: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  // Buffer.from(hex) skips bad characters silently, so the form is checked first.
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_SKEW_MS) return { ok: false, reason: 'stale timestamp' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'bad signature' };
  return { ok: true };
}
