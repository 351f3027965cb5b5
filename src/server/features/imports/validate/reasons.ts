/**
 * The catalogue of import reason codes: the single source of truth for each code's severity and
 * its message in Bahasa Indonesia and English. Documented for users in docs/import-reasons.md
 * (a test keeps the two in step). NIK and No KK codes come with their messages from
 * shared/domain/nik.ts and kk.ts and are listed here only for their severity and documentation.
 */
import type { Label } from '../../../../shared/dictionary/dictionary.ts';

export type Severity = 'error' | 'warning';

/** One problem found in one row. Errors reject the row; warnings keep it, flagged. */
export interface RowFinding {
  code: string;
  severity: Severity;
  /** The canonical field concerned, when there is one. */
  field?: string;
  message: Label;
}

/** Values a message can mention. */
export interface ReasonParams {
  field?: Label;
  value?: string;
  row?: number;
  kk?: string;
  name?: string;
  list?: string;
  /** English form of `list` when it holds words (field names); defaults to `list`. */
  listEn?: string;
  min?: number;
  max?: number;
}

interface ReasonDef {
  severity: Severity;
  /** row: one row alone; cross_row: against other rows of the file; file: the whole file. */
  scope: 'row' | 'cross_row' | 'file';
  message: (p: ReasonParams) => Label;
}

const q = (v: string | undefined) =>
  `'${(v ?? '').length > 60 ? `${(v ?? '').slice(0, 57)}...` : (v ?? '')}'`;
const f = (p: ReasonParams) => p.field ?? { id: 'kolom', en: 'field' };

/** Every reason code this feature emits itself. */
export const REASONS = {
  required_missing: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({ id: `${f(p).id} wajib diisi.`, en: `${f(p).en} is required.` }),
  },
  nik_not_provided: {
    severity: 'warning',
    scope: 'row',
    message: () => ({
      id: 'NIK kosong: orang ini tetap diimpor tanpa NIK dan NIK-nya perlu dilengkapi.',
      en: 'NIK is empty: the person is imported without a NIK, which needs to be completed.',
    }),
  },
  name_suspicious: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} tampak tidak wajar (berisi angka atau terlalu pendek).`,
      en: `${f(p).en} ${q(p.value)} looks wrong (contains digits or is too short).`,
    }),
  },
  birth_date_invalid: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `Tanggal lahir ${q(p.value)} tidak dapat dibaca. Gunakan format hh/bb/tttt, mis. 17/08/1980.`,
      en: `Birth date ${q(p.value)} cannot be read. Use dd/mm/yyyy, e.g. 17/08/1980.`,
    }),
  },
  birth_date_in_future: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `Tanggal lahir ${q(p.value)} ada di masa depan.`,
      en: `Birth date ${q(p.value)} is in the future.`,
    }),
  },
  birth_date_implausible: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `Tanggal lahir ${q(p.value)} berarti usia lebih dari ${p.max ?? 120} tahun.`,
      en: `Birth date ${q(p.value)} means an age over ${p.max ?? 120} years.`,
    }),
  },
  date_month_day_swapped: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} hanya masuk akal sebagai bulan/hari dan dibaca sebagai ${p.name ?? ''}; periksa kembali.`,
      en: `${f(p).en} ${q(p.value)} only makes sense as month/day and was read as ${p.name ?? ''}; please check.`,
    }),
  },
  sex_invalid: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `Jenis kelamin ${q(p.value)} tidak dikenal. Gunakan L/P atau 1/2.`,
      en: `Sex ${q(p.value)} is not recognised. Use L/P or 1/2.`,
    }),
  },
  relationship_invalid: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `Hubungan keluarga ${q(p.value)} tidak dikenal; nilainya dikosongkan.`,
      en: `Relationship ${q(p.value)} is not recognised; the value is left empty.`,
    }),
  },
  code_invalid: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id}: nilai ${q(p.value)} tidak ada dalam daftar kode; nilainya dikosongkan.`,
      en: `${f(p).en}: value ${q(p.value)} is not in the code list; the value is left empty.`,
    }),
  },
  boolean_invalid: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id}: ${q(p.value)} bukan YA/TIDAK; nilainya dikosongkan.`,
      en: `${f(p).en}: ${q(p.value)} is not yes/no; the value is left empty.`,
    }),
  },
  number_invalid: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id}: ${q(p.value)} bukan angka; nilainya dikosongkan.`,
      en: `${f(p).en}: ${q(p.value)} is not a number; the value is left empty.`,
    }),
  },
  number_out_of_range: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id}: ${q(p.value)} di luar batas wajar ${p.min ?? ''}–${p.max ?? ''}; nilainya dikosongkan.`,
      en: `${f(p).en}: ${q(p.value)} is outside the plausible range ${p.min ?? ''}–${p.max ?? ''}; the value is left empty.`,
    }),
  },
  desil_invalid: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `Desil ${q(p.value)} tidak sah: harus bilangan bulat 1–10.`,
      en: `Desil ${q(p.value)} is invalid: it must be a whole number 1–10.`,
    }),
  },
  rt_rw_invalid: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} bukan nomor 1–999; nilainya dikosongkan.`,
      en: `${f(p).en} ${q(p.value)} is not a number 1–999; the value is left empty.`,
    }),
  },
  region_unknown: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} tidak dikenal di wilayah ini.`,
      en: `${f(p).en} ${q(p.value)} is not known in this region.`,
    }),
  },
  region_ambiguous: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} bisa berarti beberapa wilayah (${p.list ?? ''}); tulis nama lengkap atau kodenya.`,
      en: `${f(p).en} ${q(p.value)} could mean several regions (${p.list ?? ''}); write the full name or the code.`,
    }),
  },
  region_outside_deployment: {
    severity: 'error',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} berada di luar wilayah aplikasi (${p.name ?? ''}).`,
      en: `${f(p).en} ${q(p.value)} lies outside the region of this installation (${p.name ?? ''}).`,
    }),
  },
  region_fuzzy_match: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `${f(p).id} ${q(p.value)} dibaca sebagai ${p.name ?? ''}; periksa ejaannya.`,
      en: `${f(p).en} ${q(p.value)} was read as ${p.name ?? ''}; please check the spelling.`,
    }),
  },
  region_district_mismatch: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `Kelurahan ${q(p.value)} tidak berada di kecamatan yang tertulis; dipakai kecamatannya yang benar (${p.name ?? ''}).`,
      en: `Kelurahan ${q(p.value)} is not in the kecamatan written; its actual kecamatan is used (${p.name ?? ''}).`,
    }),
  },
  region_name_code_mismatch: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `Nama dan kode ${f(p).id} tidak sama (${p.list ?? ''}); kode yang dipakai.`,
      en: `The name and code of the ${f(p).en} disagree (${p.list ?? ''}); the code is used.`,
    }),
  },
  kk_outside_deployment: {
    severity: 'warning',
    scope: 'row',
    message: (p) => ({
      id: `Nomor KK diterbitkan di luar wilayah aplikasi (kode ${p.value ?? ''}); mungkin keluarga pindahan.`,
      en: `The KK number was issued outside the region of this installation (code ${p.value ?? ''}); perhaps a family that moved in.`,
    }),
  },
  family_fields_filled_down: {
    severity: 'warning',
    scope: 'cross_row',
    message: (p) => ({
      id: `Kolom keluarga kosong (sel gabungan?) diisi dari baris ${p.row ?? ''} di atasnya: ${p.list ?? ''}.`,
      en: `Empty family columns (merged cells?) were filled from row ${p.row ?? ''} above: ${p.listEn ?? p.list ?? ''}.`,
    }),
  },
  nik_duplicate_in_file: {
    severity: 'error',
    scope: 'cross_row',
    message: (p) => ({
      id: `NIK yang sama sudah ada di baris ${p.row ?? ''} dalam KK yang sama; baris ini ditolak sebagai duplikat.`,
      en: `The same NIK is already on row ${p.row ?? ''} in the same KK; this row is rejected as a duplicate.`,
    }),
  },
  nik_in_two_kk: {
    severity: 'warning',
    scope: 'cross_row',
    message: (p) => ({
      id: `NIK ini juga tercatat di KK lain (${p.kk ?? ''}, baris ${p.row ?? ''}); satu orang hanya boleh di satu KK. Perlu diperiksa.`,
      en: `This NIK is also listed in another KK (${p.kk ?? ''}, row ${p.row ?? ''}); a person belongs to one KK only. Needs checking.`,
    }),
  },
  kk_duplicate_in_file: {
    severity: 'error',
    scope: 'cross_row',
    message: (p) => ({
      id: `Nomor KK ini sudah ada di baris ${p.row ?? ''}; pada susunan satu baris per keluarga setiap KK hanya boleh sekali.`,
      en: `This KK number is already on row ${p.row ?? ''}; with one row per family each KK may appear once.`,
    }),
  },
  kk_inconsistent_family_fields: {
    severity: 'warning',
    scope: 'cross_row',
    message: (p) => ({
      id: `Data keluarga berbeda dengan baris ${p.row ?? ''} untuk KK yang sama: ${p.list ?? ''}. Nilai dari baris ${p.row ?? ''} yang dipakai.`,
      en: `Family data differ from row ${p.row ?? ''} for the same KK: ${p.listEn ?? p.list ?? ''}. The values of row ${p.row ?? ''} are used.`,
    }),
  },
  kk_multiple_heads: {
    severity: 'warning',
    scope: 'cross_row',
    message: (p) => ({
      id: `KK ini sudah punya kepala keluarga di baris ${p.row ?? ''}.`,
      en: `This KK already has a head of family on row ${p.row ?? ''}.`,
    }),
  },
  kk_no_head: {
    severity: 'warning',
    scope: 'cross_row',
    message: () => ({
      id: 'KK ini tidak punya anggota dengan hubungan "Kepala keluarga".',
      en: 'This KK has no member whose relationship is "Head of family".',
    }),
  },
  beneficiary_duplicate: {
    severity: 'error',
    scope: 'cross_row',
    message: (p) => ({
      id: `NIK ini sudah tercatat untuk program dan periode yang sama di baris ${p.row ?? ''}.`,
      en: `This NIK is already listed for the same programme and period on row ${p.row ?? ''}.`,
    }),
  },
  id_column_truncated: {
    severity: 'warning',
    scope: 'file',
    message: (p) => ({
      id: `Banyak ${f(p).id} berakhiran 0 (${p.list ?? ''}): kolom ini kemungkinan pernah disimpan sebagai angka di Excel sehingga digit terakhir setiap nomor tidak dapat dipercaya.`,
      en: `Many ${f(p).en} values end in 0 (${p.list ?? ''}): the column was probably stored as numbers in Excel, so the last digit of every number is unreliable.`,
    }),
  },
  encoding_fallback: {
    severity: 'warning',
    scope: 'file',
    message: () => ({
      id: 'Berkas bukan UTF-8; dibaca sebagai Windows-1252. Periksa huruf beraksen pada nama.',
      en: 'The file is not UTF-8; it was read as Windows-1252. Check accented letters in names.',
    }),
  },
} as const satisfies Record<string, ReasonDef>;

export type ReasonCode = keyof typeof REASONS;

/**
 * Codes produced by shared/domain/nik.ts and kk.ts (messages come with them). Listed so that the
 * documentation and the rejection report know every code an import can show.
 */
export const EXTERNAL_REASONS: readonly { code: string; severity: Severity; origin: 'nik.ts' | 'kk.ts' }[] = [
  ...(
    [
      'missing',
      'scientific_notation',
      'excel_damaged',
      'non_digit',
      'not_16_digits',
      'unknown_province',
      'serial_zero',
    ] as const
  ).flatMap((p) => [
    { code: `nik_${p}`, severity: 'error' as const, origin: 'nik.ts' as const },
    { code: `kk_${p}`, severity: 'error' as const, origin: 'kk.ts' as const },
  ]),
  { code: 'nik_bad_day', severity: 'error', origin: 'nik.ts' },
  { code: 'nik_bad_month', severity: 'error', origin: 'nik.ts' },
  { code: 'nik_birthdate_mismatch', severity: 'warning', origin: 'nik.ts' },
  { code: 'nik_sex_mismatch', severity: 'warning', origin: 'nik.ts' },
  { code: 'nik_future_birth', severity: 'warning', origin: 'nik.ts' },
];

/** A finding of a catalogued code, with its catalogue severity and filled-in message. */
export function reason(code: ReasonCode, params: ReasonParams = {}, field?: string): RowFinding {
  const def: ReasonDef = REASONS[code];
  const out: RowFinding = { code, severity: def.severity, message: def.message(params) };
  if (field !== undefined) out.field = field;
  return out;
}

/** Whether any finding rejects the row. */
export function hasError(findings: readonly RowFinding[]): boolean {
  for (const x of findings) if (x.severity === 'error') return true;
  return false;
}
