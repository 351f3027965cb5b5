/**
 * Working-day arithmetic for deadlines (e.g. 14 days to verify a sanggah). Weekends, national
 * holidays and cuti bersama do not count (domain.md §5). Dates are ISO `YYYY-MM-DD` strings, turned
 * into whole UTC day numbers so the machine's time zone never shifts a date.
 */

export type Holiday = { date: string; kind: 'holiday' | 'collective_leave'; name: string };

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOLIDAY_KINDS: ReadonlySet<string> = new Set(['holiday', 'collective_leave']);

/** Days since 1970-01-01 for a valid ISO date; throws RangeError otherwise. */
function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [, y, m, d] = match.map(Number);
    if (y !== undefined && m !== undefined && d !== undefined) {
      const time = Date.UTC(y, m - 1, d);
      const back = new Date(time);
      // Date.UTC rolls 2025-02-30 over to March; a round trip exposes it. It also maps years 0–99 to 19xx.
      if (back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d) {
        return time / DAY_MS;
      }
    }
  }
  throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): ${date}`);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingDayNumber(day: number, holidays: ReadonlySet<string>): boolean {
  // 1970-01-01 was a Thursday (4); 0 is Sunday, 6 Saturday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6 && !holidays.has(fromDayNumber(day));
}

/** Is the date a working day: not Saturday, Sunday, a holiday or cuti bersama? */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  return isWorkingDayNumber(toDayNumber(date), holidays);
}

/** The n-th working day after start (start itself not counted); negative n counts backwards, 0 returns start. */
export function addWorkingDays(start: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let day = toDayNumber(start);
  for (let remaining = Math.abs(n); remaining > 0;) {
    day += step;
    if (isWorkingDayNumber(day, holidays)) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (a, b]: a not counted, b counted; negative when b is before a. So
 * workingDaysBetween(a, addWorkingDays(a, n)) === n.
 */
export function workingDaysBetween(a: string, b: string, holidays: ReadonlySet<string>): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (isWorkingDayNumber(day, holidays)) count += 1;
  }
  return sign * count;
}

/** The set of non-working dates that the other functions take. */
export function holidayDates(holidays: readonly Holiday[]): Set<string> {
  return new Set(holidays.map((holiday) => holiday.date));
}

/**
 * Reads data/calendar/holidays-id.csv (header with columns date, kind, name in any order). The file
 * is edited by administrators, so a bad row throws with its line number instead of being skipped.
 */
export function parseHolidaysCsv(text: string): Holiday[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const dateAt = columns.indexOf('date');
  const kindAt = columns.indexOf('kind');
  const nameAt = columns.indexOf('name');
  if (dateAt < 0 || kindAt < 0 || nameAt < 0) {
    throw new Error('Holidays CSV needs the columns date, kind, name');
  }
  return rows.map(({ fields, line }) => {
    const date = (fields[dateAt] ?? '').trim();
    const kind = (fields[kindAt] ?? '').trim();
    const name = (fields[nameAt] ?? '').trim();
    if (!ISO_DATE.test(date))
      throw new Error(`Holidays CSV line ${line}: date must be YYYY-MM-DD, got "${date}"`);
    try {
      toDayNumber(date);
    } catch {
      throw new Error(`Holidays CSV line ${line}: no such date ${date}`);
    }
    if (!isHolidayKind(kind)) {
      throw new Error(`Holidays CSV line ${line}: kind must be holiday or collective_leave, got "${kind}"`);
    }
    return { date, kind, name };
  });
}

function isHolidayKind(kind: string): kind is Holiday['kind'] {
  return HOLIDAY_KINDS.has(kind);
}

/** RFC 4180 records with their starting line; blank lines are dropped. */
function parseCsv(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else if (char !== '\r') {
      field += char;
    }
  }
  endRecord();
  return records;
}
