import fc from 'fast-check';
import { csvField, parseCsv, toCsv } from '../../../shared/domain/csv';

describe('RFC 4180 CSV', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12n)).toBe('12');
  });

  it('keeps negative amounts as numbers and defuses formulas', () => {
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('writes a header and CRLF-ended rows, refusing a row of the wrong width', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow('CSV row has 1 fields');
  });

  it('reads back what it writes, whatever the text', () => {
    const safe = fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(safe, safe, safe), { maxLength: 20 }), (rows) => {
        const parsed = parseCsv(toCsv(['x', 'y', 'z'], rows));
        expect(parsed).toEqual([['x', 'y', 'z'], ...rows]);
      }),
    );
  });
});
