/**
 * Reference figures for the synthetic Kota Bontang (domain.md §1–2). Public facts (region codes,
 * kecamatan populations 2024, persons in desil 1–4 per kelurahan, about 499 RT) are kept as published;
 * kelurahan populations are NOT public, so ASSUMED_POPULATION below is an illustrative split that
 * only has to add up to the kecamatan totals.
 */

export interface BontangDistrict {
  /** Two-digit kecamatan segment: '01'. */
  suffix: string;
  name: string;
  /** Dukcapil population 2024 (domain.md §1). */
  population: number;
  /** Spellings seen in real files, for the Kemensos-style export. */
  spellings: readonly string[];
}

export interface BontangVillage {
  /** Kecamatan segment '01' and kelurahan segment '1003'. */
  districtSuffix: string;
  suffix: string;
  /** Name as in data/wilayah/regions.csv. */
  name: string;
  /** Illustrative population (not public); sums to the kecamatan totals. */
  assumedPopulation: number;
  /** Persons in desil 1–4 in the Kemensos list, late 2025 (domain.md §1). */
  desil14Persons: number;
  /** Centroid given by data/geo/bontang-kelurahan.geojson. */
  centroid: { lat: number; lng: number };
  /**
   * Where demo households are placed: the centroid when it lies well inside the polygon, otherwise an
   * interior point found by a grid search (Lok Tuan's centroid falls outside its own polygon). Every
   * point within `radiusDeg` of the anchor lies inside the kelurahan polygon.
   */
  anchor: { lat: number; lng: number };
  radiusDeg: number;
  /** Coastal kelurahan with stilt houses over water: more wooden floors and walls, boats. */
  coastal: boolean;
  /** Spellings seen in real files, for the Kemensos-style export. */
  spellings: readonly string[];
}

export const BONTANG_REGION_CODE = '64.74';

/** Persons in desil 1–4 in the Kemensos list for the whole city (domain.md §1). */
export const BONTANG_DESIL_PERSONS = { 1: 2_397, 2: 4_679, 3: 5_160, 4: 4_148 } as const;

/** Family cards in the initial Kemensos extract (domain.md §1): the scale the desil figures refer to. */
export const BONTANG_REFERENCE_HOUSEHOLDS = 27_000;

/** About 499 RT in the city (domain.md §1). */
export const BONTANG_RT_COUNT = 499;

export const BONTANG_DISTRICTS: readonly BontangDistrict[] = [
  {
    suffix: '01',
    name: 'Bontang Utara',
    population: 89_010,
    spellings: ['BONTANG UTARA', 'KEC. BONTANG UTARA', 'BTG UTARA'],
  },
  {
    suffix: '02',
    name: 'Bontang Selatan',
    population: 71_167,
    spellings: ['BONTANG SELATAN', 'KEC. BONTANG SELATAN', 'BTG SELATAN'],
  },
  {
    suffix: '03',
    name: 'Bontang Barat',
    population: 31_634,
    spellings: ['BONTANG BARAT', 'KEC. BONTANG BARAT', 'Bontang Barat'],
  },
];

const v = (
  districtSuffix: string,
  suffix: string,
  name: string,
  assumedPopulation: number,
  desil14Persons: number,
  centroid: [number, number],
  anchor: [number, number],
  radiusDeg: number,
  coastal: boolean,
  spellings: string[],
): BontangVillage => ({
  districtSuffix,
  suffix,
  name,
  assumedPopulation,
  desil14Persons,
  centroid: { lat: centroid[0], lng: centroid[1] },
  anchor: { lat: anchor[0], lng: anchor[1] },
  radiusDeg,
  coastal,
  spellings,
});

// Radii are 0.7 × the anchor's distance to the polygon boundary, capped at 0.006° (about 650 m).
// prettier-ignore
export const BONTANG_VILLAGES: readonly BontangVillage[] = [
  v('01', '1001', 'Bontang Kuala', 8_200, 609, [0.133577, 117.508492], [0.133577, 117.508492], 0.0054, true, ['BONTANG KUALA', 'KEL. BONTANG KUALA', 'BTG KUALA']),
  v('01', '1002', 'Bontang Baru', 14_500, 415, [0.144141, 117.493709], [0.137983, 117.49347], 0.0027, false, ['BONTANG BARU', 'KEL. BONTANG BARU', 'BTG BARU']),
  v('01', '1003', 'Lok Tuan', 26_000, 3_409, [0.164917, 117.474356], [0.169691, 117.472291], 0.00315, true, ['LOK TUAN', 'LOKTUAN', 'KEL. LOK TUAN', 'Loktuan']),
  v('01', '1004', 'Guntung', 11_310, 420, [0.188507, 117.487844], [0.189375, 117.479294], 0.006, true, ['GUNTUNG', 'KEL. GUNTUNG']),
  v('01', '1005', 'Gunung Elai', 13_500, 156, [0.142845, 117.478786], [0.148153, 117.480596], 0.0045, false, ['GUNUNG ELAI', 'GN. ELAI', 'GUNUNG ELAY']),
  v('01', '1006', 'Api-api', 15_500, 725, [0.130865, 117.490042], [0.130865, 117.490042], 0.002, false, ['API-API', 'Api-api', 'API API', 'APIAPI']),
  v('02', '1001', 'Tanjung Laut', 14_500, 2_642, [0.123142, 117.485022], [0.123142, 117.485022], 0.0022, true, ['TANJUNG LAUT', 'TANJUNGLAUT', 'TJ. LAUT']),
  v('02', '1002', 'Berbas Tengah', 14_000, 2_245, [0.116205, 117.47899], [0.116205, 117.47899], 0.0018, false, ['BERBAS TENGAH', 'KEL. BERBAS TENGAH', 'BEREBAS TENGAH']),
  v('02', '1003', 'Berbas Pantai', 12_500, 2_281, [0.11041, 117.484276], [0.111461, 117.482194], 0.0012, true, ['BERBAS PANTAI', 'BEREBAS PANTAI', 'KEL. BERBAS PANTAI']),
  v('02', '1004', 'Satimpo', 7_000, 205, [0.107086, 117.461783], [0.113342, 117.464664], 0.006, false, ['SATIMPO', 'KEL. SATIMPO']),
  v('02', '1005', 'Bontang Lestari', 9_500, 381, [0.055895, 117.444373], [0.055895, 117.444373], 0.006, true, ['BONTANG LESTARI', 'BTG LESTARI']),
  v('02', '1006', 'Tanjung Laut Indah', 13_667, 643, [0.117304, 117.49619], [0.117304, 117.49619], 0.0029, true, ['TANJUNG LAUT INDAH', 'TJ. LAUT INDAH', 'TANJUNG LAUT INDAH ']),
  v('03', '1001', 'Belimbing', 11_000, 471, [0.151275, 117.457346], [0.151275, 117.457346], 0.006, false, ['BELIMBING', 'KEL. BELIMBING']),
  v('03', '1002', 'Gunung Telihan', 12_500, 1_001, [0.136607, 117.452649], [0.135472, 117.452089], 0.0032, false, ['GUNUNG TELIHAN', 'GN. TELIHAN', 'Gunung Telihan']),
  v('03', '1003', 'Kanaan', 8_134, 781, [0.123468, 117.446852], [0.123468, 117.446852], 0.0052, false, ['KANAAN', 'KEL. KANAAN']),
];

/** Street names used for demo addresses (common Indonesian street names, several seen in Bontang). */
// prettier-ignore
export const STREET_NAMES: readonly string[] = [
  'Ahmad Yani', 'MT Haryono', 'Bhayangkara', 'Pattimura', 'Imam Bonjol', 'Kapal Layar', 'Letjen S. Parman',
  'Awang Long', 'Cipto Mangunkusumo', 'Brigjen Katamso', 'Sutomo', 'KS Tubun', 'Hayam Wuruk', 'Gajah Mada',
  'DI Panjaitan', 'Pierre Tendean', 'Urip Sumoharjo', 'Selat Makassar', 'Selat Sulawesi', 'Cendana',
  'Kenanga', 'Melati', 'Flamboyan', 'Mulawarman', 'Kakap', 'Tongkol', 'Cumi-cumi', 'Lembuswana',
  'Jend. Sudirman', 'Pupuk Raya', 'Arief Rahman Hakim', 'Diponegoro', 'Pelabuhan', 'Nelayan', 'Teratai',
  'Anggrek', 'Mawar', 'Kutilang', 'Merpati', 'Cenderawasih', 'Rajawali', 'Pinang', 'Sepakat', 'Damai',
  'Bukit Indah', 'Poros Bontang-Samarinda', 'RE Martadinata', 'Yos Sudarso', 'Kalimantan', 'Sulawesi',
  'Jawa', 'Sumatera', 'Padat Karya', 'Manunggal', 'Soekarno-Hatta', 'Ir. H. Juanda', 'Mayjen DI Panjaitan',
  'Hasanuddin', 'Sultan Alimuddin', 'Tanjung Batu', 'Bontang Kuala', 'Bangau', 'Elang', 'Nuri',
];

/** Housing estates, for the better-off households that live in one. */
// prettier-ignore
export const HOUSING_ESTATES: readonly string[] = [
  'Perum Bukit Sekatup Damai', 'Perum Griya Bontang Permai', 'Perum Korpri', 'Perum Villa Permata',
  'Perum Kopkar', 'Perum Bontang Lestari Indah', 'Perum Gunung Elai Asri',
];
