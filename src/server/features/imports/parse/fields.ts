/**
 * The canonical fields an import can fill, with the header names they go by in real files
 * (Bahasa Indonesia and English). Household variables of the data dictionary are fields too,
 * recognised by their Indonesian and English labels plus the short names used in DTKS/DTSEN files.
 */
import {
  HOUSEHOLD_VARIABLES,
  PERSON_CODES,
  type Code,
  type Label,
  type VariableDef,
} from '../../../../shared/dictionary/dictionary.ts';
import { compactKey } from './text.ts';

/** The kinds of file an import understands. */
export type ImportSource = 'kemensos' | 'beneficiaries';

/** One row per person (family fields repeated) or one row per family card. */
export type ImportLayout = 'person' | 'family';

/** How a field's cells are parsed. */
export type FieldKind =
  | 'nik'
  | 'kk'
  | 'name'
  | 'text'
  | 'date'
  | 'sex'
  | 'code'
  | 'boolean'
  | 'number'
  | 'desil'
  | 'rt'
  | 'rw'
  | 'rt_rw'
  | 'region'
  | 'period';

/** Where a field's value lands: the person, the family card, the location, or the beneficiary entry. */
export type FieldLevel = 'person' | 'family' | 'location' | 'beneficiary';

export interface FieldDef {
  key: string;
  kind: FieldKind;
  level: FieldLevel;
  label: Label;
  /** Header names, compared after {@link compactKey}. */
  synonyms: readonly string[];
  /** Code list for `code` fields. */
  codes?: readonly Code[];
  /** The dictionary variable behind a household-variable field. */
  variable?: VariableDef;
  /** Region level for `region` fields. */
  regionLevel?: 'province' | 'regency' | 'district' | 'village';
  /** Sources whose files may carry this field. */
  sources: readonly ImportSource[];
}

const BOTH: readonly ImportSource[] = ['kemensos', 'beneficiaries'];
const KEMENSOS: readonly ImportSource[] = ['kemensos'];
const BENEFICIARIES: readonly ImportSource[] = ['beneficiaries'];

const CORE_FIELDS: FieldDef[] = [
  {
    key: 'nik',
    kind: 'nik',
    level: 'person',
    label: { id: 'NIK', en: 'NIK' },
    synonyms: [
      'NIK',
      'NO NIK',
      'NOMOR NIK',
      'NIK ART',
      'NIK ANGGOTA',
      'NIK PENERIMA',
      'NIK KPM',
      'NIK KTP',
      'NO KTP',
      'NOMOR KTP',
      'NOMOR INDUK KEPENDUDUKAN',
      'NO INDUK KEPENDUDUKAN',
      'PERSONAL ID NUMBER',
    ],
    sources: BOTH,
  },
  {
    key: 'name',
    kind: 'name',
    level: 'person',
    label: { id: 'Nama', en: 'Name' },
    synonyms: [
      'NAMA',
      'NAMA LENGKAP',
      'NAMA ART',
      'NAMA ANGGOTA',
      'NAMA ANGGOTA KELUARGA',
      'NAMA SESUAI KTP',
      'NAMA PENERIMA',
      'NAMA PENERIMA MANFAAT',
      'NAMA KPM',
      'NAMA PENDUDUK',
      'NAME',
      'FULL NAME',
    ],
    sources: BOTH,
  },
  {
    key: 'birth_date',
    kind: 'date',
    level: 'person',
    label: { id: 'Tanggal lahir', en: 'Birth date' },
    synonyms: [
      'TGL LAHIR',
      'TANGGAL LAHIR',
      'TGLLAHIR',
      'TGL LHR',
      'TANGGAL LHR',
      'DATE OF BIRTH',
      'BIRTH DATE',
      'DOB',
    ],
    sources: BOTH,
  },
  {
    key: 'birth_place',
    kind: 'text',
    level: 'person',
    label: { id: 'Tempat lahir', en: 'Birth place' },
    synonyms: ['TEMPAT LAHIR', 'TMPT LAHIR', 'TMP LAHIR', 'TPT LAHIR', 'PLACE OF BIRTH', 'BIRTH PLACE'],
    sources: BOTH,
  },
  {
    key: 'sex',
    kind: 'sex',
    level: 'person',
    label: { id: 'Jenis kelamin', en: 'Sex' },
    synonyms: ['JENIS KELAMIN', 'JK', 'JNS KELAMIN', 'JENKEL', 'KELAMIN', 'L P', 'SEX', 'GENDER'],
    sources: BOTH,
  },
  {
    key: 'relationship',
    kind: 'code',
    level: 'person',
    label: { id: 'Hubungan keluarga', en: 'Relationship to head' },
    codes: PERSON_CODES.relationship,
    synonyms: [
      'HUB KELUARGA',
      'HUBUNGAN KELUARGA',
      'HUB KEL',
      'SHDK',
      'STATUS HUBUNGAN DALAM KELUARGA',
      'STATUS DALAM KELUARGA',
      'HUB DGN KK',
      'HUB DENGAN KK',
      'HUBUNGAN DENGAN KEPALA KELUARGA',
      'HUB DENGAN KEPALA KELUARGA',
      'HUB KRT',
      'HUBUNGAN DENGAN KEPALA RUMAH TANGGA',
      'RELATIONSHIP',
      'RELATIONSHIP TO HEAD',
    ],
    sources: KEMENSOS,
  },
  personCode('marital', 'marital', { id: 'Status perkawinan', en: 'Marital status' }, [
    'STATUS PERKAWINAN',
    'STATUS KAWIN',
    'STS KAWIN',
    'PERKAWINAN',
    'MARITAL STATUS',
  ]),
  personCode('schooling', 'schooling', { id: 'Partisipasi sekolah', en: 'School participation' }, [
    'PARTISIPASI SEKOLAH',
    'STATUS SEKOLAH',
    'STATUS PENDIDIKAN',
    'SCHOOL PARTICIPATION',
  ]),
  personCode('education', 'education', { id: 'Pendidikan tertinggi', en: 'Highest education' }, [
    'PENDIDIKAN',
    'PENDIDIKAN TERAKHIR',
    'PENDIDIKAN TERTINGGI',
    'IJAZAH TERTINGGI',
    'IJAZAH TERTINGGI YANG DIMILIKI',
    'EDUCATION',
  ]),
  personCode('work', 'work', { id: 'Status pekerjaan', en: 'Employment status' }, [
    'PEKERJAAN',
    'STATUS PEKERJAAN',
    'KEDUDUKAN DALAM PEKERJAAN',
    'STATUS KEDUDUKAN DALAM PEKERJAAN',
    'JENIS PEKERJAAN',
    'EMPLOYMENT STATUS',
    'OCCUPATION',
  ]),
  personCode('disability', 'disability', { id: 'Disabilitas', en: 'Disability' }, [
    'DISABILITAS',
    'JENIS DISABILITAS',
    'PENYANDANG DISABILITAS',
    'DISABILITY',
  ]),
  personCode('chronic_illness', 'chronicIllness', { id: 'Penyakit kronis', en: 'Chronic illness' }, [
    'PENYAKIT KRONIS',
    'PENYAKIT KRONIS MENAHUN',
    'PENYAKIT KRONIS KATASTROPIK',
    'CHRONIC ILLNESS',
  ]),
  personCode('health_insurance', 'healthInsurance', { id: 'Jaminan kesehatan', en: 'Health insurance' }, [
    'JAMINAN KESEHATAN',
    'KEPEMILIKAN JAMINAN KESEHATAN',
    'STATUS BPJS',
    'BPJS KESEHATAN',
    'JKN',
    'HEALTH INSURANCE',
  ]),
  {
    key: 'kk_number',
    kind: 'kk',
    level: 'family',
    label: { id: 'Nomor KK', en: 'KK number' },
    synonyms: [
      'NO KK',
      'NOMOR KK',
      'NO KARTU KELUARGA',
      'NOMOR KARTU KELUARGA',
      'KARTU KELUARGA',
      'KK',
      'NKK',
      'NO KK KPM',
      'FAMILY CARD NUMBER',
      'KK NUMBER',
    ],
    sources: BOTH,
  },
  {
    key: 'head_nik',
    kind: 'nik',
    level: 'family',
    label: { id: 'NIK kepala keluarga', en: 'NIK of the head of family' },
    synonyms: [
      'NIK KEPALA KELUARGA',
      'NIK KK',
      'NIK KRT',
      'NIK KEPALA RUMAH TANGGA',
      'HEAD NIK',
      'NIK OF HEAD',
    ],
    sources: KEMENSOS,
  },
  {
    key: 'head_name',
    kind: 'name',
    level: 'family',
    label: { id: 'Nama kepala keluarga', en: 'Name of the head of family' },
    synonyms: [
      'NAMA KEPALA KELUARGA',
      'NAMA KK',
      'NAMA KRT',
      'NAMA KEPALA RUMAH TANGGA',
      'KEPALA KELUARGA',
      'KEPALA RUMAH TANGGA',
      'HEAD NAME',
      'HEAD OF FAMILY',
    ],
    sources: KEMENSOS,
  },
  {
    key: 'member_count',
    kind: 'number',
    level: 'family',
    label: { id: 'Jumlah anggota keluarga', en: 'Number of family members' },
    synonyms: [
      'JUMLAH ANGGOTA KELUARGA',
      'JML ANGGOTA KELUARGA',
      'JUMLAH ANGGOTA',
      'JML ANGGOTA',
      'JUMLAH ART',
      'JML ART',
      'JUMLAH JIWA',
      'JML JIWA',
      'HOUSEHOLD SIZE',
      'FAMILY SIZE',
    ],
    sources: KEMENSOS,
  },
  {
    key: 'desil',
    kind: 'desil',
    level: 'family',
    label: { id: 'Desil', en: 'Desil' },
    synonyms: [
      'DESIL',
      'DESIL NASIONAL',
      'DESIL DTSEN',
      'PERINGKAT DESIL',
      'KATEGORI DESIL',
      'DESIL KESEJAHTERAAN',
      'DECILE',
    ],
    sources: KEMENSOS,
  },
  {
    key: 'dtsen_id',
    kind: 'text',
    level: 'family',
    label: { id: 'ID DTSEN', en: 'DTSEN ID' },
    synonyms: [
      'ID DTSEN',
      'ID KELUARGA',
      'ID KELUARGA DTSEN',
      'ID DTKS',
      'ID KELUARGA DTKS',
      'DTSEN ID',
      'FAMILY ID',
    ],
    sources: KEMENSOS,
  },
  {
    key: 'address',
    kind: 'text',
    level: 'location',
    label: { id: 'Alamat', en: 'Address' },
    synonyms: [
      'ALAMAT',
      'ALAMAT LENGKAP',
      'ALAMAT RUMAH',
      'ALAMAT DOMISILI',
      'ALAMAT TEMPAT TINGGAL',
      'JALAN',
      'ADDRESS',
    ],
    sources: BOTH,
  },
  {
    key: 'rt',
    kind: 'rt',
    level: 'location',
    label: { id: 'RT', en: 'RT' },
    synonyms: ['RT', 'NO RT', 'NOMOR RT', 'RT DOMISILI'],
    sources: BOTH,
  },
  {
    key: 'rw',
    kind: 'rw',
    level: 'location',
    label: { id: 'RW', en: 'RW' },
    synonyms: ['RW', 'NO RW', 'NOMOR RW', 'RW DOMISILI'],
    sources: BOTH,
  },
  {
    key: 'rt_rw',
    kind: 'rt_rw',
    level: 'location',
    label: { id: 'RT/RW', en: 'RT/RW' },
    synonyms: ['RT RW', 'RT DAN RW', 'NO RT RW'],
    sources: BOTH,
  },
  region('village', 'village', { id: 'Kelurahan/desa', en: 'Kelurahan/village' }, [
    'KELURAHAN',
    'DESA',
    'DESA KELURAHAN',
    'KELURAHAN DESA',
    'KEL DESA',
    'DESA KEL',
    'KEL',
    'NAMA KELURAHAN',
    'NAMA DESA',
    'NAMA KEL',
    'VILLAGE',
  ]),
  region('village_code', 'village', { id: 'Kode kelurahan', en: 'Kelurahan code' }, [
    'KODE KELURAHAN',
    'KODE DESA',
    'KODE DESA KELURAHAN',
    'KODE KEL',
    'KD KEL',
    'KD DESA',
    'KODE WILAYAH',
    'VILLAGE CODE',
  ]),
  region('district', 'district', { id: 'Kecamatan', en: 'Kecamatan' }, [
    'KECAMATAN',
    'KEC',
    'NAMA KECAMATAN',
    'NAMA KEC',
    'DISTRICT',
    'SUBDISTRICT',
  ]),
  region('district_code', 'district', { id: 'Kode kecamatan', en: 'Kecamatan code' }, [
    'KODE KECAMATAN',
    'KODE KEC',
    'KD KEC',
    'DISTRICT CODE',
  ]),
  region('regency', 'regency', { id: 'Kabupaten/kota', en: 'Regency/city' }, [
    'KABUPATEN',
    'KOTA',
    'KABUPATEN KOTA',
    'KAB KOTA',
    'KAB',
    'NAMA KABUPATEN',
    'NAMA KAB KOTA',
    'REGENCY',
    'CITY',
  ]),
  region('province', 'province', { id: 'Provinsi', en: 'Province' }, [
    'PROVINSI',
    'PROV',
    'NAMA PROVINSI',
    'PROVINCE',
  ]),
  {
    key: 'programme',
    kind: 'text',
    level: 'beneficiary',
    label: { id: 'Program', en: 'Programme' },
    synonyms: [
      'PROGRAM',
      'NAMA PROGRAM',
      'JENIS PROGRAM',
      'PROGRAM BANSOS',
      'JENIS BANTUAN',
      'BANTUAN',
      'PROGRAMME',
      'PROGRAM NAME',
    ],
    sources: BENEFICIARIES,
  },
  {
    key: 'period',
    kind: 'period',
    level: 'beneficiary',
    label: { id: 'Periode', en: 'Period' },
    synonyms: ['PERIODE', 'PERIODE PENYALURAN', 'PERIODE BANTUAN', 'TAHAP', 'TAHAP PENYALURAN', 'PERIOD'],
    sources: BENEFICIARIES,
  },
  {
    key: 'amount',
    kind: 'number',
    level: 'beneficiary',
    label: { id: 'Nominal bantuan', en: 'Amount' },
    synonyms: ['NOMINAL', 'NOMINAL BANTUAN', 'JUMLAH BANTUAN', 'NILAI BANTUAN', 'BESARAN BANTUAN', 'AMOUNT'],
    sources: BENEFICIARIES,
  },
];

function personCode(
  key: string,
  list: keyof typeof PERSON_CODES,
  label: Label,
  synonyms: readonly string[],
): FieldDef {
  return {
    key,
    kind: 'code',
    level: 'person',
    label,
    codes: PERSON_CODES[list],
    synonyms,
    sources: KEMENSOS,
  };
}

function region(
  key: string,
  regionLevel: NonNullable<FieldDef['regionLevel']>,
  label: Label,
  synonyms: readonly string[],
): FieldDef {
  return { key, kind: 'region', level: 'location', label, regionLevel, synonyms, sources: BOTH };
}

// Short names used in DTKS/DTSEN extracts and kelurahan spreadsheets, beyond the dictionary labels.
const VARIABLE_SYNONYMS: Record<string, readonly string[]> = {
  tenure: [
    'STATUS KEPEMILIKAN RUMAH',
    'STATUS KEPEMILIKAN BANGUNAN TEMPAT TINGGAL',
    'KEPEMILIKAN RUMAH',
    'STATUS RUMAH',
    'STATUS BANGUNAN',
  ],
  land_proof: ['BUKTI KEPEMILIKAN TANAH', 'STATUS LAHAN', 'BUKTI KEPEMILIKAN LAHAN BANGUNAN'],
  floor_area_m2: ['LUAS LANTAI', 'LUAS LANTAI M2', 'LUAS LANTAI BANGUNAN', 'LUAS BANGUNAN', 'LUAS RUMAH'],
  floor_material: ['JENIS LANTAI', 'LANTAI', 'BAHAN LANTAI', 'JENIS LANTAI TERLUAS'],
  wall_material: ['JENIS DINDING', 'DINDING', 'BAHAN DINDING'],
  roof_material: ['JENIS ATAP', 'ATAP', 'BAHAN ATAP'],
  water_source: ['SUMBER AIR MINUM', 'AIR MINUM', 'SUMBER AIR'],
  toilet_facility: [
    'FASILITAS BAB',
    'KEPEMILIKAN FASILITAS BAB',
    'TEMPAT BAB',
    'FASILITAS TEMPAT BAB',
    'JAMBAN',
  ],
  toilet_type: ['KLOSET', 'JENIS KLOSET', 'JENIS TEMPAT BAB'],
  wastewater: ['PEMBUANGAN TINJA', 'TEMPAT PEMBUANGAN AKHIR TINJA', 'PEMBUANGAN LIMBAH'],
  lighting: ['SUMBER PENERANGAN', 'PENERANGAN', 'SUMBER PENERANGAN RUMAH'],
  power_va: ['DAYA LISTRIK', 'DAYA', 'DAYA LISTRIK TERPASANG', 'DAYA TERPASANG VA'],
  cooking_fuel: ['BAHAN BAKAR MEMASAK', 'ENERGI MEMASAK', 'BAHAN BAKAR UTAMA UNTUK MEMASAK'],
  asset_lpg55: ['TABUNG GAS 5 5 KG', 'TABUNG GAS 5 5 KG ATAU LEBIH', 'TABUNG GAS', 'ASET TABUNG GAS'],
  asset_fridge: ['LEMARI ES', 'KULKAS', 'LEMARI ES KULKAS'],
  asset_ac: ['AC', 'AIR CONDITIONER', 'PENDINGIN RUANGAN'],
  asset_water_heater: ['PEMANAS AIR', 'WATER HEATER'],
  asset_landline: ['TELEPON RUMAH', 'TELEPON', 'PSTN'],
  asset_tv_flat: ['TELEVISI LAYAR DATAR', 'TV LAYAR DATAR', 'TELEVISI', 'TV', 'TV FLAT'],
  asset_gold: ['EMAS PERHIASAN', 'EMAS', 'PERHIASAN', 'EMAS PERHIASAN MINIMAL 10 GRAM'],
  asset_computer: ['KOMPUTER', 'LAPTOP', 'KOMPUTER LAPTOP', 'KOMPUTER LAPTOP TABLET'],
  asset_smartphone: ['SMARTPHONE', 'TELEPON SELULER', 'HP', 'TELEPON GENGGAM'],
  asset_bicycle: ['SEPEDA'],
  asset_motorcycle: ['SEPEDA MOTOR', 'MOTOR'],
  asset_boat: ['PERAHU'],
  asset_motorboat: ['PERAHU MOTOR', 'KAPAL MOTOR'],
  asset_car: ['MOBIL'],
  land_elsewhere_m2: [
    'LAHAN',
    'LUAS LAHAN',
    'LAHAN DI TEMPAT LAIN',
    'LUAS LAHAN DI TEMPAT LAIN',
    'ASET LAHAN',
  ],
  house_elsewhere: ['RUMAH DI TEMPAT LAIN', 'RUMAH LAIN', 'ASET RUMAH DI TEMPAT LAIN'],
  livestock_cattle: ['SAPI', 'JUMLAH SAPI', 'SAPI KERBAU KUDA', 'JUMLAH SAPI KERBAU KUDA'],
  livestock_goats: ['KAMBING', 'JUMLAH KAMBING', 'KAMBING DOMBA', 'JUMLAH KAMBING DOMBA'],
  livestock_pigs: ['BABI', 'JUMLAH BABI'],
  livestock_poultry: ['UNGGAS', 'JUMLAH UNGGAS', 'AYAM', 'AYAM ITIK'],
};

const VARIABLE_FIELDS: FieldDef[] = HOUSEHOLD_VARIABLES.map((variable) => ({
  key: variable.key,
  kind: variable.kind,
  level: 'family' as const,
  label: variable.label,
  codes: variable.codes,
  variable,
  synonyms: [variable.label.id, variable.label.en, ...(VARIABLE_SYNONYMS[variable.key] ?? [])],
  sources: KEMENSOS,
}));

/** Every canonical field, core fields first, then the household variables of the dictionary. */
export const FIELDS: readonly FieldDef[] = [...CORE_FIELDS, ...VARIABLE_FIELDS];

const FIELD_BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

/** The definition of a canonical field, or undefined for an unknown key. */
export function fieldDef(key: string): FieldDef | undefined {
  return FIELD_BY_KEY.get(key);
}

/** The fields a source's files may carry. */
export function fieldsFor(source: ImportSource): FieldDef[] {
  return FIELDS.filter((f) => f.sources.includes(source));
}

/**
 * Required fields as groups where any one member suffices, e.g. a kelurahan by name or by code.
 * The family layout names its head with `name` or `head_name`.
 */
export function requiredFields(source: ImportSource, layout: ImportLayout): readonly (readonly string[])[] {
  if (source === 'beneficiaries') return [['nik'], ['name'], ['programme'], ['period']];
  if (layout === 'family') return [['kk_number'], ['name', 'head_name'], ['village', 'village_code']];
  return [['kk_number'], ['name'], ['village', 'village_code']];
}

const ALL_SYNONYMS = new Set<string>();
for (const field of FIELDS) for (const s of field.synonyms) ALL_SYNONYMS.add(compactKey(s));

/** Whether a header cell is a known column name of any source (used to find the header row). */
export function isKnownHeader(text: string): boolean {
  const key = compactKey(text);
  if (key.length === 0) return false;
  return ALL_SYNONYMS.has(key) || ALL_SYNONYMS.has(compactKey(text.replace(/\(.*?\)/g, '')));
}
