/** Formatting of dates and numbers in the interface language (pure functions). */
import type { Language } from '../api/types.ts';

/** The BCP 47 locale used for a UI language. */
export function localeOf(lang: Language): string {
  return lang === 'en' ? 'en-GB' : 'id-ID';
}

/** A whole number with the language's digit grouping (16.384 in Indonesian, 16,384 in English). */
export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(localeOf(lang)).format(value);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date such as `12 Mar 1985`; date-only strings are not shifted by the time zone. Empty for null. */
export function formatDate(value: string | null | undefined, lang: Language): string {
  if (!value) return '';
  const match = DATE_ONLY.exec(value);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: match ? 'UTC' : undefined,
  }).format(date);
}

/** A moment such as `12 Mar 2026 14.05` in the browser's time zone. Empty for null. */
export function formatDateTime(value: string | null | undefined, lang: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** `003/012`-style RT/RW text from possibly missing parts, or '' when both are missing. */
export function formatRtRw(rt: string | null | undefined, rw: string | null | undefined): string {
  if (!rt && !rw) return '';
  return `${rt || '–'}/${rw || '–'}`;
}

/** A link to OpenStreetMap centred on a point (opened in a new tab, never loaded by the app itself). */
export function openStreetMapUrl(lat: number, lng: number): string {
  const la = lat.toFixed(6);
  const ln = lng.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${ln}#map=18/${la}/${ln}`;
}
