import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_REASONS, REASONS, hasError, reason, type ReasonCode } from './reasons.ts';

const docPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../docs/import-reasons.md',
);

describe('reason catalogue', () => {
  it('gives every code a message in both languages', () => {
    for (const code of Object.keys(REASONS) as ReasonCode[]) {
      const f = reason(code, { field: { id: 'Kolom', en: 'Field' }, value: 'x', row: 3 });
      expect(f.message.id.length, code).toBeGreaterThan(10);
      expect(f.message.en.length, code).toBeGreaterThan(10);
      expect(f.message.id, code).not.toBe(f.message.en);
      expect(f.severity).toBe(REASONS[code].severity);
    }
  });

  it('is documented in docs/import-reasons.md with the same severities', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    const all = [
      ...Object.entries(REASONS).map(([code, def]) => ({ code, severity: def.severity })),
      ...EXTERNAL_REASONS.map((r) => ({ code: r.code, severity: r.severity })),
    ];
    for (const { code, severity } of all) {
      // Table rows, whatever the column padding: | `code` | severity | ...
      const cells = doc
        .split('\n')
        .map((l) => l.split('|').map((c) => c.trim()))
        .find((c) => c[1] === `\`${code}\``);
      expect(cells, `${code} missing from docs/import-reasons.md`).toBeDefined();
      expect(cells?.[2], code).toBe(severity);
    }
  });

  it('truncates long values in messages and tells errors from warnings', () => {
    const f = reason(
      'region_unknown',
      { field: { id: 'Kelurahan', en: 'Kelurahan' }, value: 'X'.repeat(200) },
      'village',
    );
    expect(f.message.id.length).toBeLessThan(120);
    expect(f.field).toBe('village');
    expect(hasError([reason('name_suspicious'), reason('sex_invalid')])).toBe(true);
    expect(hasError([reason('name_suspicious')])).toBe(false);
  });
});
