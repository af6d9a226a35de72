/** The zod readers of environment values that the configuration shares: ports, URLs, flags, numbers. */
import { z } from 'zod';

export const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

export const optionalString = z.preprocess(emptyAsUnset, z.string().trim().min(1).optional());

export const postgresUrl = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .refine((value) => isUrl(value, ['postgres:', 'postgresql:']), {
      message: 'must be a postgres:// or postgresql:// URL with a host',
    })
    .optional(),
);

export const httpUrl = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .refine((value) => isUrl(value, ['http:', 'https:']), { message: 'must be an http:// or https:// URL' })
    .optional(),
);

/** A whole number from `min` to `max`; unset gives undefined. */
export function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\d+$/, { message })
      .transform(Number)
      .refine((value) => value >= min && value <= max, { message })
      .optional(),
  );
}

const PORT_MESSAGE = 'must be a port number from 0 to 65535';
const isPort = (value: string) => /^\d{1,5}$/.test(value) && Number(value) <= 65535;

/** A TCP port, `defaultPort` when unset. */
export function port(defaultPort: number) {
  return z.preprocess(emptyAsUnset, z.string().default(String(defaultPort)).refine(isPort, { message: PORT_MESSAGE }).transform(Number));
}

/** A TCP port, or undefined when unset. */
export function optionalPort() {
  return z.preprocess(emptyAsUnset, z.string().refine(isPort, { message: PORT_MESSAGE }).transform(Number).optional());
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

export function flag(defaultValue: boolean) {
  return z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .refine((value) => value === undefined || value.trim().toLowerCase() in BOOLEAN_WORDS, {
        message: 'must be true or false',
      })
      .transform((value) => (value === undefined ? defaultValue : BOOLEAN_WORDS[value.trim().toLowerCase()]!)),
  );
}

/** A URL of one of `protocols` with a host (postgres.js does not read a Unix socket from the URL). */
function isUrl(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** "0-2,5" -> [0, 1, 2, 5] (sorted, without repeats; the regex has checked the form). */
export function parseShardIds(value: string): number[] {
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const [from, to = from] = part.split('-').map((n) => Number(n.trim())) as [number, number?];
    const low = Math.min(from, to!);
    // Capped so a typo like 0-99999999 is reported (against the count), not looped over.
    for (let id = low; id <= Math.min(Math.max(from, to!), low + 10_000); id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

