/**
 * The data dictionary: every socio-economic variable Tepat stores, with code lists labelled in
 * Bahasa Indonesia and English. Household variables follow the public Regsosek 2022 / Susenas proxy
 * list (domain.md §4); DTSEN's own 39 variables are not public, so this is our documented stand-in.
 * Bump DICTIONARY_VERSION and add a changelog line when a variable or code changes meaning.
 */

export const DICTIONARY_VERSION = '2025.1';

export const DICTIONARY_CHANGELOG: readonly { version: string; date: string; note: string }[] = [
  { version: '2025.1', date: '2026-11-27', note: 'First version: Regsosek 2022 proxy variables.' },
];

export interface Label {
  id: string;
  en: string;
}

export interface Code {
  code: number;
  label: Label;
}

export type VariableKind = 'code' | 'boolean' | 'number';

export interface VariableDef {
  key: string;
  kind: VariableKind;
  group: 'dwelling' | 'assets' | 'livestock' | 'person';
  label: Label;
  /** Unit for numbers, e.g. m². */
  unit?: string;
  codes?: readonly Code[];
  min?: number;
  max?: number;
}

const c = (code: number, id: string, en: string): Code => ({ code, label: { id, en } });
const yes = (key: string, id: string, en: string): VariableDef => ({
  key,
  kind: 'boolean',
  group: 'assets',
  label: { id, en },
});
const count = (key: string, id: string, en: string): VariableDef => ({
  key,
  kind: 'number',
  group: 'livestock',
  label: { id, en },
  unit: 'ekor',
  min: 0,
  max: 10_000,
});

/** Household (family card) socio-economic variables, stored in `household.variables` as JSON. */
export const HOUSEHOLD_VARIABLES: readonly VariableDef[] = [
  {
    key: 'tenure',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Status kepemilikan bangunan', en: 'Ownership of the building' },
    codes: [
      c(1, 'Milik sendiri', 'Owned'),
      c(2, 'Kontrak/sewa', 'Rented'),
      c(3, 'Bebas sewa', 'Rent-free'),
      c(4, 'Dinas', 'Official housing'),
      c(5, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'land_proof',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Bukti kepemilikan lahan', en: 'Proof of land ownership' },
    codes: [
      c(1, 'SHM atas nama anggota keluarga', 'Freehold title in a member’s name'),
      c(2, 'SHM bukan atas nama anggota keluarga', 'Freehold title in another name'),
      c(3, 'Sertifikat lain (HGB, girik, dll.)', 'Other certificate'),
      c(4, 'Tidak punya bukti', 'No proof'),
      c(5, 'Bukan milik sendiri', 'Not owned'),
    ],
  },
  {
    key: 'floor_area_m2',
    kind: 'number',
    group: 'dwelling',
    label: { id: 'Luas lantai', en: 'Floor area' },
    unit: 'm²',
    min: 1,
    max: 5_000,
  },
  {
    key: 'floor_material',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Jenis lantai terluas', en: 'Widest floor material' },
    codes: [
      c(1, 'Marmer/granit', 'Marble/granite'),
      c(2, 'Keramik', 'Ceramic tiles'),
      c(3, 'Parket/vinil/karpet', 'Parquet/vinyl/carpet'),
      c(4, 'Ubin/tegel/teraso', 'Tiles/terrazzo'),
      c(5, 'Kayu/papan', 'Wood/boards'),
      c(6, 'Semen/bata merah', 'Cement/red brick'),
      c(7, 'Bambu', 'Bamboo'),
      c(8, 'Tanah', 'Earth'),
      c(9, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'wall_material',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Jenis dinding terluas', en: 'Widest wall material' },
    codes: [
      c(1, 'Tembok', 'Masonry'),
      c(2, 'Plesteran anyaman bambu/kawat', 'Plastered bamboo/wire'),
      c(3, 'Kayu/papan', 'Wood/boards'),
      c(4, 'Anyaman bambu', 'Woven bamboo'),
      c(5, 'Batang kayu', 'Logs'),
      c(6, 'Bambu', 'Bamboo'),
      c(7, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'roof_material',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Jenis atap terluas', en: 'Widest roof material' },
    codes: [
      c(1, 'Beton', 'Concrete'),
      c(2, 'Genteng', 'Roof tiles'),
      c(3, 'Seng', 'Zinc sheet'),
      c(4, 'Asbes', 'Asbestos'),
      c(5, 'Kayu/sirap', 'Wood shingles'),
      c(6, 'Bambu', 'Bamboo'),
      c(7, 'Jerami/ijuk/daun', 'Straw/palm fibre/leaves'),
      c(8, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'water_source',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Sumber air minum utama', en: 'Main drinking-water source' },
    codes: [
      c(1, 'Air kemasan bermerk', 'Bottled water'),
      c(2, 'Air isi ulang', 'Refill water'),
      c(3, 'Leding', 'Piped water'),
      c(4, 'Sumur bor/pompa', 'Borehole/pump'),
      c(5, 'Sumur terlindung', 'Protected well'),
      c(6, 'Sumur tak terlindung', 'Unprotected well'),
      c(7, 'Mata air terlindung', 'Protected spring'),
      c(8, 'Mata air tak terlindung', 'Unprotected spring'),
      c(9, 'Air permukaan (sungai/danau)', 'Surface water'),
      c(10, 'Air hujan', 'Rainwater'),
      c(11, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'toilet_facility',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Fasilitas buang air besar', en: 'Toilet facility' },
    codes: [
      c(1, 'Ada, digunakan hanya anggota keluarga sendiri', 'Own'),
      c(2, 'Ada, digunakan bersama keluarga tertentu', 'Shared'),
      c(3, 'Ada, di MCK komunal/umum', 'Public'),
      c(4, 'Tidak ada', 'None'),
    ],
  },
  {
    key: 'toilet_type',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Jenis kloset', en: 'Toilet type' },
    codes: [
      c(1, 'Leher angsa', 'Flush/pour-flush'),
      c(2, 'Plengsengan dengan tutup', 'Covered slab'),
      c(3, 'Plengsengan tanpa tutup', 'Open slab'),
      c(4, 'Cemplung/cubluk', 'Pit'),
    ],
  },
  {
    key: 'wastewater',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Pembuangan akhir tinja', en: 'Waste-water disposal' },
    codes: [
      c(1, 'Tangki septik', 'Septic tank'),
      c(2, 'IPAL', 'Sewage treatment'),
      c(3, 'Kolam/sawah/sungai/danau/laut', 'Pond/field/river/sea'),
      c(4, 'Lubang tanah', 'Pit in the ground'),
      c(5, 'Pantai/tanah lapang/kebun', 'Beach/open ground'),
      c(6, 'Lainnya', 'Other'),
    ],
  },
  {
    key: 'lighting',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Sumber penerangan utama', en: 'Main lighting source' },
    codes: [
      c(1, 'Listrik PLN dengan meteran', 'PLN electricity with meter'),
      c(2, 'Listrik PLN tanpa meteran', 'PLN electricity without meter'),
      c(3, 'Listrik non-PLN', 'Non-PLN electricity'),
      c(4, 'Bukan listrik', 'No electricity'),
    ],
  },
  {
    key: 'power_va',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Daya terpasang', en: 'Installed power' },
    codes: [
      c(0, 'Tidak ada/bukan PLN', 'None/non-PLN'),
      c(1, '450 VA', '450 VA'),
      c(2, '900 VA', '900 VA'),
      c(3, '1.300 VA', '1,300 VA'),
      c(4, '2.200 VA', '2,200 VA'),
      c(5, 'Lebih dari 2.200 VA', 'Over 2,200 VA'),
    ],
  },
  {
    key: 'cooking_fuel',
    kind: 'code',
    group: 'dwelling',
    label: { id: 'Bahan bakar utama memasak', en: 'Main cooking fuel' },
    codes: [
      c(1, 'Listrik', 'Electricity'),
      c(2, 'LPG 5,5 kg/blue gaz', 'LPG 5.5 kg or larger'),
      c(3, 'LPG 3 kg', 'LPG 3 kg'),
      c(4, 'Gas kota/meteran PGN', 'Piped gas'),
      c(5, 'Biogas', 'Biogas'),
      c(6, 'Minyak tanah', 'Kerosene'),
      c(7, 'Briket', 'Briquettes'),
      c(8, 'Arang', 'Charcoal'),
      c(9, 'Kayu bakar', 'Firewood'),
      c(10, 'Tidak memasak di rumah', 'No cooking at home'),
    ],
  },
  yes('asset_lpg55', 'Tabung gas 5,5 kg atau lebih', 'LPG cylinder 5.5 kg or larger'),
  yes('asset_fridge', 'Lemari es/kulkas', 'Refrigerator'),
  yes('asset_ac', 'AC', 'Air conditioner'),
  yes('asset_water_heater', 'Pemanas air', 'Water heater'),
  yes('asset_landline', 'Telepon rumah', 'Landline telephone'),
  yes('asset_tv_flat', 'Televisi layar datar', 'Flat-screen TV'),
  yes('asset_gold', 'Emas/perhiasan minimal 10 gram', 'Gold/jewellery of 10 g or more'),
  yes('asset_computer', 'Komputer/laptop/tablet', 'Computer/laptop/tablet'),
  yes('asset_smartphone', 'Telepon seluler/smartphone', 'Mobile phone/smartphone'),
  yes('asset_bicycle', 'Sepeda', 'Bicycle'),
  yes('asset_motorcycle', 'Sepeda motor', 'Motorcycle'),
  yes('asset_boat', 'Perahu', 'Boat'),
  yes('asset_motorboat', 'Perahu motor', 'Motor boat'),
  yes('asset_car', 'Mobil', 'Car'),
  {
    key: 'land_elsewhere_m2',
    kind: 'number',
    group: 'assets',
    label: { id: 'Lahan di tempat lain', en: 'Land elsewhere' },
    unit: 'm²',
    min: 0,
    max: 10_000_000,
  },
  yes('house_elsewhere', 'Rumah di tempat lain', 'House elsewhere'),
  count('livestock_cattle', 'Sapi/kerbau/kuda', 'Cattle/buffalo/horses'),
  count('livestock_goats', 'Kambing/domba', 'Goats/sheep'),
  count('livestock_pigs', 'Babi', 'Pigs'),
  count('livestock_poultry', 'Unggas', 'Poultry'),
];

/** Person-level coded fields, stored as columns of `person`. */
export const PERSON_CODES = {
  sex: [c(1, 'Laki-laki', 'Male'), c(2, 'Perempuan', 'Female')],
  relationship: [
    c(1, 'Kepala keluarga', 'Head of family'),
    c(2, 'Istri/suami', 'Spouse'),
    c(3, 'Anak', 'Child'),
    c(4, 'Menantu', 'Child-in-law'),
    c(5, 'Cucu', 'Grandchild'),
    c(6, 'Orang tua/mertua', 'Parent/parent-in-law'),
    c(7, 'Pembantu/sopir', 'Domestic worker'),
    c(8, 'Lainnya', 'Other'),
  ],
  marital: [
    c(1, 'Belum kawin', 'Never married'),
    c(2, 'Kawin', 'Married'),
    c(3, 'Cerai hidup', 'Divorced'),
    c(4, 'Cerai mati', 'Widowed'),
  ],
  schooling: [
    c(0, 'Tidak/belum pernah sekolah', 'Never attended'),
    c(1, 'Masih sekolah', 'Attending'),
    c(2, 'Tidak bersekolah lagi', 'No longer attending'),
  ],
  education: [
    c(0, 'Tidak punya ijazah', 'No certificate'),
    c(1, 'SD/sederajat', 'Primary'),
    c(2, 'SMP/sederajat', 'Junior secondary'),
    c(3, 'SMA/SMK/sederajat', 'Senior secondary'),
    c(4, 'D1/D2/D3', 'Diploma'),
    c(5, 'D4/S1', 'Bachelor'),
    c(6, 'S2/S3', 'Postgraduate'),
  ],
  work: [
    c(0, 'Tidak bekerja', 'Not working'),
    c(1, 'Berusaha sendiri', 'Own-account worker'),
    c(2, 'Berusaha dibantu buruh tidak tetap', 'Employer with temporary workers'),
    c(3, 'Berusaha dibantu buruh tetap', 'Employer with permanent workers'),
    c(4, 'Buruh/karyawan swasta', 'Private employee'),
    c(5, 'ASN (PNS/PPPK)', 'Civil servant (ASN)'),
    c(6, 'TNI/Polri', 'Armed forces/police'),
    c(7, 'Pekerja bebas', 'Casual worker'),
    c(8, 'Pekerja keluarga/tidak dibayar', 'Unpaid family worker'),
  ],
  disability: [
    c(0, 'Tidak ada', 'None'),
    c(1, 'Disabilitas fisik', 'Physical'),
    c(2, 'Disabilitas intelektual', 'Intellectual'),
    c(3, 'Disabilitas mental', 'Mental'),
    c(4, 'Disabilitas sensorik', 'Sensory'),
    c(5, 'Disabilitas ganda', 'Multiple'),
  ],
  chronicIllness: [
    c(0, 'Tidak ada', 'None'),
    c(1, 'Hipertensi', 'Hypertension'),
    c(2, 'Diabetes', 'Diabetes'),
    c(3, 'Jantung', 'Heart disease'),
    c(4, 'TBC', 'Tuberculosis'),
    c(5, 'Kanker', 'Cancer'),
    c(6, 'Stroke', 'Stroke'),
    c(7, 'Gagal ginjal', 'Kidney failure'),
    c(8, 'Lainnya', 'Other'),
  ],
  healthInsurance: [
    c(0, 'Tidak punya', 'None'),
    c(1, 'BPJS Kesehatan PBI', 'National health insurance, subsidised (PBI)'),
    c(2, 'BPJS Kesehatan mandiri/pekerja', 'National health insurance, contributory'),
    c(3, 'Jamkesda', 'Regional health insurance'),
    c(4, 'Asuransi swasta', 'Private insurance'),
  ],
  /** Why a person is no longer an active member of the registry. */
  status: [
    c(1, 'Aktif', 'Active'),
    c(2, 'Meninggal', 'Deceased'),
    c(3, 'Pindah', 'Moved away'),
    c(4, 'Digabung (duplikat)', 'Merged (duplicate)'),
  ],
} as const satisfies Record<string, readonly Code[]>;

export type PersonCodeList = keyof typeof PERSON_CODES;

/** Local labels of the official desil (domain.md §1). */
export const DESIL_LABELS: Record<number, Label> = {
  1: { id: 'Miskin ekstrem', en: 'Extremely poor' },
  2: { id: 'Miskin', en: 'Poor' },
  3: { id: 'Miskin', en: 'Poor' },
  4: { id: 'Rentan miskin', en: 'Vulnerable' },
};

export function findVariable(key: string): VariableDef | undefined {
  return HOUSEHOLD_VARIABLES.find((v) => v.key === key);
}

/** The label of a code in a list, in the requested language, or the raw code when unknown. */
export function codeLabel(
  codes: readonly Code[],
  code: number | null | undefined,
  lang: 'id' | 'en',
): string {
  if (code === null || code === undefined) return '';
  return codes.find((x) => x.code === code)?.label[lang] ?? String(code);
}

export type HouseholdVariables = Record<string, number | boolean | null>;

/** Problems with a household variables object, as messages keyed by variable. */
export function validateHouseholdVariables(vars: HouseholdVariables): { key: string; problem: string }[] {
  const problems: { key: string; problem: string }[] = [];
  for (const [key, value] of Object.entries(vars)) {
    const def = findVariable(key);
    if (!def) {
      problems.push({ key, problem: 'unknown_variable' });
      continue;
    }
    if (value === null) continue;
    if (def.kind === 'boolean' && typeof value !== 'boolean') problems.push({ key, problem: 'not_boolean' });
    if (def.kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ key, problem: 'not_number' });
      else if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max))
        problems.push({ key, problem: 'out_of_range' });
    }
    if (def.kind === 'code' && !def.codes?.some((x) => x.code === value))
      problems.push({ key, problem: 'unknown_code' });
  }
  return problems;
}
