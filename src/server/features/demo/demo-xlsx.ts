/**
 * Writes a demo city as a Kemensos-style spreadsheet: one row per person, a title row and a blank row
 * above non-canonical headers, kelurahan names with the spelling variants of real files, NIK and
 * No KK as text except the Excel-damaged ones, which are numbers as in the files they imitate.
 */
import ExcelJS from 'exceljs';
import { HOUSEHOLD_VARIABLES, PERSON_CODES, codeLabel } from '../../../shared/dictionary/dictionary.ts';
import { BONTANG_DISTRICTS, BONTANG_REGION_CODE, BONTANG_VILLAGES } from './bontang.ts';
import type { DemoCity, DemoHousehold, DemoPerson } from './demo.types.ts';
import { hashString } from './rng.ts';

/** Title written in the first row of the export. */
export function kemensosTitle(regionCode: string): string {
  const area = regionCode === BONTANG_REGION_CODE ? 'KOTA BONTANG' : `WILAYAH ${regionCode}`;
  return `DATA TUNGGAL SOSIAL EKONOMI NASIONAL - ${area}`;
}

const PERSON_HEADERS = [
  'STATUS PERKAWINAN',
  'PARTISIPASI SEKOLAH',
  'IJAZAH TERTINGGI',
  'STATUS PEKERJAAN',
  'JENIS DISABILITAS',
  'PENYAKIT KRONIS',
  'JAMINAN KESEHATAN',
] as const;

/** Header row of the export, in column order (row 3 of the sheet). */
export function kemensosXlsxHeaders(): string[] {
  return [
    'NO',
    'ID DTSEN',
    'NO KK',
    'NIK',
    'NAMA LENGKAP',
    'JNS KELAMIN',
    'TGL LAHIR',
    'TEMPAT LAHIR',
    'HUB. KELUARGA',
    'ALAMAT',
    'RT',
    'RW',
    'KELURAHAN',
    'KECAMATAN',
    'DESIL',
    'LATITUDE',
    'LONGITUDE',
    ...HOUSEHOLD_VARIABLES.map(
      (def) => `${def.label.id.toUpperCase()}${def.unit ? ` (${def.unit.toUpperCase()})` : ''}`,
    ),
    ...PERSON_HEADERS,
  ];
}

/** Row number (1-based) of the header row; data starts on the next row. */
export const KEMENSOS_HEADER_ROW = 3;

function relationshipWord(p: DemoPerson): string {
  switch (p.relationship) {
    case 1:
      return 'KEPALA KELUARGA';
    case 2:
      return p.sex === 2 ? 'ISTRI' : 'SUAMI';
    case 3:
      return 'ANAK';
    case 4:
      return 'MENANTU';
    case 5:
      return 'CUCU';
    case 6:
      return p.id % 5 < 3 ? 'ORANG TUA' : 'MERTUA';
    case 7:
      return 'PEMBANTU';
    default:
      return 'FAMILI LAIN';
  }
}

function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** A spelling chosen by a hash of the household id: canonical most of the time, a variant otherwise. */
function spelling(
  variants: readonly string[],
  householdId: number,
  salt: string,
  variantShare: number,
): string {
  const h = hashString(`${salt}:${householdId}`);
  if (variants.length < 2 || (h % 1000) / 1000 >= variantShare) return variants[0] ?? '';
  return variants[1 + ((h >>> 10) % (variants.length - 1))] ?? variants[0] ?? '';
}

const EXCEL_DAMAGED = 'excel_damaged';

/** A number cell for values the source file stored as numbers (damaged), text otherwise. */
function identityCell(value: string | null, damaged: boolean): string | number | null {
  if (value === null) return null;
  return damaged && /^\d{16}$/.test(value) ? Number(value) : value;
}

/** Writes the city as a Kemensos-style .xlsx at `filePath` with exceljs's streaming writer. */
export async function writeKemensosStyleXlsx(city: DemoCity, filePath: string): Promise<void> {
  const villageByKey = new Map(BONTANG_VILLAGES.map((v) => [`${v.districtSuffix}.${v.suffix}`, v]));
  const districtBySuffix = new Map(BONTANG_DISTRICTS.map((d) => [d.suffix, d]));
  const households = new Map<number, DemoHousehold>(city.households.map((h) => [h.id, h]));
  const damagedNik = new Set<number>();
  const damagedKk = new Set<number>();
  for (const d of city.truth.defects) {
    if (!d.detail.startsWith(EXCEL_DAMAGED)) continue;
    if (d.type === 'invalid_nik' && d.personId !== null) damagedNik.add(d.personId);
    if (d.type === 'invalid_kk') damagedKk.add(d.householdId);
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: filePath,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('DTSEN');
  sheet.addRow([kemensosTitle(city.options.regionCode)]).commit();
  sheet.addRow([]).commit();
  sheet.addRow(kemensosXlsxHeaders()).commit();

  let rowNumber = 0;
  for (const p of city.persons) {
    const h = households.get(p.householdId);
    if (!h) throw new Error(`person ${p.id} refers to unknown household ${p.householdId}`);
    const key = h.villageCode.split('.').slice(2).join('.');
    const village = villageByKey.get(key);
    const district = districtBySuffix.get(key.slice(0, 2));
    rowNumber += 1;
    sheet
      .addRow([
        rowNumber,
        h.dtsenId,
        identityCell(h.kkNumber, damagedKk.has(h.id)),
        identityCell(p.nik, damagedNik.has(p.id)),
        p.name,
        p.sex === 1 ? 'L' : 'P',
        ddmmyyyy(p.birthDate),
        p.birthPlace,
        relationshipWord(p),
        h.address,
        h.rt,
        h.rw,
        village ? spelling(village.spellings, h.id, 'kel', 0.2) : h.villageCode,
        district ? spelling(district.spellings, h.id, 'kec', 0.1) : h.districtCode,
        h.officialDesil,
        h.lat,
        h.lng,
        ...HOUSEHOLD_VARIABLES.map((def) => {
          const value = h.variables[def.key];
          if (value === null || value === undefined) return null;
          if (typeof value === 'boolean') return value ? 'YA' : 'TIDAK';
          return value;
        }),
        codeLabel(PERSON_CODES.marital, p.marital, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.schooling, p.schooling, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.education, p.education, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.work, p.work, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.disability, p.disability, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.chronicIllness, p.chronicIllness, 'id').toUpperCase(),
        codeLabel(PERSON_CODES.healthInsurance, p.healthInsurance, 'id').toUpperCase(),
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}
