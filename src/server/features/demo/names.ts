/**
 * Synthetic Indonesian names from the communities living in Bontang (Bugis, Javanese, Banjar, Kutai,
 * Makassar/Mandar, Buton, Toraja, Sundanese, Minahasa, Batak, Chinese-Indonesian, Flores/Timor,
 * Malay), in UPPER CASE as in Kemensos data, plus the spelling changes that make record linkage hard:
 * variants, pre-1972 spelling (oe/dj/tj/nj/sj/ch) and titles or degrees.
 */
import type { Rng } from './rng.ts';

export type Community =
  | 'bugis'
  | 'jawa'
  | 'banjar'
  | 'kutai'
  | 'makassar'
  | 'buton'
  | 'toraja'
  | 'sunda'
  | 'minahasa'
  | 'batak'
  | 'tionghoa'
  | 'ntt'
  | 'melayu';

export interface CommunityDef {
  id: Community;
  /** Share of Bontang households (illustrative). */
  weight: number;
  /** Probability that a member of this community is Christian (names, no hajj titles, pigs). */
  christianShare: number;
  male: readonly string[];
  female: readonly string[];
  /** Optional second given-name tokens; otherwise a second token comes from the same list. */
  maleSecond?: readonly string[];
  femaleSecond?: readonly string[];
  secondTokenChance: number;
  malePrefixes: readonly (readonly [string, number])[];
  femalePrefixes: readonly (readonly [string, number])[];
  /** Communities with inherited family names (marga, fam); children take the father's. */
  familyNames?: readonly string[];
  /** Birth places of people who were not born in Bontang. */
  birthPlaces: readonly string[];
}

const words = (text: string): readonly string[] => text.trim().split(/\s*,\s*/);

// Common Arabic-origin names shared by every Muslim community; they make MUHAMMAD, ABDUL, SITI and NUR
// frequent enough that linkage must down-weight agreement on them.
const ARABIC_MALE = words(
  `RAHMAN, HAMID, KADIR, MALIK, WAHAB, HALIM, AZIS, LATIF, MUIS, GAFUR, RAHIM, JALIL, RAUF, MAJID, SALAM`,
);
const MODERN_MUSLIM_MALE =
  words(`RIZKY, FAHRI, ALIF, NAUFAL, RAFA, ARKAN, FARHAN, DIMAS, ADITYA, RAFI, FADIL, ZAKI, HAIKAL,
  ILHAM, REZA, ARYA, BAYU, GILANG, ANDIKA, FIKRI, RIDHO, HABIBI, FAUZAN, ZIDAN, RAIHAN, AZKA, KENZIE, ATHAR,
  YUSUF, HAFIZ, IQBAL, FAJAR, AKMAL, DAFFA, RAFFI, ALDI, FIRMAN, ARDIANSYAH, NUR ALAM, SYAHRUL, DZAKY`);
const MODERN_MUSLIM_MALE_LAST =
  words(`PRATAMA, SAPUTRA, RAMADHAN, AKBAR, HIDAYAT, MAULANA, FIRMANSYAH, KURNIAWAN,
  ALFARIZI, AL FATIH, NUGRAHA, SETIAWAN, ABDILLAH, WIJAYA, HAKIM, ANSHARI`);
const MODERN_MUSLIM_FEMALE =
  words(`AISYAH, ZAHRA, NAILA, PUTRI, SALSABILA, NABILA, AULIA, KEISHA, ALYA, AYU, INDAH,
  NURUL, FITRI, ANNISA, AZZAHRA, KHAIRUNNISA, FATIMAH, RAHMA, SYIFA, AMELIA, AMANDA, ANGGI, DELA, NADIA,
  AQILA, HUMAIRA, ZASKIA, ADINDA, CAHAYA, RATU, SYAHRANI, NURHALIZA, FEBRIANTI, DWI, TRI, MUTIARA, HASNA`);
const MODERN_MUSLIM_FEMALE_LAST =
  words(`RAMADHANI, PUTRI, LESTARI, WULANDARI, SAFITRI, AULIA, NURHALIZA, AZZAHRA,
  FEBRIANTI, OKTAVIANI, MAHARANI, KHAIRUNNISA, RAHMADANI, PRATIWI, ANGGRAINI`);
const MODERN_CHRISTIAN_MALE =
  words(`GABRIEL, MICHAEL, KEVIN, JONATHAN, CHRISTIAN, FERNANDO, DAVID, YOSUA, REVALDO,
  GIOVANNI, JUAN, NATANAEL, RAFAEL, STEVEN, ALVIN, DANIEL, SAMUEL, JOSHUA, FELIX, ANDREAS`);
const MODERN_CHRISTIAN_FEMALE =
  words(`GRACE, ANGEL, CLARISSA, MICHELLE, CHRISTINA, JESSICA, PRISKILA, NATASHA,
  GLORIA, VANESSA, MARSELA, JENNIFER, FELISIA, OLIVIA, CELINE, NATALIA, STEFANI, AGNES, VIONA, CHELSEA`);
const CHRISTIAN_MALE = words(`YOHANES, MARKUS, PETRUS, YAKOB, DANIEL, SAMUEL, SIMON, PAULUS, LUKAS, MATIUS,
  ANDARIAS, DAVID, ALFRED, ELIAS, YOSEF, STEFANUS, TIMOTIUS, BENYAMIN, ROBERT, HENDRIK`);
const CHRISTIAN_FEMALE = words(`MARIA, YULIANA, MARTHA, DEBORA, RUTH, RAHEL, SARA, ELISABET, MAGDALENA, ESTER,
  LIDIA, YOHANA, NOVITA, MERLIN, DORKAS, RINA, SUSANA, KRISTINA, YUNITA, MARIANA`);

// prettier-ignore
export const COMMUNITIES: readonly CommunityDef[] = [
  {
    id: 'bugis', weight: 0.3, christianShare: 0,
    male: words(`SUDIRMAN, BAHTIAR, HASANUDDIN, SYAMSUDDIN, NURDIN, JUMALI, RUSTAM, AMIRUDDIN, SAHABUDDIN, BASRI,
      HAMZAH, ARIFIN, MAKMUR, SALEH, YUSUF, IDRIS, HASAN, BADRUN, JAMALUDDIN, ANWAR, KAHAR, SULTAN, ASRI, SAMSUL,
      ARSYAD, MUSTARI, HAERUDDIN, TAHIR, SYAHRIR, IRWAN, RUSLAN, ASDAR, MUKHTAR, HAMKA, NASRULLAH, ARMAN, JUFRI,
      SAIFUL, ILHAM, RIDWAN, HERMAN, MUHLIS, KAMARUDDIN, AMBO, TAMRIN, SYAHRIR, BAHAR, ZAINAL, MUSLIMIN, RAHMAT`),
    female: words(`HASNAWATI, NURHAYATI, HASNAH, MASNIAH, RAHMAWATI, SUHARTINI, HADIJAH, MARLINA, NURMALA, HAPSAH,
      SALMIAH, KARMILA, NURHAEDAH, HARTATI, MUSDALIFAH, ASNI, JUMRIAH, HASMAWATI, NURLIAH, SUARNI, HASRIANI,
      ERNAWATI, MURNI, ROSMINI, SAHARIAH, NURJANNAH, AMINAH, MARIAM, SUHARNI, NURAENI, JUMARNI, HASMIATI, KASMAWATI`),
    secondTokenChance: 0.25,
    malePrefixes: [['MUHAMMAD', 0.12], ['MUH.', 0.04], ['ANDI', 0.08], ['ABDUL', 0.05], ['LA', 0.02]],
    femalePrefixes: [['SITTI', 0.07], ['ST.', 0.03], ['ANDI', 0.07], ['NUR', 0.06]],
    birthPlaces: words(`BONE, WAJO, SOPPENG, SIDRAP, PINRANG, PAREPARE, SINJAI, BARRU, MAKASSAR, SAMARINDA`),
  },
  {
    id: 'jawa', weight: 0.27, christianShare: 0.05,
    male: words(`SUPRIYADI, SUGENG, BAMBANG, SLAMET, SUGIANTO, HERU, WAHYU, EKO, BUDI, AGUS, JOKO, SUWARNO, SUKIRNO,
      SUPARMAN, SUTRISNO, SUYONO, SUMARDI, HARIYANTO, TRI, DWI, PURWANTO, KUSNADI, PAIMAN, MULYONO, SUPARDI,
      SUKARDI, GIYONO, KASIMAN, SUROTO, TEGUH, ARIF, ANDRI, ADI, DARMAJI, SUYANTO, SUPRAPTO, YUDI, JUNAEDI, SUWITO`),
    female: words(`SRI, SITI, ENDANG, SUMARNI, SUMIATI, WULANDARI, LESTARI, RATNA, SUPRAPTI, SUWARNI, TRI, DWI, YULI,
      NINGSIH, RAHAYU, HANDAYANI, WAHYUNI, SUSANTI, PURWANTI, KASMINI, PAINEM, SUKINAH, TUMINAH, MARYATI,
      SULASTRI, ASTUTI, KUSMIATI, INDAH, DEWI, PUJI, RINI, YULIANI, SETYOWATI, WARSINI, SUNARSIH`),
    maleSecond: words(`SANTOSO, PRASETYO, WIDODO, SETIAWAN, NUGROHO, SUSANTO, PURNOMO, HARTONO, SAPUTRO, WIBOWO,
      HIDAYAT, SUBAGYO, SULISTYO, RAHARJO, SALIM, SUGIHARTO, KURNIAWAN`),
    femaleSecond: words(`WAHYUNI, LESTARI, HANDAYANI, RAHAYU, NINGSIH, ASTUTI, SUSANTI, WULANDARI, PURWANTI, SUNDARI,
      MULYANI, RETNO, UTAMI, SETYANINGSIH, SURYANI, KURNIASIH`),
    secondTokenChance: 0.5,
    malePrefixes: [['MUHAMMAD', 0.08], ['MOH.', 0.02], ['AHMAD', 0.04]],
    femalePrefixes: [['SITI', 0.1], ['NUR', 0.04]],
    birthPlaces: words(`SURABAYA, MALANG, JEMBER, KEDIRI, LAMONGAN, BANYUWANGI, SEMARANG, SURAKARTA, KLATEN,
      YOGYAKARTA, BLITAR, TULUNGAGUNG, MADIUN, NGAWI`),
  },
  {
    id: 'banjar', weight: 0.1, christianShare: 0,
    male: words(`ANTUNG, SYAHRANI, ASERANI, JUHRI, SAMSUDIN, ARBAIN, HAMDANI, RUSMADI, NORDIN, SYAIFUL, MASRANI,
      JUMBERI, ARSYAD, KHAIRIL, FAHRUDDIN, RAHMADI, MAHYUDIN, SYARIFUDDIN, ASRANI, BAHRUDIN, ZAINI, HAMBALI, RIDUAN`),
    female: words(`JUBAIDAH, MASITAH, SALASIAH, ARBAYAH, RUSDIANA, HALIMAH, SAMSIAH, MASLIANI, NORLAILA, RAHMAH,
      FATIMAH, NURUL, JAMILAH, SALMAH, NORJANAH, NORHALIMAH, NOORHAYATI, MASNAH, HAMIDAH, RUSMALA, ASIAH`),
    secondTokenChance: 0.2,
    malePrefixes: [['MUHAMMAD', 0.2], ['AHMAD', 0.08], ['ABDUL', 0.06], ['GUSTI', 0.03]],
    femalePrefixes: [['NOOR', 0.1], ['SITI', 0.08], ['NOR', 0.04]],
    birthPlaces: words(`BANJARMASIN, MARTAPURA, AMUNTAI, BARABAI, KANDANGAN, RANTAU, TANJUNG, SAMARINDA`),
  },
  {
    id: 'kutai', weight: 0.06, christianShare: 0,
    male: words(`HERLIANSYAH, RUSDIANSYAH, ADRIANSYAH, SYAHRUDDIN, HAMDANI, ZULKIFLI, RUSLAN, SUPIAN, HARDIANSYAH,
      MISRANSYAH, JAILANI, BAHRANSYAH, ACHMAD, ISMAIL, SAIDIN, ASWANDI, JUMANSYAH, FIRDAUS, KHAIRUDDIN`),
    female: words(`NORHAYATI, RAHMAH, SALMAH, ASMAH, NURBAYA, RUSMINAH, ANNISA, FITRIANI, HERLINA, MAISARAH,
      JUNAIDAH, MASRIAH, RUSNAWATI, SITI AMINAH, ROSNANI, HAMSIAH`),
    secondTokenChance: 0.15,
    malePrefixes: [['AWANG', 0.1], ['AJI', 0.02], ['MUHAMMAD', 0.1]],
    femalePrefixes: [['DAYANG', 0.08], ['AJI', 0.02], ['SITI', 0.06]],
    birthPlaces: words(`TENGGARONG, MUARA BADAK, SANGATTA, KOTA BANGUN, MUARA KAMAN, SAMARINDA`),
  },
  {
    id: 'makassar', weight: 0.04, christianShare: 0,
    male: words(`BASO, SAHARUDDIN, SYAMSUL, RAMLI, SAMPARA, MAPPA, SANGKALA, JUMADI, HAMZAH, SUDIRMAN, MANSYUR,
      SUARDI, ARIFIN, NASIR, SULAIMAN, BACO, SAMMANG`),
    female: words(`NURHAYATI, SUNARTI, HASNIAH, BUNGA, SAPIAH, RAMLAH, SANIASA, NURHAEDA, SUMARNI, MANNIRI, HASNI`),
    maleSecond: words(`DG. NGERANG, DG. NAI, DG. SIJAYA, DG. TOMPO, DG. RURU, DG. SILA, DG. NGALLE, DG. MANGKA,
      DG. NYAMPA, DG. SIKKI, DG. TIRO, DG. LALLO, DG. BOMBONG`),
    femaleSecond: words(`DG. CAYA, DG. RANNU, DG. KEBO, DG. BAJI, DG. JINTU, DG. TAYA, DG. BUNGA`),
    secondTokenChance: 0.35,
    malePrefixes: [['MUHAMMAD', 0.12], ['MUH.', 0.04]],
    femalePrefixes: [['SITTI', 0.08], ['ST.', 0.04]],
    birthPlaces: words(`MAKASSAR, GOWA, TAKALAR, JENEPONTO, BANTAENG, MAROS, POLEWALI, MAJENE`),
  },
  {
    id: 'buton', weight: 0.04, christianShare: 0,
    male: words(`SALIMU, RAHIMU, HAMIRU, SARIFU, ABUDU, HASANU, JAMALI, SANI, BAHARI, HAMIDI, SAFARUDDIN, ALIMUDDIN,
      MUSTAFA, SALIHI, RAMADHAN, HUSAINI`),
    female: words(`ANI, NURHAYATI, SITI, NAMU, MINA, SUMI, HADIA, SARIA, RUGAIA, WIDA, HASIA, SAMSIA`),
    secondTokenChance: 0.15,
    malePrefixes: [['LA', 0.45], ['LA ODE', 0.06], ['MUHAMMAD', 0.06]],
    femalePrefixes: [['WA', 0.45], ['WA ODE', 0.06]],
    birthPlaces: words(`BAUBAU, BUTON, MUNA, WAKATOBI, KENDARI`),
  },
  {
    id: 'toraja', weight: 0.05, christianShare: 0.85,
    male: CHRISTIAN_MALE,
    female: CHRISTIAN_FEMALE,
    secondTokenChance: 0.1,
    malePrefixes: [],
    femalePrefixes: [],
    familyNames: words(`TANDI, PATANDUNG, PALIMBONG, SAMPE, PAKIDING, RANTE, LANGI, PARINDING, TANGDILINTIN, PASULU,
      SOMBOLINGGI, TANDIARRANG, PALULLUNGAN, ALLO, LINGGI, PANGGALO, TODING, RANTELINO, BARANA, SAMBARA`),
    birthPlaces: words(`MAKALE, RANTEPAO, TANA TORAJA, PALOPO, MAKASSAR`),
  },
  {
    id: 'sunda', weight: 0.03, christianShare: 0,
    male: words(`ASEP, DEDE, UJANG, CECEP, AAN, DADANG, YAYAN, HERMAN, DEDI, ENCEP, JAJANG, IWAN, RAHMAT, SUHERMAN,
      SUPRIATNA, HIDAYAT, KURNIA, AGUS, ENDANG`),
    female: words(`NENG, EUIS, IIS, YANTI, ENENG, TITIN, KOKOM, IMAS, ENOK, NINING, LILIS, ELIS, TETI, CUCU, ROHAYATI,
      NURHASANAH, YUYUN, NENDEN`),
    maleSecond: words(`SURYANA, HERMAWAN, SOLIHIN, SETIAWAN, SAPUTRA, KUSNADI, SUTISNA, MULYANA, KOSASIH, SOPIAN`),
    femaleSecond: words(`NURHAYATI, ROHAYATI, KOMALASARI, SURYANI, MULYATI, SUMIATI, RATNASARI, KURNIASIH`),
    secondTokenChance: 0.5,
    malePrefixes: [['MUHAMMAD', 0.06]],
    femalePrefixes: [['SITI', 0.06], ['NUR', 0.04]],
    birthPlaces: words(`BANDUNG, GARUT, TASIKMALAYA, CIANJUR, SUKABUMI`),
  },
  {
    id: 'minahasa', weight: 0.02, christianShare: 1,
    male: words(`FRANKY, JEFRI, ROBBY, FELIX, STEVEN, JOHNY, RONALD, HENDRIK, ALBERT, MAX, JOPPIE, REINHARD, DENNY,
      NOLDY, ARNOLD, FERRY`),
    female: words(`MEIVY, VIVI, NOVITA, SYLVIA, JULIANA, DEISY, GRACE, MARLENE, FANNY, MERRY, JEANE, LINDA, OLVIE`),
    secondTokenChance: 0.2,
    malePrefixes: [],
    femalePrefixes: [],
    familyNames: words(`SUMAMPOUW, WONGKAR, RUMAMBI, LUMINTANG, POLII, KAUNANG, MAMAHIT, TUMBELAKA, RONDONUWU,
      SUMOLANG, TAMBUNAN, PANGKEREGO, WALEWANGKO, MANDAGI, LENGKONG, KAMBEY, SUMENDAP`),
    birthPlaces: words(`MANADO, TOMOHON, BITUNG, MINAHASA`),
  },
  {
    id: 'batak', weight: 0.02, christianShare: 0.8,
    male: words(`JHON, RUDI, HOTMAN, DONALD, PARLINDUNGAN, MARTUA, SAHAT, BINSAR, TUMPAL, ROBERT, JANTER, MANGASI,
      TIGOR, POLTAK, BONAR, RAJA`),
    female: words(`ROSMAWATI, DUMA, LAMRIA, RIANA, TIURMA, NURMALA, MASTIUR, ROSLINA, ERNITA, RUSLIANA, MINAR, SONTI`),
    secondTokenChance: 0.1,
    malePrefixes: [],
    femalePrefixes: [],
    familyNames: words(`SIMANJUNTAK, SITUMORANG, HUTAGALUNG, SIREGAR, NAINGGOLAN, PANJAITAN, SIHOMBING, PASARIBU,
      SIMATUPANG, MANURUNG, SINAGA, SITORUS, TAMPUBOLON, LUBIS, NASUTION, HARAHAP`),
    birthPlaces: words(`MEDAN, PEMATANG SIANTAR, TARUTUNG, BALIGE, SIBOLGA`),
  },
  {
    id: 'tionghoa', weight: 0.02, christianShare: 0.7,
    male: words(`HENDRA, WILLY, KEVIN, VINCENT, ANTON, BUDI, RUDY, JOHAN, TEDDY, ANDREAS, FERRY, HARTONO, SUSANTO,
      GUNAWAN, HENDRIK, WILLIAM, STEVEN`),
    female: words(`LINDA, MEILINA, SUSAN, JESSICA, FELICIA, LIANA, LILY, SANDRA, SUSANTI, MELIANA, LIDYA, VERAWATI,
      YENNY, SISKA, CINDY`),
    secondTokenChance: 0.1,
    malePrefixes: [],
    femalePrefixes: [],
    familyNames: words(`WIJAYA, GUNAWAN, SANTOSO, HALIM, TANUWIJAYA, SALIM, KUSUMA, SUTANTO, HARTONO, SETIADI,
      LIMANTARA, TJANDRA, SUGIANTO, TANOTO, WIRAWAN`),
    birthPlaces: words(`SAMARINDA, BALIKPAPAN, SURABAYA, MAKASSAR, JAKARTA`),
  },
  {
    id: 'ntt', weight: 0.02, christianShare: 0.95,
    male: words(`YOHANES, PETRUS, FRANSISKUS, YOSEF, AGUSTINUS, ANTONIUS, KRISTOFORUS, MARKUS, SIMON, DOMINIKUS,
      BERNARDUS, YULIUS, MIKAEL`),
    female: words(`MARIA, ROSALIA, MARGARETA, VERONIKA, BERNADETA, YUSTINA, FLORENTINA, KATARINA, ANASTASIA,
      SKOLASTIKA, MAGDALENA, YOVITA`),
    secondTokenChance: 0.3,
    malePrefixes: [],
    femalePrefixes: [],
    familyNames: words(`DA COSTA, FERNANDEZ, KEWA, LAMA, TUKAN, BEREK, NGGADAS, WATU, DE ROSARI, PARERA, LEDA, NDOEN,
      TAEK, BANO, SERAN, MAU`),
    birthPlaces: words(`KUPANG, ENDE, MAUMERE, LARANTUKA, ATAMBUA, RUTENG`),
  },
  {
    id: 'melayu', weight: 0.03, christianShare: 0,
    male: words(`AHMAD, ZULKIFLI, ISMAIL, HASBULLAH, RUSLI, AZHAR, SYAHRIL, FAISAL, HENDRA, ROSLAN, SAFRUDIN, ZAINUDDIN,
      AMRAN, IRFAN, HUSIN`),
    female: words(`NURAINI, ROSMAWATI, HALIMAH, FAUZIAH, ZURAIDAH, ROSNAH, SALMAH, ASMAH, MARIANI, NURLELA, SUHAIDA`),
    secondTokenChance: 0.3,
    malePrefixes: [['MUHAMMAD', 0.18], ['ABDUL', 0.05]],
    femalePrefixes: [['SITI', 0.12], ['NUR', 0.08]],
    birthPlaces: words(`BALIKPAPAN, SAMARINDA, TARAKAN, PALU, JAKARTA`),
  },
];

const COMMUNITY_BY_ID = new Map(COMMUNITIES.map((community) => [community.id, community]));

/** The definition of a community. */
export function communityDef(id: Community): CommunityDef {
  const def = COMMUNITY_BY_ID.get(id);
  if (!def) throw new Error(`unknown community ${id}`);
  return def;
}

const COMMUNITY_IDS = COMMUNITIES.map((c) => c.id);
const COMMUNITY_WEIGHTS = COMMUNITIES.map((c) => c.weight);

/** A community drawn with the Bontang shares. */
export function drawCommunity(rng: Rng): Community {
  return rng.weighted(COMMUNITY_IDS, COMMUNITY_WEIGHTS);
}

export interface NameRequest {
  community: Community;
  sex: 1 | 2;
  birthYear: number;
  christian: boolean;
  /** Family name carried by this person (marga, fam, Chinese-Indonesian surname), if any. */
  familyName: string | null;
}

function drawPrefix(rng: Rng, prefixes: readonly (readonly [string, number])[]): string | null {
  const u = rng.next();
  let acc = 0;
  for (const [prefix, p] of prefixes) {
    acc += p;
    if (u < acc) return prefix;
  }
  return null;
}

function distinctToken(rng: Rng, pool: readonly string[], taken: readonly string[]): string {
  for (let i = 0; i < 6; i += 1) {
    const token = rng.pick(pool);
    if (!taken.includes(token)) return token;
  }
  return rng.pick(pool);
}

/** A full name in UPPER CASE for a person of a community, sex and birth cohort. */
export function drawName(rng: Rng, req: NameRequest): string {
  const own = communityDef(req.community);
  // Muslims of a mostly Christian community (Toraja, Batak Mandailing) carry Malay-Arabic names.
  const def = !req.christian && own.christianShare >= 0.5 ? communityDef('melayu') : own;
  const male = req.sex === 1;
  const tokens: string[] = [];
  // Names follow fashions: people born after about 1995 mostly carry modern Arabic or Western names.
  const modernChance = req.birthYear >= 1995 ? 0.75 : req.birthYear >= 1978 ? 0.3 : 0.04;
  const modern = rng.chance(modernChance);

  if (req.christian) {
    const pool = modern
      ? male
        ? MODERN_CHRISTIAN_MALE
        : MODERN_CHRISTIAN_FEMALE
      : def.christianShare >= 0.5
        ? male
          ? def.male
          : def.female
        : male
          ? CHRISTIAN_MALE
          : CHRISTIAN_FEMALE;
    tokens.push(rng.pick(pool));
    if (rng.chance(modern ? 0.35 : def.secondTokenChance)) tokens.push(distinctToken(rng, pool, tokens));
  } else if (modern) {
    const keepLocal = drawPrefix(rng, localPrefixes(def, male));
    if (keepLocal) tokens.push(keepLocal);
    if (male) {
      const u = rng.next();
      if (u < 0.2) tokens.push('MUHAMMAD');
      else if (u < 0.26) tokens.push('AHMAD');
      tokens.push(distinctToken(rng, MODERN_MUSLIM_MALE, tokens));
      if (rng.chance(0.45)) tokens.push(distinctToken(rng, MODERN_MUSLIM_MALE_LAST, tokens));
    } else {
      const u = rng.next();
      if (u < 0.1) tokens.push('NUR');
      else if (u < 0.15) tokens.push('SITI');
      tokens.push(distinctToken(rng, MODERN_MUSLIM_FEMALE, tokens));
      if (rng.chance(0.45)) tokens.push(distinctToken(rng, MODERN_MUSLIM_FEMALE_LAST, tokens));
    }
  } else {
    const prefix = drawPrefix(rng, male ? def.malePrefixes : def.femalePrefixes);
    if (prefix) tokens.push(prefix);
    if (prefix === 'ABDUL') {
      tokens.push(rng.pick(ARABIC_MALE));
    } else {
      tokens.push(distinctToken(rng, male ? def.male : def.female, tokens));
      if (rng.chance(def.secondTokenChance)) {
        const second = (male ? def.maleSecond : def.femaleSecond) ?? (male ? def.male : def.female);
        tokens.push(distinctToken(rng, second, tokens));
      }
    }
  }
  let name = tokens.join(' ');
  // Older Javanese kept the spelling of their birth certificate (Soeparman, Djoko).
  if (req.community === 'jawa' && req.birthYear < 1962 && rng.chance(0.2)) name = toOldSpelling(name);
  if (req.familyName && !name.endsWith(req.familyName)) name = `${name} ${req.familyName}`;
  return name;
}

// Prefixes that mark descent or region and survive into modern names (Andi, Awang, La/Wa).
const LOCAL_PREFIXES = new Set(['ANDI', 'AWANG', 'DAYANG', 'GUSTI', 'LA', 'WA', 'LA ODE', 'WA ODE', 'AJI']);
type Prefixes = readonly (readonly [string, number])[];
const localPrefixCache = new Map<CommunityDef, { male: Prefixes; female: Prefixes }>();

function localPrefixes(def: CommunityDef, male: boolean): Prefixes {
  let entry = localPrefixCache.get(def);
  if (!entry) {
    entry = {
      male: def.malePrefixes.filter(([p]) => LOCAL_PREFIXES.has(p)),
      female: def.femalePrefixes.filter(([p]) => LOCAL_PREFIXES.has(p)),
    };
    localPrefixCache.set(def, entry);
  }
  return male ? entry.male : entry.female;
}

/** A family name for a community that has them; null otherwise. */
export function drawFamilyName(rng: Rng, community: Community): string | null {
  const names = communityDef(community).familyNames;
  return names ? rng.pick(names) : null;
}

/** Writes a name in the spelling used before 1972 (u→oe, j→dj, c→tj, y→j, ny→nj, sy→sj, kh→ch). */
export function toOldSpelling(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i += 1) {
    const ch = name[i] ?? '';
    const nextCh = name[i + 1] ?? '';
    if (ch === 'K' && nextCh === 'H') {
      out += 'CH';
      i += 1;
    } else if (ch === 'S' && nextCh === 'Y') {
      out += 'SJ';
      i += 1;
    } else if (ch === 'N' && nextCh === 'Y') {
      out += 'NJ';
      i += 1;
    } else if (ch === 'C') out += 'TJ';
    else if (ch === 'J') out += 'DJ';
    else if (ch === 'Y') out += 'J';
    else if (ch === 'U') out += 'OE';
    else out += ch;
  }
  return out;
}

/**
 * True when a name shows a telltale of pre-1972 spelling (oe, dj, tj, nj, sj). `ch` and a `j` for `y`
 * also occur in today's names (ACHMAD, MICHAEL, JANTI), so they do not count on their own.
 */
export function hasOldSpelling(name: string): boolean {
  return /OE|DJ|TJ|NJ|SJ/.test(name);
}

/** Writes an old-spelled name in today's spelling (Soeharto→Suharto, Djoko→Joko). */
export function toModernSpelling(name: string): string {
  return name
    .replace(/DJ/g, '#')
    .replace(/TJ/g, 'C')
    .replace(/NJ/g, 'NY')
    .replace(/SJ/g, 'SY')
    .replace(/CH/g, 'KH')
    .replace(/OE/g, 'U')
    .replace(/J/g, 'Y')
    .replace(/#/g, 'J');
}

type Transform = (name: string) => string;

// Spellings that the same person gets on different documents, from the patterns seen in Indonesian data.
const SPELLING_TRANSFORMS: readonly Transform[] = [
  (n) => n.replace(/\bMUHAMMAD\b/, 'MUHAMAD'),
  (n) => n.replace(/\bMUHAMMAD\b/, 'MOHAMMAD'),
  (n) => n.replace(/\bMOHAMMAD\b/, 'MUHAMMAD'),
  (n) => n.replace(/([BCDFGHJKLMNPQRSTVWXZ])\1/, '$1'),
  (n) => n.replace(/UDIN\b/, 'UDDIN'),
  (n) => n.replace(/\bNUR ([A-Z])/, 'NUR$1'),
  (n) => n.replace(/\bNUR(?=[A-Z]{3})/, 'NUR '),
  (n) => n.replace(/\bSITI\b/, 'SITTI'),
  (n) => n.replace(/\bSITTI\b/, 'SITI'),
  (n) => n.replace(/\bAHMAD\b/, 'ACHMAD'),
  (n) => n.replace(/\bACHMAD\b/, 'AHMAD'),
  (n) => n.replace(/Y\b/, 'I'),
  (n) => n.replace(/([A-Z]{3})I\b/, '$1Y'),
  (n) => n.replace(/F/, 'P'),
  (n) => n.replace(/AI/, 'AE'),
  (n) => n.replace(/AE/, 'AI'),
  (n) => n.replace(/\bKH/, 'H'),
  (n) => n.replace(/TH/, 'T'),
  (n) => n.replace(/\bNOOR/, 'NOR'),
  (n) => n.replace(/\bNOR(?!M)/, 'NUR'),
  (n) => n.replace(/IA\b/, 'IAH'),
  (n) => n.replace(/AH\b/, 'A'),
  (n) => {
    const parts = n.split(' ');
    return parts.length >= 3 ? parts.slice(0, -1).join(' ') : n;
  },
];

/** The same name as written on another document (a small, realistic spelling change); may be unchanged. */
export function spellingVariant(rng: Rng, name: string): string {
  const order = rng.shuffle([...SPELLING_TRANSFORMS]);
  for (const transform of order) {
    const changed = transform(name);
    if (changed !== name && changed.length >= 3) return changed;
  }
  return name;
}

export interface TitleContext {
  sex: 1 | 2;
  age: number;
  muslim: boolean;
  /** Education code (PERSON_CODES.education). */
  education: number;
}

/** The name with religious titles, degrees or abbreviations added (H., HJ., S.PD., MUH., ABD.); may be unchanged. */
export function withTitles(rng: Rng, name: string, ctx: TitleContext): string {
  const options: Transform[] = [];
  if (ctx.muslim && ctx.age >= 35 && !/^H(J)?\. /.test(name))
    options.push((n) => `${ctx.sex === 1 ? 'H.' : 'HJ.'} ${n}`);
  if (/\bMUHAMMAD\b/.test(name)) {
    const abbreviation = rng.pick(['MUH.', 'MOH.', 'M.', 'MUHD.']);
    options.push((n) => n.replace(/\bMUHAMMAD\b/, abbreviation));
  }
  if (/\bABDUL\b/.test(name)) options.push((n) => n.replace(/\bABDUL\b/, 'ABD.'));
  if (/\bSIT(T)?I\b/.test(name)) options.push((n) => n.replace(/\bSIT(T)?I\b/, 'ST.'));
  if (ctx.education >= 5) {
    const degree = rng.pick(['S.PD.', 'S.E.', 'S.H.', 'S.T.', 'S.SOS.', 'S.KEP.', 'S.AG.', 'S.KOM.']);
    options.push((n) => `${n}, ${degree}`);
    if (ctx.age >= 45) options.push((n) => `${rng.pick(['IR.', 'DRS.', 'DR.'])} ${n}`);
  }
  if (ctx.education === 4) options.push((n) => `${n}, A.MD.`);
  if (ctx.education >= 6) options.push((n) => `${n}, ${rng.pick(['M.SI.', 'M.PD.', 'M.M.'])}`);
  if (options.length === 0) return name;
  rng.shuffle(options);
  const count = options.length > 1 && rng.chance(0.35) ? 2 : 1;
  let result = name;
  for (const transform of options.slice(0, count)) result = transform(result);
  return result;
}

/** Places outside Bontang mapped to Kemendagri regency codes and some of their kecamatan (for NIK prefixes). */
// prettier-ignore
export const ORIGIN_REGIONS: Readonly<Record<string, { regency: string; districts: readonly string[] }>> = {
  BONE: { regency: '73.08', districts: ['01', '02', '03', '04'] },
  WAJO: { regency: '73.13', districts: ['01', '02', '03', '04'] },
  SOPPENG: { regency: '73.12', districts: ['01', '02', '03', '04'] },
  SIDRAP: { regency: '73.14', districts: ['01', '02', '03', '04'] },
  PINRANG: { regency: '73.15', districts: ['01', '02', '03', '04'] },
  PAREPARE: { regency: '73.72', districts: ['01', '02', '03', '04'] },
  SINJAI: { regency: '73.07', districts: ['01', '02', '03', '04'] },
  BARRU: { regency: '73.11', districts: ['01', '02', '03', '04'] },
  MAKASSAR: { regency: '73.71', districts: ['01', '02', '03', '04'] },
  GOWA: { regency: '73.06', districts: ['01', '02', '03', '04'] },
  TAKALAR: { regency: '73.05', districts: ['01', '02', '03', '04'] },
  JENEPONTO: { regency: '73.04', districts: ['01', '02', '03', '04'] },
  BANTAENG: { regency: '73.03', districts: ['01', '02', '03', '04'] },
  MAROS: { regency: '73.09', districts: ['01', '02', '03', '04'] },
  POLEWALI: { regency: '76.04', districts: ['01', '02', '03', '04'] },
  MAJENE: { regency: '76.05', districts: ['01', '02', '03', '04'] },
  MAKALE: { regency: '73.18', districts: ['01', '02', '03', '05'] },
  'TANA TORAJA': { regency: '73.18', districts: ['01', '02', '03', '05'] },
  RANTEPAO: { regency: '73.26', districts: ['01', '02', '03', '04'] },
  PALOPO: { regency: '73.73', districts: ['01', '02', '03', '04'] },
  SURABAYA: { regency: '35.78', districts: ['01', '02', '03', '04'] },
  MALANG: { regency: '35.07', districts: ['01', '02', '03', '04'] },
  JEMBER: { regency: '35.09', districts: ['01', '02', '03', '04'] },
  KEDIRI: { regency: '35.06', districts: ['01', '02', '03', '04'] },
  LAMONGAN: { regency: '35.24', districts: ['01', '02', '03', '04'] },
  BANYUWANGI: { regency: '35.10', districts: ['01', '02', '03', '04'] },
  SEMARANG: { regency: '33.74', districts: ['01', '02', '03', '04'] },
  SURAKARTA: { regency: '33.72', districts: ['01', '02', '03', '04'] },
  KLATEN: { regency: '33.10', districts: ['01', '02', '03', '04'] },
  YOGYAKARTA: { regency: '34.71', districts: ['01', '02', '03', '04'] },
  BLITAR: { regency: '35.05', districts: ['01', '02', '03', '04'] },
  TULUNGAGUNG: { regency: '35.04', districts: ['01', '02', '03', '04'] },
  MADIUN: { regency: '35.19', districts: ['01', '02', '03', '04'] },
  NGAWI: { regency: '35.21', districts: ['01', '02', '03', '04'] },
  BANJARMASIN: { regency: '63.71', districts: ['01', '02', '03', '04'] },
  MARTAPURA: { regency: '63.03', districts: ['01', '02', '03', '04'] },
  AMUNTAI: { regency: '63.08', districts: ['01', '02', '03', '04'] },
  BARABAI: { regency: '63.07', districts: ['01', '02', '03', '04'] },
  KANDANGAN: { regency: '63.06', districts: ['01', '02', '03', '04'] },
  RANTAU: { regency: '63.05', districts: ['01', '02', '03', '04'] },
  TANJUNG: { regency: '63.09', districts: ['01', '02', '03', '04'] },
  TENGGARONG: { regency: '64.02', districts: ['01', '02', '03', '04'] },
  'MUARA BADAK': { regency: '64.02', districts: ['01', '02', '03', '04'] },
  'KOTA BANGUN': { regency: '64.02', districts: ['01', '02', '03', '04'] },
  'MUARA KAMAN': { regency: '64.02', districts: ['01', '02', '03', '04'] },
  SANGATTA: { regency: '64.08', districts: ['01', '02', '03', '04'] },
  SAMARINDA: { regency: '64.72', districts: ['01', '02', '03', '04'] },
  BALIKPAPAN: { regency: '64.71', districts: ['01', '02', '03', '04'] },
  BAUBAU: { regency: '74.72', districts: ['01', '02', '03', '04'] },
  BUTON: { regency: '74.04', districts: ['11', '22', '23', '24'] },
  MUNA: { regency: '74.03', districts: ['06', '07', '13', '14'] },
  WAKATOBI: { regency: '74.07', districts: ['01', '02', '03', '04'] },
  KENDARI: { regency: '74.71', districts: ['01', '02', '03', '04'] },
  BANDUNG: { regency: '32.73', districts: ['01', '02', '03', '04'] },
  GARUT: { regency: '32.05', districts: ['01', '02', '03', '04'] },
  TASIKMALAYA: { regency: '32.06', districts: ['01', '02', '03', '04'] },
  CIANJUR: { regency: '32.03', districts: ['01', '02', '03', '04'] },
  SUKABUMI: { regency: '32.02', districts: ['01', '02', '03', '04'] },
  MANADO: { regency: '71.71', districts: ['01', '02', '03', '04'] },
  TOMOHON: { regency: '71.73', districts: ['01', '02', '03', '04'] },
  BITUNG: { regency: '71.72', districts: ['01', '02', '03', '04'] },
  MINAHASA: { regency: '71.02', districts: ['01', '02', '03', '04'] },
  MEDAN: { regency: '12.71', districts: ['01', '02', '03', '04'] },
  'PEMATANG SIANTAR': { regency: '12.72', districts: ['01', '02', '03', '04'] },
  TARUTUNG: { regency: '12.02', districts: ['01', '02', '03', '04'] },
  BALIGE: { regency: '12.12', districts: ['01', '02', '03', '04'] },
  SIBOLGA: { regency: '12.73', districts: ['01', '02', '03', '04'] },
  JAKARTA: { regency: '31.75', districts: ['01', '02', '03', '04'] },
  KUPANG: { regency: '53.71', districts: ['01', '02', '03', '04'] },
  ENDE: { regency: '53.08', districts: ['01', '02', '03', '04'] },
  MAUMERE: { regency: '53.07', districts: ['01', '02', '03', '04'] },
  LARANTUKA: { regency: '53.06', districts: ['01', '02', '03', '04'] },
  ATAMBUA: { regency: '53.04', districts: ['01', '02', '03', '04'] },
  RUTENG: { regency: '53.10', districts: ['01', '03', '05', '06'] },
  PALU: { regency: '72.71', districts: ['01', '02', '03', '04'] },
  TARAKAN: { regency: '65.71', districts: ['01', '02', '03', '04'] },
};
