import { describe, expect, it } from 'vitest';
import type { TableRow } from './text.ts';
import { SheetScanner } from './xlsx-sheet-scanner.ts';

// Scans sheet XML fed in chunks of `size` bytes, so that chunk ends fall inside every tag and value.
function scan(xml: string, size: number, strings: string[] = [], dateStyles: boolean[] = []): TableRow[] {
  const bytes = Buffer.from(xml, 'utf8');
  const scanner = new SheetScanner(strings, dateStyles, false);
  const rows: TableRow[] = [];
  for (let i = 0; i < bytes.length && !scanner.done; i += size) {
    rows.push(...scanner.push(Buffer.from(bytes.subarray(i, i + size))));
  }
  return rows;
}

const sheet = (rows: string) => `<worksheet><sheetData>${rows}</sheetData><mergeCells/></worksheet>`;

describe('SheetScanner', () => {
  it('reads the same rows whatever the chunk size', () => {
    const xml = sheet(
      '<row r="4" spans="1:5"><c r="A4" t="str"><v>BONTANG KUALA</v></c><c r="B4"><v>007</v></c>' +
        '<c r="C4"><v>117.508379</v></c><c r="E4" t="s"><v>1</v></c></row>' +
        '<row r="5"><c r="A5" t="str"><v>BONTANG KUALA</v></c><c r="B5" t="str"><v>A &amp; B</v></c>' +
        '<c r="C5" t="str"><v>MUNDÉ</v></c><c r="D5" t="b"><v>1</v></c></row>',
    );
    const expected = [
      { rowNumber: 4, cells: ['BONTANG KUALA', 7, 117.508379, null, 'YA'] },
      { rowNumber: 5, cells: ['BONTANG KUALA', 'A & B', 'MUNDÉ', true] },
    ];
    for (const size of [1, 2, 3, 5, 7, 8, 13, 64, 4096]) {
      expect(scan(xml, size, ['TIDAK', 'YA'])).toEqual(expected);
    }
  });

  it('reads cells written in other forms than <c><v>…</v></c>', () => {
    const xml = sheet(
      // A formula before the value, spaces around '=', single quotes, '>' inside an attribute value,
      // a value with an attribute, a self-closing cell, and a cell without a reference.
      `<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r = "B2" t = 'str' foo="a>b"><v>X</v></c>` +
        `<c r="C2" t="str"><v xml:space="preserve"> Y </v></c><c r="D2" s="0"/><c t="str"><v>Z</v></c></row>`,
    );
    for (const size of [1, 3, 4096]) {
      expect(scan(xml, size)).toEqual([{ rowNumber: 2, cells: [2, 'X', ' Y ', null, 'Z'] }]);
    }
  });

  it('reuses the text above only when the bytes are the same', () => {
    const xml = sheet(
      '<row r="1"><c r="A1" t="str"><v>BERBAS</v></c><c r="B1" t="str"><v>RT 1</v></c></row>' +
        '<row r="2"><c r="A2" t="str"><v>BERBAS</v></c><c r="B2" t="str"><v>RT 10</v></c></row>' +
        '<row r="3"><c r="A3" t="str"><v>BERBAT</v></c><c r="B3" t="str"><v></v></c></row>',
    );
    const rows = scan(xml, 4096);
    expect(rows.map((r) => r.cells)).toEqual([['BERBAS', 'RT 1'], ['BERBAS', 'RT 10'], ['BERBAT']]);
  });

  it('reads numbers as Number does, dates from date styles, and stops at the end of sheetData', () => {
    const xml = sheet(
      '<row r="1"><c r="A1"><v>6474011708800001</v></c><c r="B1"><v>12345678901234567</v></c>' +
        '<c r="C1"><v> 42 </v></c><c r="D1"><v>-3</v></c><c r="E1"><v>1E3</v></c><c r="F1"><v></v></c>' +
        '<c r="G1" s="1"><v>29450</v></c></row>',
    );
    const [row] = scan(xml, 4096, [], [false, true]);
    // 17 digits are past exact integers: the same rounding as Number() gives.
    const long = Number('12345678901234567');
    expect(row?.cells.slice(0, 6)).toEqual([6474011708800001, long, 42, -3, 1000, null]);
    expect((row?.cells[6] as Date).toISOString().slice(0, 10)).toBe('1980-08-17');
  });
});
