/**
 * i18next set-up: Bahasa Indonesia by default, English second. The chosen language is kept in
 * localStorage for the login page and, once logged in, in the user's profile on the server.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from './id.json';
import en from './en.json';
import { setApiLanguage } from '../api/client.ts';
import type { Language } from '../api/types.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof id };
  }
}

export const LANGUAGES: readonly Language[] = ['id', 'en'];
const STORAGE_KEY = 'tepat.language';

/** Narrows any value to a supported language, Indonesian when unknown. */
export function normalizeLanguage(value: unknown): Language {
  return typeof value === 'string' && value.toLowerCase().startsWith('en') ? 'en' : 'id';
}

/** The language saved on this device, Indonesian when none. */
export function storedLanguage(): Language {
  try {
    return normalizeLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    // Storage can be blocked (private mode, strict cookie settings): fall back to the default.
    return 'id';
  }
}

/** Saves the language on this device. */
export function rememberLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisting is acceptable; the server profile still keeps it after login.
  }
}

/** The language the interface shows now. */
export function currentLanguage(): Language {
  return normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
}

/** Switches the interface language and remembers it on this device. */
export async function applyLanguage(lang: Language): Promise<void> {
  rememberLanguage(lang);
  if (currentLanguage() !== lang || i18n.language !== lang) await i18n.changeLanguage(lang);
}

function onLanguageChanged(lng: string): void {
  const lang = normalizeLanguage(lng);
  setApiLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

i18n.on('languageChanged', onLanguageChanged);

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'id',
  supportedLngs: ['id', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

onLanguageChanged(i18n.language);

export default i18n;
