/**
 * Raw cells as stored in import_row.cells (JSON): dates become `{ d: "ISO" }` so that a rejection
 * report written later shows them as date cells again; everything else is stored as read.
 */
import type { Cell } from './parse/index.ts';

/** A stored cell. */
export type StoredCell = string | number | boolean | null | { d: string };

/** Cells as read → cells as stored. */
export function encodeCells(cells: readonly Cell[]): StoredCell[] {
  const out: StoredCell[] = new Array<StoredCell>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? null;
    out[i] = c instanceof Date ? { d: c.toISOString() } : c;
  }
  return out;
}

/** Cells as stored → cells as read. */
export function decodeCells(stored: unknown): Cell[] {
  if (!Array.isArray(stored)) return [];
  return stored.map((c: unknown): Cell => {
    if (c === null || typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean') return c;
    if (typeof c === 'object' && 'd' in c && typeof c.d === 'string') return new Date(c.d);
    return null;
  });
}

/** Cells for JSON responses: dates as `yyyy-mm-dd`. */
export function cellsForDisplay(stored: unknown): (string | number | boolean | null)[] {
  return decodeCells(stored).map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c));
}
