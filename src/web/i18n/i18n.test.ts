import { describe, expect, it } from 'vitest';
import id from './id.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const idKeys = flatten(id as Tree);
  const enKeys = flatten(en as Tree);

  it('has the same key set in Indonesian and English', () => {
    const missingInEn = [...idKeys.keys()].filter((k) => !enKeys.has(k));
    const missingInId = [...enKeys.keys()].filter((k) => !idKeys.has(k));
    expect(missingInEn).toEqual([]);
    expect(missingInId).toEqual([]);
    expect(idKeys.size).toBeGreaterThan(100);
  });

  it('has no empty values', () => {
    const empty = [...idKeys, ...enKeys].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const mismatched = [...idKeys.keys()].filter(
      (key) =>
        JSON.stringify(placeholders(idKeys.get(key) ?? '')) !==
        JSON.stringify(placeholders(enKeys.get(key) ?? '')),
    );
    expect(mismatched).toEqual([]);
  });

  it('names every role and scope level the API defines', async () => {
    const { ROLES, SCOPE_LEVELS } = await import('../api/types.ts');
    for (const role of ROLES) expect(idKeys.has(`roles.${role}`), role).toBe(true);
    for (const level of SCOPE_LEVELS) expect(idKeys.has(`scopeLevels.${level}`), level).toBe(true);
  });
});
