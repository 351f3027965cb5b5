import { describe, expect, it } from 'vitest';
import { csvField, escapeCell, escapeText, needsFormulaEscape } from './escape.ts';

describe('formula-injection escaping', () => {
  it.each(['=cmd|/C calc!A0', '+62 812', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('escapes %j', (text) => {
    expect(needsFormulaEscape(text)).toBe(true);
    expect(escapeText(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text and non-text values alone', () => {
    expect(escapeText('BUDI')).toBe('BUDI');
    expect(escapeText('6474011708800001')).toBe('6474011708800001');
    expect(escapeCell(-5)).toBe(-5);
    expect(escapeCell(null)).toBeNull();
    const date = new Date(0);
    expect(escapeCell(date)).toBe(date);
    expect(escapeCell('=1+1')).toBe("'=1+1");
  });

  it('quotes CSV fields when needed and escapes formulas inside them', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")', ',')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
});
