import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { attr, columnIndex, decodeXmlText, isDateFormat, openXlsxWorkbook } from './xlsx-reader.ts';
import type { TableRow } from './text.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-xlsx-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, sheet = 0): Promise<TableRow[]> {
  const wb = await openXlsxWorkbook(file);
  const info = wb.sheets[sheet];
  if (!info) throw new Error('no sheet');
  const rows: TableRow[] = [];
  for await (const r of wb.rows(info)) rows.push(r);
  wb.close();
  return rows;
}

// A minimal ZIP writer (stored or deflated entries), to build archives the way other programs do.
function zip(entries: Record<string, string>, deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflate ? zlib.deflateRawSync(raw) : raw;
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('openXlsxWorkbook', () => {
  it('reads what exceljs writes: shared strings, numbers, dates, booleans, formulas, gaps', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data Keluarga');
    wb.addWorksheet('Tersembunyi').state = 'hidden';
    ws.addRow(['NIK', 'NAMA', 'TGL LAHIR', 'AKTIF', 'UMUR', null, 'CATATAN']);
    ws.addRow([
      '6474011708800001',
      'ANDI MUNDÉ & "ISTRI"',
      new Date(Date.UTC(1980, 7, 17)),
      true,
      { formula: '2025-1980', result: 45 },
      null,
      '<b>tebal</b>',
    ]);
    ws.addRow([]);
    ws.addRow([
      6474014503850000,
      { richText: [{ text: 'SITI ' }, { text: 'AMINAH' }] },
      29450,
      false,
      { error: '#N/A' },
      null,
      'baris\nkedua',
    ]);
    ws.getCell('C4').numFmt = '0';
    const file = path.join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(file);

    const book = await openXlsxWorkbook(file);
    expect(book.sheets.map((s) => [s.name, s.state])).toEqual([
      ['Data Keluarga', 'visible'],
      ['Tersembunyi', 'hidden'],
    ]);
    book.close();
    const rows = await readAll(file);
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 4]);
    expect(rows[0]?.cells).toEqual(['NIK', 'NAMA', 'TGL LAHIR', 'AKTIF', 'UMUR', null, 'CATATAN']);
    const second = rows[1]?.cells ?? [];
    expect(second[0]).toBe('6474011708800001');
    expect(second[1]).toBe('ANDI MUNDÉ & "ISTRI"');
    expect(second[2]).toBeInstanceOf(Date);
    expect((second[2] as Date).toISOString().slice(0, 10)).toBe('1980-08-17');
    expect(second[3]).toBe(true);
    expect(second[4]).toBe(45);
    expect(second[6]).toBe('<b>tebal</b>');
    const third = rows[2]?.cells ?? [];
    expect(third[0]).toBe(6474014503850000);
    expect(third[1]).toBe('SITI AMINAH');
    expect(third[2]).toBe(29450);
    expect(third[3]).toBe(false);
    expect(third[4]).toBe('#N/A');
    expect(third[6]).toBe('baris\nkedua');
  });

  it('reads prefixed markup, inline strings, rich text with phonetic runs and 1904 dates from a stored archive', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const file = path.join(dir, 'other.xlsx');
    fs.writeFileSync(
      file,
      zip(
        {
          '[Content_Types].xml': '<Types/>',
          'xl/workbook.xml': `<x:workbook ${ns} xmlns:r="r"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Lembar &amp; 1" sheetId="1" r:id="rId9"/></x:sheets></x:workbook>`,
          'xl/_rels/workbook.xml.rels':
            '<Relationships><Relationship Id="rId9" Type="http://x/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://x/styles" Target="styles.xml"/></Relationships>',
          'xl/sharedStrings.xml': `<x:sst ${ns}><x:si><x:r><x:t>KEL. </x:t></x:r><x:r><x:t xml:space="preserve">LOK TUAN</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:si><x:si><x:t>Api-api_x000D_</x:t></x:si></x:sst>`,
          'xl/styles.xml': `<x:styleSheet ${ns}><x:numFmts><x:numFmt numFmtId="170" formatCode="[$-421]dd\\ mmmm\\ yyyy"/></x:numFmts><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="170"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`,
          'xl/worksheets/data.xml': `<x:worksheet ${ns}><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Bontang &#233;</x:t></x:is></x:c></x:row><x:row r="3"><x:c r="B3" s="1"><x:v>0</x:v></x:c><x:c r="D3" t="s"><x:v>1</x:v></x:c><x:c r="E3" s="2"><x:v>1</x:v></x:c></x:row></x:sheetData><x:mergeCells/></x:worksheet>`,
        },
        false,
      ),
    );
    const book = await openXlsxWorkbook(file);
    expect(book.sheets[0]?.name).toBe('Lembar & 1');
    book.close();
    const rows = await readAll(file);
    expect(rows[0]).toEqual({ rowNumber: 1, cells: ['KEL. LOK TUAN', 'Bontang é'] });
    expect(rows[1]?.rowNumber).toBe(3);
    const cells = rows[1]?.cells ?? [];
    expect(cells[0]).toBeNull();
    // Day 0 of the 1904 system is 1 January 1904.
    expect((cells[1] as Date).toISOString().slice(0, 10)).toBe('1904-01-01');
    expect(cells[3]).toBe('Api-api\r');
    expect((cells[4] as Date).toISOString().slice(0, 10)).toBe('1904-01-02');
  });

  it('streams a large sheet across chunk boundaries without losing rows', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path.join(dir, 'large.xlsx'),
      useSharedStrings: true,
    });
    const ws = wb.addWorksheet('Besar');
    const n = 20_000;
    for (let i = 1; i <= n; i++) ws.addRow([i, `NAMA KE-${i} ÄÖÜ`, i % 2 === 0]).commit();
    ws.commit();
    await wb.commit();
    const rows = await readAll(path.join(dir, 'large.xlsx'));
    expect(rows).toHaveLength(n);
    expect(rows.every((r, i) => r.rowNumber === i + 1 && r.cells[0] === i + 1)).toBe(true);
    expect(rows[n - 1]?.cells).toEqual([n, `NAMA KE-${n} ÄÖÜ`, true]);
  });

  it('refuses what is not an XLSX archive', async () => {
    const file = path.join(dir, 'not.xlsx');
    fs.writeFileSync(file, 'NIK,NAMA\n1,A\n');
    await expect(openXlsxWorkbook(file)).rejects.toThrow(/ZIP/);
  });
});

describe('helpers', () => {
  it('decodes entities and OOXML escapes, reads attributes and column letters', () => {
    expect(decodeXmlText('A &amp; B &lt;C&gt; &#65;&#x42; _x000A_')).toBe('A & B <C> AB \n');
    expect(attr('<c r="B3" s=\'2\' t="s">', 's')).toBe('2');
    expect(attr('<c\nr="B3"\tt="n">', 't')).toBe('n');
    expect(attr('<c r="B3">', 't')).toBeNull();
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('Z9')).toBe(25);
    expect(columnIndex('AB12')).toBe(27);
    expect(columnIndex('12')).toBe(-1);
  });

  it('tells date formats from number formats', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-421]dd mmmm yyyy')).toBe(true);
    expect(isDateFormat('#,##0.00 "m2"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('0')).toBe(false);
  });
});
