import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkRecords } from '../engine/link.ts';
import { evaluateClusters } from '../engine/metrics.ts';
import { parseSettings } from '../engine/settings.ts';
import {
  indonesianPersonSettings,
  indonesianPhoneticFirstKey,
  indonesianPhoneticKey,
  indonesianRegistry,
  modernSpelling,
  nikDayPlus40,
  nikOneDigitDate,
  nikTransposition,
  nikTranspositionOutsideSerial,
  normaliseAddress,
  normaliseIndonesianName,
  normaliseKk,
  normaliseNik,
  normalisePlaceName,
  normaliseSex,
  parseNik,
} from './indonesian.ts';
import { generateSyntheticPersons } from './synthetic.ts';

describe('normaliseIndonesianName', () => {
  it('strips titles and degrees, keeps them aside and modernises old spelling', () => {
    expect(normaliseIndonesianName('H. MOEHAMMAD DJOKO SOESILO, S.Pd.')).toEqual({
      name: 'MUHAMMAD JOKO SUSILO',
      titles: ['H.', 'S.Pd.'],
      fatherName: null,
    });
    expect(normaliseIndonesianName('Hj. Siti Nurhaliza, S.E., M.M.')).toEqual({
      name: 'SITI NURHALIZA',
      titles: ['Hj.', 'S.E.', 'M.M.'],
      fatherName: null,
    });
    expect(normaliseIndonesianName('Drs.H.Achmad Soebardjo').titles).toEqual(['Drs.', 'H.']);
    expect(normaliseIndonesianName('Drs.H.Achmad Soebardjo').name).toBe('AHMAD SUBARJO');
    expect(normaliseIndonesianName('Wahyu S.Kom')).toMatchObject({ name: 'WAHYU', titles: ['S.Kom'] });
    expect(normaliseIndonesianName('BUDI SANTOSO SE')).toMatchObject({
      name: 'BUDI SANTOSO',
      titles: ['SE'],
    });
    expect(normaliseIndonesianName('Ir. Joko Widodo, A.Md').name).toBe('JOKO WIDODO');
    expect(normaliseIndonesianName('José Ramírez').name).toBe('JOSE RAMIREZ');
  });

  it('never strips the only name word', () => {
    expect(normaliseIndonesianName('H').name).toBe('H');
    expect(normaliseIndonesianName('SE').name).toBe('SE');
    expect(normaliseIndonesianName('Rina SE').name).toBe('RINA SE');
  });

  it('folds the variants of Muhammad, Abdul, Ahmad, Siti and Nur', () => {
    const name = (s: string): string => normaliseIndonesianName(s).name;
    for (const v of ['Muhammad Yusuf', 'Muhamad Yusuf', 'Mohammad Yusuf', 'Mochammad Yusuf', 'Moh. Yusuf']) {
      expect(name(v)).toBe('MUHAMMAD YUSUF');
    }
    expect(name('Muh. Yusuf')).toBe('MUHAMMAD YUSUF');
    expect(name('Mhd Yusuf')).toBe('MUHAMMAD YUSUF');
    expect(name('M. Yusuf')).toBe('MUHAMMAD YUSUF');
    expect(name('Yusuf M')).toBe('YUSUF M');
    expect(name('Abd. Rahman')).toBe('ABDUL RAHMAN');
    expect(name('Abdoel Rahman')).toBe('ABDUL RAHMAN');
    for (const v of ['Ahmad Dahlan', 'Achmad Dahlan', 'Akhmad Dahlan']) expect(name(v)).toBe('AHMAD DAHLAN');
    expect(name('St. Aminah')).toBe('SITI AMINAH');
    expect(name('Nurul Hidayah')).toBe(name('Nur Hidayah'));
    expect(name('Mahmud')).toBe('MAHMUD');
  });

  it('applies j→y only to tokens written in the old spelling', () => {
    expect(modernSpelling('SOERJADI')).toBe('SURYADI');
    expect(modernSpelling('DJOJOHADIKUSUMO')).toBe('JOYOHADIKUSUMO');
    expect(modernSpelling('TJAHJO')).toBe('CAHYO');
    expect(modernSpelling('SJAHRIR')).toBe('SYAHRIR');
    expect(modernSpelling('SOENJOTO')).toBe('SUNYOTO');
    expect(modernSpelling('CHAIRUL')).toBe('KHAIRUL');
    expect(modernSpelling('JOKO')).toBe('JOKO');
    expect(modernSpelling('ANJAR')).toBe('ANJAR');
    expect(modernSpelling('RAJA')).toBe('RAJA');
  });

  it('splits bin / binti off into the father name', () => {
    expect(normaliseIndonesianName('Ahmad bin Abdullah')).toEqual({
      name: 'AHMAD',
      titles: [],
      fatherName: 'ABDULLAH',
    });
    expect(normaliseIndonesianName('Siti Aisyah binti Moh. Yusuf').fatherName).toBe('MUHAMMAD YUSUF');
  });

  it('normalises place names', () => {
    expect(normalisePlaceName('KOTA BONTANG')).toBe('BONTANG');
    expect(normalisePlaceName('Kab. Kutai Kartanegara')).toBe('KUTAI KARTANEGARA');
    expect(normalisePlaceName('Soerabaja')).toBe('SURABAYA');
  });
});

describe('indonesianPhoneticKey', () => {
  it.each([
    ['Muhammad', 'Mochamad'],
    ['MUHAMMAD RIZKY', 'MOHAMAD REZKI'],
    ['Fatimah', 'Patima'],
    ['Syaiful', 'Saipul'],
    ['Arief', 'Arip'],
    ['Zainuddin', 'Zainudin'],
    ['Novi', 'Nopi'],
    ['Taufiq', 'Taufik'],
    ['Khairul', 'Chairul'],
    ['Djoko Soesilo', 'Joko Susilo'],
    ['Erwan', 'Irwan'],
  ])('%s sounds like %s', (a, b) => {
    expect(indonesianPhoneticKey(a)).toBe(indonesianPhoneticKey(b));
  });

  it('keeps different names apart and keys the first token', () => {
    expect(indonesianPhoneticKey('BUDI')).not.toBe(indonesianPhoneticKey('BAMBANG'));
    expect(indonesianPhoneticKey('SITI AMINAH')).not.toBe(indonesianPhoneticKey('SITI ANI'));
    expect(indonesianPhoneticFirstKey('H. Moh. Yusuf')).toBe(indonesianPhoneticFirstKey('Muhammad Ali'));
    expect(indonesianPhoneticKey('')).toBeNull();
  });
});

describe('NIK and KK', () => {
  it('parses a NIK, recognising women by day + 40', () => {
    expect(parseNik('6474014508900003')).toEqual({
      regionCode: '647401',
      birthDay: 5,
      birthMonth: 8,
      birthYear2: 90,
      female: true,
      serial: '0003',
    });
    expect(parseNik('6474010508900003')?.female).toBe(false);
  });

  it('treats damaged or implausible numbers as missing', () => {
    expect(normaliseNik('6474 0145 0890 0003')).toBe('6474014508900003');
    expect(normaliseNik('6.47401E+15')).toBeNull();
    expect(normaliseNik('6474014508900000')).toBeNull();
    expect(normaliseNik('6474013508900003')).toBeNull();
    expect(normaliseNik('6474014513900003')).toBeNull();
    expect(normaliseNik('0074014508900003')).toBeNull();
    expect(normaliseNik('647401450890000')).toBeNull();
    expect(normaliseKk('6474010101200001')).toBe('6474010101200001');
    expect(normaliseKk('6474010101200000')).toBeNull();
  });

  it('compares NIKs aware of transpositions, the day + 40 slip and date-part typos', () => {
    expect(nikDayPlus40('6474010508900003', '6474014508900003')).toBe(true);
    expect(nikDayPlus40('6474010508900003', '6474014508900004')).toBe(false);
    expect(nikDayPlus40('6474010508900003', '6474013508900003')).toBe(false);
    expect(nikTransposition('6474010508900003', '6474010508900030')).toBe(true);
    expect(nikTransposition('6474010508900003', '6474010508900004')).toBe(false);
    expect(nikTranspositionOutsideSerial('6474010508900003', '6474010508900030')).toBe(false);
    expect(nikTranspositionOutsideSerial('6474010508900003', '6474010580900003')).toBe(true);
    expect(nikTranspositionOutsideSerial('6474010508910003', '6474010508901003')).toBe(true);
    expect(nikOneDigitDate('6474010508900003', '6474010508910003')).toBe(true);
    // Same birth date, neighbouring serial: two people, not a typo.
    expect(nikOneDigitDate('6474010508900003', '6474010508900004')).toBe(false);
    expect(nikOneDigitDate('6474010508900003', '6474020508900003')).toBe(false);
  });

  it('normalises sex codes', () => {
    expect(['1', 'L', 'Laki-laki', 'M'].map(normaliseSex)).toEqual(['L', 'L', 'L', 'L']);
    expect(['2', 'P', 'Perempuan', 'F', 'wanita'].map(normaliseSex)).toEqual(['P', 'P', 'P', 'P', 'P']);
    expect(normaliseSex('?')).toBeNull();
  });
});

describe('normaliseAddress', () => {
  it('writes street words and RT/RW one way', () => {
    const expected = 'JL MERDEKA NO 12 RT 3 RW 1';
    expect(normaliseAddress('Jl. Merdeka No. 12 RT.003/RW.01')).toBe(expected);
    expect(normaliseAddress('JALAN MERDEKA NOMOR 12 RT 3 RW 1')).toBe(expected);
    expect(normaliseAddress('Jln Merdeka no12 rt03/01')).toBe(expected);
    expect(normaliseAddress('Gg. Mawar, Gang Damai')).toBe('GG MAWAR GG DAMAI');
    expect(normaliseAddress('Perumahan Bukit Sintuk Blok C No. 5')).toBe('PERUM BUKIT SINTUK BLOK C NO 5');
    expect(normaliseAddress(' , ')).toBeNull();
  });
});

describe('indonesianPersonSettings', () => {
  it('is valid, and the JSON copy for the CLI is identical', () => {
    const fromTs = parseSettings(indonesianPersonSettings);
    const json: unknown = JSON.parse(
      readFileSync(new URL('./indonesian-person.settings.json', import.meta.url), 'utf8'),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(indonesianPersonSettings)));
    expect(parseSettings(json)).toEqual(fromTs);
  });

  it('deduplicates a synthetic person list with typos, swaps and missing NIKs', () => {
    const persons = generateSyntheticPersons({ persons: 2000, seed: 5, duplicateRate: 0.15 });
    const records = persons.map(({ entity_id: _e, defect: _d, ...r }) => r);
    // A smaller u sample keeps the test fast; the default (1,000,000 pairs) is for real runs.
    const settings = { ...indonesianPersonSettings, u_sample_size: 100_000 };
    const result = linkRecords(records, settings, { registry: indonesianRegistry });
    const truth = persons.map((p) => ({ recordId: p.record_id, clusterId: p.entity_id }));
    const defects = new Map(persons.map((p) => [p.record_id, p.defect]));
    const report = evaluateClusters(result.clusters.assignments(), truth, defects);
    expect(report.pairwise.truePairs).toBeGreaterThan(250);
    expect(report.pairwise.f1).toBeGreaterThan(0.95);
    expect(report.perDefect.sex_error?.recall).toBeGreaterThan(0.8);
    expect(report.perDefect.nik_missing?.recall).toBeGreaterThan(0.8);
    expect(report.perDefect.spelling?.recall).toBeGreaterThan(0.9);
    expect(result.stats.warnings).toEqual([]);
  });
});
