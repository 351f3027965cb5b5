import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { parseCriteriaRuleSet, serializeCriteriaRuleSet } from '../criteria/rules.ts';
import { formatJson } from './format-json.ts';
import { parsePmtModel, serializePmtModel } from './model.ts';

const root = new URL('../../../../../', import.meta.url);
const prettierFormat = (text: string): Promise<string> =>
  prettier.format(text, { parser: 'json', printWidth: 110, singleQuote: true, trailingComma: 'all' });

describe('formatJson', () => {
  it('writes the shipped model and rule set exactly as Prettier formats them', async () => {
    const model = serializePmtModel(
      parsePmtModel(readFileSync(new URL('models/pmt/default-v1.json', root), 'utf8')),
    );
    expect(model).toBe(await prettierFormat(model));
    const rules = serializeCriteriaRuleSet(
      parseCriteriaRuleSet(
        readFileSync(new URL('models/criteria/bontang-illustrative-v1.json', root), 'utf8'),
      ),
    );
    expect(rules).toBe(await prettierFormat(rules));
  });

  it('matches Prettier on long arrays, nested arrays and empty containers', async () => {
    const value = {
      codes: Array.from({ length: 40 }, (_, i) => i * 1001),
      words: Array.from({ length: 12 }, (_, i) => `word-number-${i}`),
      nested: [[1, 2], { a: [], b: {} }, 'x'],
      empty: [],
      deep: { deeper: { deepest: [1.5, -2e-7, null, true] } },
    };
    const text = formatJson(value);
    expect(text).toBe(await prettierFormat(text));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
