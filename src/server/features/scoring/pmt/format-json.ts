/**
 * JSON text laid out the way the repository's Prettier settings (printWidth 110) lay it out, so that a
 * model or rule set saved by the app or the CLI passes `prettier --check` unchanged when committed.
 */

const PRINT_WIDTH = 110;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function print(value: Json, indent: string, prefixLength: number, trailing: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) {
      const items = value.map((v) => JSON.stringify(v));
      const oneLine = `[${items.join(', ')}]`;
      if (prefixLength + oneLine.length + trailing <= PRINT_WIDTH) return oneLine;
      if (value.every((v) => typeof v === 'number')) {
        // Prettier fills number arrays: as many per line as fit.
        const lines: string[] = [];
        let line = '';
        for (const item of items) {
          const candidate = line ? `${line}, ${item}` : item;
          if (line && inner.length + candidate.length + 1 > PRINT_WIDTH) {
            lines.push(`${line},`);
            line = item;
          } else line = candidate;
        }
        lines.push(line);
        return `[\n${lines.map((l) => `${inner}${l}`).join('\n')}\n${indent}]`;
      }
      return `[\n${items.map((i) => `${inner}${i}`).join(',\n')}\n${indent}]`;
    }
    const parts = value.map(
      (v, i) => `${inner}${print(v, inner, inner.length, i < value.length - 1 ? 1 : 0)}`,
    );
    return `[\n${parts.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const parts = entries.map(([k, v], i) => {
    const key = `${JSON.stringify(k)}: `;
    return `${inner}${key}${print(v, inner, inner.length + key.length, i < entries.length - 1 ? 1 : 0)}`;
  });
  return `{\n${parts.join(',\n')}\n${indent}}`;
}

/** Serialise a JSON value with objects expanded and short primitive arrays on one line; ends with a newline. */
export function formatJson(value: unknown): string {
  // Round-trip through JSON first: drops undefined and functions exactly as JSON.stringify would.
  return `${print(JSON.parse(JSON.stringify(value)) as Json, '', 0, 0)}\n`;
}
