import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  holidayDates,
  isWorkingDay,
  parseHolidaysCsv,
  workingDaysBetween,
  type Holiday,
} from './workdays.ts';

const calendar = parseHolidaysCsv(
  readFileSync(new URL('../../../data/calendar/holidays-id.csv', import.meta.url), 'utf8'),
);
const holidays = holidayDates(calendar);
const none: ReadonlySet<string> = new Set();

describe('parseHolidaysCsv on the shipped calendar', () => {
  it('reads all 53 rows of 2025 and 2026', () => {
    expect(calendar).toHaveLength(53);
    expect(calendar.filter((h) => h.date.startsWith('2025') && h.kind === 'holiday')).toHaveLength(17);
    expect(calendar.filter((h) => h.date.startsWith('2025') && h.kind === 'collective_leave')).toHaveLength(
      11,
    );
    expect(calendar).toContainEqual<Holiday>({
      date: '2025-08-18',
      kind: 'collective_leave',
      name: 'Cuti Bersama Hari Proklamasi Kemerdekaan Republik Indonesia',
    });
  });
});

describe('parseHolidaysCsv', () => {
  it('handles quotes, CRLF, a BOM, blank lines and columns in another order', () => {
    const text =
      '\uFEFFname,date,kind\r\n"Natal, hari raya",2025-12-25,holiday\r\n\r\n"Say ""hi""",2025-12-26,collective_leave\r\n';
    expect(parseHolidaysCsv(text)).toEqual([
      { date: '2025-12-25', kind: 'holiday', name: 'Natal, hari raya' },
      { date: '2025-12-26', kind: 'collective_leave', name: 'Say "hi"' },
    ]);
  });

  it('throws with the line number on a bad row', () => {
    expect(() => parseHolidaysCsv('date,kind,name\n2025-01-01,holiday,A\n2025-02-30,holiday,B')).toThrow(
      /line 3: no such date 2025-02-30/,
    );
    expect(() => parseHolidaysCsv('date,kind,name\n2025-01-01,libur,A')).toThrow(/line 2: kind/);
    expect(() => parseHolidaysCsv('date,kind,name\n1/1/2025,holiday,A')).toThrow(/line 2: date/);
    expect(() => parseHolidaysCsv('tanggal,jenis\n2025-01-01,holiday')).toThrow(/columns/);
  });

  it('returns nothing for an empty file', () => {
    expect(parseHolidaysCsv('')).toEqual([]);
    expect(parseHolidaysCsv('date,kind,name\n')).toEqual([]);
  });
});

describe('isWorkingDay', () => {
  it('treats weekends, holidays and cuti bersama as days off', () => {
    expect(isWorkingDay('2025-08-15', holidays)).toBe(true); // Friday
    expect(isWorkingDay('2025-08-16', holidays)).toBe(false); // Saturday
    expect(isWorkingDay('2025-08-17', holidays)).toBe(false); // Sunday and Independence Day
    expect(isWorkingDay('2025-08-18', holidays)).toBe(false); // cuti bersama
    expect(isWorkingDay('2025-08-18', none)).toBe(true);
    expect(isWorkingDay('2025-08-19', holidays)).toBe(true);
  });

  it('rejects dates that are not ISO calendar dates', () => {
    expect(() => isWorkingDay('2025-02-30', holidays)).toThrow(RangeError);
    expect(() => isWorkingDay('2025-8-1', holidays)).toThrow(RangeError);
    expect(() => isWorkingDay('2025-08-01T00:00:00Z', holidays)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('ends ten working days after Friday 15 Aug 2025 on Monday 1 Sep 2025', () => {
    expect(addWorkingDays('2025-08-15', 10, holidays)).toBe('2025-09-01');
    expect(addWorkingDays('2025-08-15', 10, none)).toBe('2025-08-29');
  });

  it('does not count the start day and skips the year-end holidays', () => {
    expect(addWorkingDays('2025-08-15', 0, holidays)).toBe('2025-08-15');
    expect(addWorkingDays('2025-08-16', 1, holidays)).toBe('2025-08-19');
    expect(addWorkingDays('2025-12-24', 3, holidays)).toBe('2025-12-31');
    expect(addWorkingDays('2025-12-24', 4, holidays)).toBe('2026-01-02');
  });

  it('counts backwards for negative n', () => {
    expect(addWorkingDays('2025-09-01', -10, holidays)).toBe('2025-08-15');
    expect(addWorkingDays('2025-08-19', -1, holidays)).toBe('2025-08-15');
  });

  it('rejects a fractional number of days', () => {
    expect(() => addWorkingDays('2025-08-15', 1.5, holidays)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts (a, b] and is negative when b is before a', () => {
    expect(workingDaysBetween('2025-08-15', '2025-09-01', holidays)).toBe(10);
    expect(workingDaysBetween('2025-09-01', '2025-08-15', holidays)).toBe(-10);
    expect(workingDaysBetween('2025-08-15', '2025-08-15', holidays)).toBe(0);
    expect(workingDaysBetween('2025-08-15', '2025-08-18', holidays)).toBe(0);
  });

  it('is the inverse of addWorkingDays over two years', () => {
    for (let offset = 0; offset < 730; offset += 17) {
      const start = new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
      for (const n of [1, 5, 14, 30]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, holidays), holidays)).toBe(n);
      }
    }
  });

  it('counts 2025 as 365 days minus weekends, holidays and cuti bersama on weekdays', () => {
    const weekdayOffs = calendar.filter((h) => h.date.startsWith('2025') && isWeekday(h.date)).length;
    expect(workingDaysBetween('2024-12-31', '2025-12-31', holidays)).toBe(261 - weekdayOffs);
  });
});

describe('time zones', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it('gives the same answers far east and far west of UTC', () => {
    for (const zone of ['Pacific/Kiritimati', 'Asia/Jayapura', 'Pacific/Pago_Pago']) {
      process.env.TZ = zone;
      expect(addWorkingDays('2025-08-15', 10, holidays)).toBe('2025-09-01');
      expect(isWorkingDay('2025-08-16', holidays)).toBe(false);
      expect(workingDaysBetween('2025-03-27', '2025-04-08', holidays)).toBe(1);
    }
  });
});

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}
