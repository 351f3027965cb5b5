/**
 * Checks across the rows of one file, in a single streaming pass: the same NIK twice, the same
 * NIK in two family cards, the same KK twice in a family-layout file, family fields that disagree
 * within a KK, heads of family, and blank family cells under merged cells. State is kept in Maps of
 * NIK and KK to small integers plus typed arrays, so memory grows with the number of distinct
 * NIKs and KKs (about 150 bytes per NIK), not with the row count.
 *
 * Decisions (docs/import-reasons.md):
 * - Only rows that passed row validation are registered; a rejected row cannot make a later,
 *   correct row a duplicate, and after the kelurahan corrects it the re-import still works.
 * - The same NIK again in the same KK is the same person listed twice: the later row is an error
 *   (`nik_duplicate_in_file`); the first row stays.
 * - The same NIK in two different KKs is a warning on the later row (`nik_in_two_kk`): which card
 *   is current cannot be told from file order, and rejecting would silently drop a member from a
 *   real family. Both rows are kept and the conflict is left to linkage and verification.
 * - In a family-layout file the same KK twice is an error on the later row (`kk_duplicate_in_file`).
 * - In a beneficiary list the same NIK for the same programme and period twice is an error on the
 *   later row (`beneficiary_duplicate`); other periods or programmes are separate entries.
 */
import { fieldDef, type ImportLayout, type ImportSource } from '../parse/fields.ts';
import type { MappedRow, ResolvedMapping } from '../parse/mapping.ts';
import { cellText, type Cell } from '../parse/text.ts';
import { parseRelationship } from '../parse/values.ts';
import { reason, type RowFinding } from './reasons.ts';
import type { StagedHousehold, ValidatedRow } from './row.ts';

/** A growable array of 32-bit integers (a plain number[] costs twice as much per entry). */
class IntVector {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i] ?? 0;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

// FNV-1a: a cheap fingerprint of a family field's value; 0 is kept for "blank".
function fingerprint(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  const s = typeof value === 'string' ? value : String(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

type FamilyKey = Exclude<keyof StagedHousehold, 'kkNumber' | 'variables' | 'memberCount'>;
const FAMILY_COMPARED: readonly { key: FamilyKey; field: string }[] = [
  { key: 'address', field: 'address' },
  { key: 'rt', field: 'rt' },
  { key: 'rw', field: 'rw' },
  { key: 'villageCode', field: 'village' },
  { key: 'desil', field: 'desil' },
  { key: 'dtsenId', field: 'dtsen_id' },
  { key: 'headNik', field: 'head_nik' },
  { key: 'headName', field: 'head_name' },
];

export interface FileCheckerOptions {
  source: ImportSource;
  layout: ImportLayout;
  /** Household variables to compare within a KK (the mapped ones). */
  variableKeys?: readonly string[];
  /** Whether the relationship column is mapped, so heads of family can be counted. */
  checkHeads?: boolean;
}

export interface FileCheckerResult {
  /** Findings known only at the end, each on the row it concerns. */
  rowFindings: { rowNumber: number; finding: RowFinding }[];
  /** Findings about the whole file. */
  fileFindings: RowFinding[];
}

export interface FileChecker {
  /** Cross-row findings for one validated row; call once per row, in file order. */
  check(rowNumber: number, row: ValidatedRow): RowFinding[];
  /** Findings that need the whole file (a KK without a head, a truncated NIK column). */
  finish(): FileCheckerResult;
  /** Distinct NIKs and KKs registered so far. */
  stats(): { niks: number; kks: number; entries: number };
}

/** Creates the cross-row checker of one file. */
export function createFileChecker(opts: FileCheckerOptions): FileChecker {
  const niks = new Map<string, number>();
  const nikFirstRow = new IntVector();
  const nikKk = new IntVector();

  const kks = new Map<string, number>();
  const kkNumbers: string[] = [];
  const kkFirstRow = new IntVector();
  const kkHeadRow = new IntVector();
  const variableKeys = opts.variableKeys ?? [];
  const stride = FAMILY_COMPARED.length + variableKeys.length;
  let kkHashes = new Uint32Array(1024 * stride);

  const entries = new Map<string, number>();

  // Column-level Excel damage: 16-digit numbers that survived row checks but mostly end in 0.
  const truncation = {
    nik: { checked: 0, zero: 0 },
    kk: { checked: 0, zero: 0 },
  };
  const count = (which: 'nik' | 'kk', value: string | null) => {
    if (value === null || value.length !== 16) return;
    truncation[which].checked++;
    if (value.endsWith('0')) truncation[which].zero++;
  };

  function kkIndex(kk: string, rowNumber: number): { index: number; isNew: boolean } {
    const found = kks.get(kk);
    if (found !== undefined) return { index: found, isNew: false };
    const index = kkFirstRow.push(rowNumber);
    kkHeadRow.push(0);
    kkNumbers.push(kk);
    kks.set(kk, index);
    if ((index + 1) * stride > kkHashes.length) {
      const next = new Uint32Array(kkHashes.length * 2);
      next.set(kkHashes);
      kkHashes = next;
    }
    return { index, isNew: true };
  }

  // Members of a family follow each other and repeat its values, mostly as the very same strings:
  // the fingerprint of the value seen last in each field is kept instead of being computed again.
  const lastValues = new Array<unknown>(stride).fill(null);
  const lastHashes = new Uint32Array(stride);
  function fingerprintOf(field: number, value: unknown): number {
    if (value === lastValues[field]) return lastHashes[field] ?? 0;
    const hash = fingerprint(value);
    lastValues[field] = value;
    lastHashes[field] = hash;
    return hash;
  }

  // Records the fingerprint of one family field on the family's first row (or while it is blank
  // there) and tells whether a later row's value differs from it.
  function differs(base: number, field: number, value: unknown, isNew: boolean): boolean {
    const hash = fingerprintOf(field, value);
    const stored = kkHashes[base + field] ?? 0;
    if (isNew || stored === 0) {
      kkHashes[base + field] = hash;
      return false;
    }
    return hash !== 0 && hash !== stored;
  }

  function compareFamily(index: number, isNew: boolean, h: StagedHousehold): RowFinding | null {
    const base = index * stride;
    const differing: string[] = [];
    let field = 0;
    for (const { key, field: name } of FAMILY_COMPARED) {
      if (differs(base, field++, h[key], isNew)) differing.push(name);
    }
    for (const key of variableKeys) {
      if (differs(base, field++, h.variables[key], isNew)) differing.push(key);
    }
    if (differing.length === 0) return null;
    const labels = differing.map((f) => fieldDef(f)?.label ?? { id: f, en: f });
    return reason(
      'kk_inconsistent_family_fields',
      {
        row: kkFirstRow.get(index),
        list: labels.map((l) => l.id).join(', '),
        listEn: labels.map((l) => l.en).join(', '),
      },
      'kk_number',
    );
  }

  function checkPersonRow(rowNumber: number, row: ValidatedRow): RowFinding[] {
    const out: RowFinding[] = [];
    const h = row.household;
    const p = row.person;
    const kk = h?.kkNumber ?? null;
    let kkIdx = -1;
    let kkIsNew = false;
    if (kk !== null) {
      const r = kkIndex(kk, rowNumber);
      kkIdx = r.index;
      kkIsNew = r.isNew;
    }
    const nik = p?.nik ?? null;
    if (nik !== null) {
      const found = niks.get(nik);
      if (found === undefined) {
        const i = nikFirstRow.push(rowNumber);
        nikKk.push(kkIdx);
        niks.set(nik, i);
      } else if (nikKk.get(found) === kkIdx) {
        out.push(reason('nik_duplicate_in_file', { row: nikFirstRow.get(found) }, 'nik'));
        return out;
      } else {
        const otherKk = kkNumbers[nikKk.get(found)] ?? '';
        out.push(reason('nik_in_two_kk', { row: nikFirstRow.get(found), kk: otherKk }, 'nik'));
      }
    }
    if (h && kkIdx >= 0) {
      const inconsistent = compareFamily(kkIdx, kkIsNew, h);
      if (inconsistent) out.push(inconsistent);
      if (opts.checkHeads && p?.relationship === 1) {
        const head = kkHeadRow.get(kkIdx);
        if (head > 0) out.push(reason('kk_multiple_heads', { row: head }, 'relationship'));
        else kkHeadRow.set(kkIdx, rowNumber);
      }
    }
    return out;
  }

  function checkFamilyRow(rowNumber: number, row: ValidatedRow): RowFinding[] {
    const kk = row.household?.kkNumber ?? null;
    if (kk === null) return [];
    const { index, isNew } = kkIndex(kk, rowNumber);
    if (!isNew) return [reason('kk_duplicate_in_file', { row: kkFirstRow.get(index) }, 'kk_number')];
    const nik = row.person?.nik ?? null;
    if (nik === null) return [];
    const found = niks.get(nik);
    if (found === undefined) {
      nikKk.push(index);
      niks.set(nik, nikFirstRow.push(rowNumber));
      return [];
    }
    return [
      reason('nik_in_two_kk', { row: nikFirstRow.get(found), kk: kkNumbers[nikKk.get(found)] ?? '' }, 'nik'),
    ];
  }

  function checkBeneficiaryRow(rowNumber: number, row: ValidatedRow): RowFinding[] {
    const b = row.beneficiary;
    if (!b || b.nik === null) return [];
    const key = `${b.nik}|${b.programme ?? ''}|${b.period ?? ''}`;
    const first = entries.get(key);
    if (first !== undefined) return [reason('beneficiary_duplicate', { row: first }, 'nik')];
    entries.set(key, rowNumber);
    return [];
  }

  return {
    check(rowNumber, row) {
      if (row.rejected) return [];
      let out: RowFinding[];
      if (opts.source === 'beneficiaries') out = checkBeneficiaryRow(rowNumber, row);
      else if (opts.layout === 'family') out = checkFamilyRow(rowNumber, row);
      else out = checkPersonRow(rowNumber, row);
      if (!out.some((x) => x.severity === 'error')) {
        count('nik', row.person?.nik ?? row.beneficiary?.nik ?? null);
        count('kk', row.household?.kkNumber ?? row.beneficiary?.kkNumber ?? null);
      }
      return out;
    },
    finish() {
      const rowFindings: { rowNumber: number; finding: RowFinding }[] = [];
      if (opts.source === 'kemensos' && opts.layout === 'person' && opts.checkHeads) {
        for (let i = 0; i < kkFirstRow.length; i++) {
          if (kkHeadRow.get(i) === 0)
            rowFindings.push({
              rowNumber: kkFirstRow.get(i),
              finding: reason('kk_no_head', {}, 'relationship'),
            });
        }
      }
      const fileFindings: RowFinding[] = [];
      for (const which of ['nik', 'kk'] as const) {
        const t = truncation[which];
        // Same rule as detectTruncatedColumn in shared/domain/identity-number.ts.
        if (t.checked >= 10 && t.zero * 2 >= t.checked) {
          const field = which === 'nik' ? 'nik' : 'kk_number';
          fileFindings.push(
            reason(
              'id_column_truncated',
              { field: fieldDef(field)?.label, list: `${t.zero}/${t.checked}` },
              field,
            ),
          );
        }
      }
      return { rowFindings, fileFindings };
    },
    stats: () => ({ niks: niks.size, kks: kks.size, entries: entries.size }),
  };
}

// ---------------------------------------------------------------------------------------------
// Fill-down of family fields under merged cells

export interface FillDown {
  /**
   * Fills blank family cells of a person row from the previous row of the same family and
   * returns the finding to attach, or null when nothing was filled. Mutates `mapped`.
   */
  apply(rowNumber: number, mapped: MappedRow): RowFinding | null;
}

/**
 * In person-layout files the family columns (KK, address, RT, kelurahan, desil) are often merged
 * vertically, so only a family's first row holds them. A blank cell in a family column is filled
 * from the last row that had it when (a) the KK cell is blank and the row is not a head of family
 * (a head starts a new family), or (b) the KK equals the previous row's. Each fill is a warning.
 */
export function createFillDown(resolved: ResolvedMapping): FillDown {
  const familyFields = resolved.columns
    .filter((c) => c.def.level === 'family' || c.def.level === 'location')
    .map((c) => c.field);
  const hasKk = familyFields.includes('kk_number');
  let last: Record<string, Cell> | null = null;
  let lastRow = 0;

  return {
    apply(rowNumber, mapped) {
      if (!hasKk) return null;
      const kk = cellText(mapped.kk_number ?? null);
      const lastKk = last ? cellText(last.kk_number ?? null) : null;
      const personPresent = cellText(mapped.name ?? null) !== null || cellText(mapped.nik ?? null) !== null;
      const isHead = parseRelationship(mapped.relationship ?? null).value === 1;
      const continues =
        last !== null && ((kk === null && personPresent && !isHead) || (kk !== null && kk === lastKk));
      const filled: string[] = [];
      if (continues && last) {
        for (const field of familyFields) {
          if (cellText(mapped[field] ?? null) === null && cellText(last[field] ?? null) !== null) {
            mapped[field] = last[field] ?? null;
            filled.push(field);
          }
        }
      }
      const source = lastRow;
      if (!continues || kk !== null) {
        // A row that starts or restates a family becomes the source for the rows below it. The
        // mapped row itself serves as the snapshot: nothing changes it after this point.
        last = mapped;
        lastRow = rowNumber;
      }
      if (filled.length === 0) return null;
      const labels = filled.map((f) => fieldDef(f)?.label ?? { id: f, en: f });
      return reason('family_fields_filled_down', {
        row: source,
        list: labels.map((l) => l.id).join(', '),
        listEn: labels.map((l) => l.en).join(', '),
      });
    },
  };
}
