/**
 * Formula-injection guard for every spreadsheet or CSV the app writes (OWASP "CSV injection"):
 * a text cell that starts with =, +, -, @ (or a tab or carriage return, which some spreadsheet
 * programs strip before evaluating) is prefixed with an apostrophe so it is shown, never run.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text value would be taken as a formula by a spreadsheet program. */
export function needsFormulaEscape(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Escapes one text value; other text is returned unchanged. */
export function escapeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Escapes one cell value of any type. Only strings can carry a formula: numbers, booleans, dates
 * and empty cells are written as typed values and are returned unchanged.
 */
export function escapeCell<T>(value: T): T | string {
  return typeof value === 'string' ? escapeText(value) : value;
}

/**
 * One CSV field, formula-escaped and quoted when it holds the delimiter, a quote or a line break
 * (RFC 4180: quotes doubled).
 */
export function csvField(value: string | number | boolean | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  // A number such as -5 cannot carry a formula, so only text is escaped.
  const text = typeof value === 'string' ? escapeText(value) : String(value);
  if (text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}
