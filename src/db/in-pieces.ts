/**
 * Big writes go to the database in pieces, a turn of the event loop apart. The database itself works on
 * another thread or machine, but building a statement and reading its rows is work on the bot's thread:
 * one 1,000-row insert held it for ~250 ms. A piece ends at `rows` rows or `chars` characters of text,
 * whichever comes first, so long texts make smaller statements (bench:imports, bench:anki).
 */
import { nextTurn } from '../core/next-turn.js';

export interface PieceSize<T> {
  rows: number;
  /** With `chars`: how much text a row carries. */
  textOf?: (row: T) => number;
  chars?: number;
}

export function* pieces<T>(rows: readonly T[], size: PieceSize<T>): Generator<T[]> {
  let piece: T[] = [];
  let chars = 0;
  for (const row of rows) {
    piece.push(row);
    chars += size.textOf?.(row) ?? 0;
    if (piece.length >= size.rows || (size.chars !== undefined && chars >= size.chars)) {
      yield piece;
      piece = [];
      chars = 0;
    }
  }
  if (piece.length > 0) yield piece;
}

/** Runs `write` on each piece in order, yielding to the event loop between them. */
export async function inPieces<T>(rows: readonly T[], size: PieceSize<T>, write: (piece: T[]) => Promise<unknown>): Promise<void> {
  let first = true;
  for (const piece of pieces(rows, size)) {
    if (!first) await nextTurn();
    first = false;
    await write(piece);
  }
}
