/** Turning audit `before`/`after` snapshots into a readable list of changed fields (pure functions). */

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short display text for a snapshot value: '—' for empty, JSON for arrays and objects. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The fields that differ between two snapshots, in a stable order. Nested objects (such as the
 * household `variables`) are compared one level down so that one changed variable is one line.
 */
export function describeChanges(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    return [{ field: '', before: displayValue(before), after: displayValue(after) }];
  }
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (isRecord(x) && isRecord(y)) {
      for (const inner of describeChanges(x, y)) {
        changes.push({ ...inner, field: inner.field ? `${key}.${inner.field}` : key });
      }
    } else {
      changes.push({ field: key, before: displayValue(x), after: displayValue(y) });
    }
  }
  return changes;
}

/** The i18n key suffix for a server code such as `household.update` (dots are key separators in i18next). */
export function codeKey(code: string): string {
  return code.replace(/[^a-zA-Z0-9_]/g, '_');
}
