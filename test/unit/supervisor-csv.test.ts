import { describe, expect, it } from 'vitest';
import { csvText, neutraliseFormula, type CsvColumn } from '../../electron/services/supervisor/csv-file.ts';

interface Row {
  name: string;
  note: string | null;
  count: number;
}
const columns: CsvColumn<Row>[] = [
  { header: 'Name', value: (r) => r.name },
  { header: 'Note', value: (r) => r.note },
  { header: 'Count', value: (r) => r.count },
];

describe('CSV for spreadsheets (RFC 4180, UTF-8 with BOM)', () => {
  it('starts with the byte order mark only when asked, and ends every record with CRLF', () => {
    const text = csvText([{ name: 'Ana', note: null, count: 2 }], columns, { delimiter: ',', header: true, bom: true });
    expect(text).toBe('\uFEFFName,Note,Count\r\nAna,,2\r\n');
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(
      csvText([{ name: 'Ana', note: 'x', count: 0 }], columns, { delimiter: ',', header: false, bom: false }),
    ).toBe('Ana,x,0\r\n');
  });

  it('quotes fields holding the delimiter, quotes or line breaks, doubling the quotes', () => {
    const rows = [
      { name: 'Müller, Jr.', note: 'said "yes"', count: 1 },
      { name: 'Øyvind', note: 'first\r\nsecond', count: 2 },
      { name: 'Lone\nfeed', note: 'cr\ronly', count: 3 },
    ];
    expect(csvText(rows, columns, { delimiter: ',', header: false, bom: false })).toBe(
      '"Müller, Jr.","said ""yes"""\u002C1\r\nØyvind,"first\r\nsecond",2\r\n"Lone\nfeed","cr\ronly",3\r\n',
    );
  });

  it('with semicolons, quotes semicolons and leaves commas alone', () => {
    const text = csvText([{ name: 'a;b', note: 'c,d', count: 1.5 }], columns, {
      delimiter: ';',
      header: false,
      bom: false,
    });
    expect(text).toBe('"a;b";c,d;1.5\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    for (const attack of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutraliseFormula(attack)).toBe(`'${attack}`);
    }
    expect(neutraliseFormula('Anna-Maria')).toBe('Anna-Maria');
    const text = csvText([{ name: '=HYPERLINK("http://x")', note: null, count: -3 }], columns, {
      delimiter: ',',
      header: false,
      bom: false,
    });
    expect(text).toBe('"\'=HYPERLINK(""http://x"")",,-3\r\n');
  });
});
