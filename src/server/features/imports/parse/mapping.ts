/**
 * Column mapping: which column of a file feeds which canonical field. Proposed automatically from
 * header synonyms, shown as a preview, corrected by the user, saved as a named preset or written by
 * hand as a JSON mapping file for the command line (same schema).
 */
import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import {
  fieldDef,
  fieldsFor,
  requiredFields,
  type FieldDef,
  type ImportLayout,
  type ImportSource,
} from './fields.ts';
import { cellText, compactKey, editDistance, normalizeKey, type Cell } from './text.ts';

export type { ImportLayout, ImportSource } from './fields.ts';

const valueSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A mapping, as stored in a preset or a mapping file. `columns` maps a canonical field to a header
 * exactly as written in the file; when a header occurs twice, `NAMA#2` names its second
 * occurrence. `valueMaps` translates raw values before parsing (keys compared case- and
 * punctuation-insensitively), e.g. Dukcapil SHDK numbers to dictionary codes. `defaults` fills a
 * field the file lacks (e.g. the programme of a beneficiary list).
 */
export const mappingSchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    source: z.enum(['kemensos', 'beneficiaries']),
    layout: z.enum(['person', 'family']).default('person'),
    sheet: z.union([z.string().min(1), z.number().int().positive()]).optional(),
    headerRow: z.number().int().positive().optional(),
    columns: z.record(z.string(), z.string().min(1)),
    valueMaps: z.record(z.string(), z.record(z.string(), valueSchema)).optional(),
    defaults: z.record(z.string(), z.string()).optional(),
    /** Person layout: copy family fields down into rows left blank under merged cells. */
    fillDown: z.boolean().optional(),
  })
  .superRefine((m, ctx) => {
    const allowed = new Set(fieldsFor(m.source).map((f) => f.key));
    for (const group of [m.columns, m.valueMaps ?? {}, m.defaults ?? {}]) {
      for (const key of Object.keys(group)) {
        if (!allowed.has(key)) {
          ctx.addIssue({
            code: 'custom',
            message: `Unknown field for source ${m.source}: ${key}`,
            path: [key],
          });
        }
      }
    }
  });

export type Mapping = z.output<typeof mappingSchema>;

/** Parses a mapping file's JSON text, with a bilingual error listing what is wrong. */
export function parseMappingFile(json: string): Mapping {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new AppError('mapping_invalid', 400, {
      id: `Berkas pemetaan kolom bukan JSON yang sah: ${(error as Error).message}`,
      en: `The column mapping file is not valid JSON: ${(error as Error).message}`,
    });
  }
  const result = mappingSchema.safeParse(data);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError(
      'mapping_invalid',
      400,
      {
        id: `Berkas pemetaan kolom tidak sah: ${detail}`,
        en: `The column mapping file is invalid: ${detail}`,
      },
      result.error.issues,
    );
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Automatic mapping

export interface ColumnMatch {
  field: string;
  header: string;
  /** 0-based column index in the file. */
  column: number;
  /** 1 for a known header name, lower for a near miss (a typo or an extra letter). */
  confidence: number;
  how: 'synonym' | 'fuzzy';
}

export interface AutoMapResult {
  mapping: Mapping;
  matches: ColumnMatch[];
  unmatchedHeaders: { header: string; column: number }[];
  /** Required field groups that no column fills (any one field of a group would do). */
  missingRequired: string[][];
  layout: LayoutGuess;
}

export interface LayoutGuess {
  layout: ImportLayout;
  reason: { id: string; en: string };
}

interface SynonymIndex {
  exact: Map<string, string>;
  keys: { key: string; field: string }[];
}
const indexCache = new Map<ImportSource, SynonymIndex>();

function synonymIndex(source: ImportSource): SynonymIndex {
  const cached = indexCache.get(source);
  if (cached) return cached;
  const exact = new Map<string, string>();
  for (const field of fieldsFor(source)) {
    for (const synonym of field.synonyms) {
      const key = compactKey(synonym);
      if (key !== '' && !exact.has(key)) exact.set(key, field.key);
    }
  }
  const index = { exact, keys: [...exact].map(([key, field]) => ({ key, field })) };
  indexCache.set(source, index);
  return index;
}

// Words that decorate a header without changing its meaning: 'NO. URUT' stays unmatched,
// but 'JENIS KELAMIN (L/P)' and 'TGL LAHIR (DD-MM-YYYY)' lose the part in brackets.
function headerForms(header: string): string[] {
  const forms = [compactKey(header)];
  const withoutNote = compactKey(header.replace(/\(.*?\)|\[.*?\]/g, ''));
  if (withoutNote !== forms[0]) forms.push(withoutNote);
  const words = normalizeKey(header.replace(/\(.*?\)|\[.*?\]/g, '')).split(' ');
  const lead = words[0];
  if (
    words.length > 1 &&
    lead &&
    ['MEMILIKI', 'PUNYA', 'KEPEMILIKAN', 'ASET', 'JUMLAH', 'JML'].includes(lead)
  ) {
    forms.push(words.slice(1).join(''));
  }
  return forms.filter((f) => f !== '');
}

function matchHeader(
  header: string,
  index: SynonymIndex,
): { field: string; confidence: number; how: 'synonym' | 'fuzzy' } | null {
  const forms = headerForms(header);
  for (const [i, form] of forms.entries()) {
    const field = index.exact.get(form);
    if (field) return { field, confidence: i === 0 ? 1 : 0.9, how: 'synonym' };
  }
  const form = forms[forms.length - 1] ?? '';
  if (form.length < 6) return null;
  const max = form.length >= 12 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = max + 1;
  let tie = false;
  for (const { key, field } of index.keys) {
    const d = editDistance(form, key, max);
    if (d < bestDistance) {
      best = field;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && d <= max && field !== best) {
      tie = true;
    }
  }
  if (best === null || bestDistance > max || tie) return null;
  return { field: best, confidence: bestDistance === 1 ? 0.8 : 0.7, how: 'fuzzy' };
}

/** The names by which a mapping refers to each column: the header, or `HEADER#n` for repeats. */
export function columnKeys(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h}#${n}`;
  });
}

/**
 * Proposes a mapping from the headers: each header is matched against the synonyms of the
 * source's fields (exact after normalisation, else within one or two typos), each field and each
 * column used once, best matches first. Without a given layout, it is guessed from the headers and
 * the preview rows, and in the family layout plain NIK/NAMA columns are taken as the head's.
 */
export function autoMap(
  headers: readonly string[],
  source: ImportSource,
  opts: { layout?: ImportLayout; previewRows?: readonly (readonly Cell[])[] } = {},
): AutoMapResult {
  const index = synonymIndex(source);
  const keys = columnKeys(headers);
  const candidates: (ColumnMatch & { order: number })[] = [];
  headers.forEach((header, column) => {
    if (cellText(header) === null) return;
    const m = matchHeader(header, index);
    if (m) candidates.push({ ...m, header: keys[column] ?? header, column, order: column });
  });
  candidates.sort((a, b) => b.confidence - a.confidence || a.order - b.order);
  const usedFields = new Set<string>();
  const usedColumns = new Set<number>();
  const matches: ColumnMatch[] = [];
  for (const c of candidates) {
    if (usedFields.has(c.field) || usedColumns.has(c.column)) continue;
    usedFields.add(c.field);
    usedColumns.add(c.column);
    matches.push({
      field: c.field,
      header: c.header,
      column: c.column,
      confidence: c.confidence,
      how: c.how,
    });
  }
  matches.sort((a, b) => a.column - b.column);

  const layout: LayoutGuess =
    source === 'beneficiaries'
      ? {
          layout: 'person',
          reason: {
            id: 'Daftar penerima: satu baris per orang.',
            en: 'Beneficiary list: one row per person.',
          },
        }
      : opts.layout
        ? { layout: opts.layout, reason: { id: 'Dipilih pengguna.', en: 'Chosen by the user.' } }
        : detectLayout(matches, opts.previewRows);

  const columns: Record<string, string> = {};
  for (const m of matches) columns[m.field] = m.header;
  const mapping: Mapping = { source, layout: layout.layout, columns };
  return {
    mapping,
    matches,
    unmatchedHeaders: headers
      .map((header, column) => ({ header: keys[column] ?? header, column }))
      .filter((h) => !usedColumns.has(h.column) && cellText(headers[h.column] ?? null) !== null),
    missingRequired: missingRequired(mapping),
    layout,
  };
}

/**
 * Guesses the layout: a relationship column means one row per person; head-of-family or
 * member-count columns without a plain NIK column mean one row per family; otherwise KK numbers
 * repeated in the preview mean persons and all-distinct ones families. The user confirms.
 */
export function detectLayout(
  matches: readonly Pick<ColumnMatch, 'field' | 'column'>[],
  previewRows?: readonly (readonly Cell[])[],
): LayoutGuess {
  const has = (f: string) => matches.some((m) => m.field === f);
  if (has('relationship')) {
    return {
      layout: 'person',
      reason: {
        id: 'Ada kolom hubungan keluarga: satu baris per orang.',
        en: 'A relationship column: one row per person.',
      },
    };
  }
  if ((has('head_nik') || has('head_name') || has('member_count')) && !has('nik')) {
    return {
      layout: 'family',
      reason: {
        id: 'Ada kolom kepala keluarga atau jumlah anggota tanpa kolom NIK: satu baris per keluarga.',
        en: 'Head-of-family or member-count columns without a NIK column: one row per family.',
      },
    };
  }
  const kk = matches.find((m) => m.field === 'kk_number');
  if (kk && previewRows) {
    const values = previewRows
      .map((r) => cellText(r[kk.column] ?? null))
      .filter((v): v is string => v !== null);
    if (values.length >= 5) {
      if (new Set(values).size < values.length) {
        return {
          layout: 'person',
          reason: {
            id: 'Nomor KK berulang: satu baris per orang.',
            en: 'KK numbers repeat: one row per person.',
          },
        };
      }
      return {
        layout: 'family',
        reason: {
          id: 'Setiap nomor KK muncul sekali: satu baris per keluarga.',
          en: 'Each KK number appears once: one row per family.',
        },
      };
    }
  }
  return {
    layout: 'person',
    reason: { id: 'Satu baris per orang (bawaan).', en: 'One row per person (default).' },
  };
}

/** Required field groups a mapping leaves unfilled (a default value counts as filled). */
export function missingRequired(mapping: Mapping): string[][] {
  const filled = new Set([...Object.keys(mapping.columns), ...Object.keys(mapping.defaults ?? {})]);
  return requiredFields(mapping.source, mapping.layout)
    .filter((group) => !group.some((f) => filled.has(f)))
    .map((g) => [...g]);
}

// ---------------------------------------------------------------------------------------------
// Applying a mapping to rows

export interface ResolvedColumn {
  field: string;
  column: number;
  def: FieldDef;
  /** Normalised raw value → replacement, from the mapping's valueMaps. */
  valueMap?: Map<string, Cell>;
}

export interface ResolvedMapping {
  mapping: Mapping;
  columns: ResolvedColumn[];
  defaults: Record<string, string>;
}

/**
 * Ties a mapping to the headers of an opened file. Throws `mapping_column_not_found` when a
 * mapped header is absent and `mapping_required_missing` when a required field has no column.
 */
export function resolveMapping(mapping: Mapping, headers: readonly string[]): ResolvedMapping {
  const keys = columnKeys(headers);
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => byKey.set(k, i));
  // Headers are also matched loosely, so a hand-written mapping file may say "No. KK" for "NO KK".
  const byCompact = new Map<string, number>();
  keys.forEach((k, i) => {
    const c = compactKey(k);
    if (!byCompact.has(c)) byCompact.set(c, i);
  });
  const missing: string[] = [];
  const columns: ResolvedColumn[] = [];
  for (const [field, header] of Object.entries(mapping.columns)) {
    const def = fieldDef(field);
    if (!def) continue;
    const column = byKey.get(header) ?? byCompact.get(compactKey(header));
    if (column === undefined) {
      missing.push(header);
      continue;
    }
    const rawMap = mapping.valueMaps?.[field];
    const valueMap = rawMap
      ? new Map<string, Cell>(Object.entries(rawMap).map(([k, v]) => [compactKey(k), v]))
      : undefined;
    columns.push(valueMap ? { field, column, def, valueMap } : { field, column, def });
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new AppError(
      'mapping_column_not_found',
      400,
      {
        id: `Kolom berikut dari pemetaan tidak ada di berkas: ${list}.`,
        en: `These columns of the mapping are not in the file: ${list}.`,
      },
      { missing },
    );
  }
  const unfilled = missingRequired(mapping);
  if (unfilled.length > 0) {
    const label = (f: string) => fieldDef(f)?.label ?? { id: f, en: f };
    const id = unfilled.map((g) => g.map((f) => label(f).id).join(' atau ')).join(', ');
    const en = unfilled.map((g) => g.map((f) => label(f).en).join(' or ')).join(', ');
    throw new AppError(
      'mapping_required_missing',
      400,
      { id: `Kolom wajib belum dipetakan: ${id}.`, en: `Required columns are not mapped: ${en}.` },
      { unfilled },
    );
  }
  columns.sort((a, b) => a.column - b.column);
  return { mapping, columns, defaults: { ...(mapping.defaults ?? {}) } };
}

/** The mapped values of one row: canonical field → raw cell (after valueMaps and defaults). */
export type MappedRow = Record<string, Cell>;

/** Picks the mapped cells of one row; cheap enough to call a million times. */
export function mapRow(resolved: ResolvedMapping, cells: readonly Cell[]): MappedRow {
  const out: MappedRow = {};
  for (const col of resolved.columns) {
    let value: Cell = cells[col.column] ?? null;
    if (col.valueMap && value !== null) {
      const text = cellText(value);
      const replaced = text === null ? undefined : col.valueMap.get(compactKey(text));
      if (replaced !== undefined) value = replaced;
    }
    out[col.field] = value;
  }
  for (const field in resolved.defaults) {
    if (cellText(out[field] ?? null) === null) out[field] = resolved.defaults[field] ?? null;
  }
  return out;
}
