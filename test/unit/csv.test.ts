import { describe, expect, it } from 'vitest';
import { csvLine, neutraliseFormula, toCsv } from '../../src/publish/csv.ts';
import { roundTo } from '../../src/publish/extract.ts';

describe('CSV for spreadsheets', () => {
  it('neutralises text cells that a spreadsheet would run as formulas', () => {
    expect(['=SUM(A1)', '+1', '-cmd', '@x', '\tx', '\rx'].map(neutraliseFormula)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-cmd",
      "'@x",
      "'\tx",
      "'\rx",
    ]);
    expect(neutraliseFormula('31-33')).toBe('31-33');
  });

  it('keeps numbers as numbers, even negative ones, and empty cells empty', () => {
    expect(csvLine(['=1+1', -5.5, null, undefined, true, 0])).toBe("'=1+1,-5.5,,,true,0");
  });

  it('quotes commas, quotes, line breaks and padded text, and keeps codes as text', () => {
    expect(csvLine(['Elkhart, IN', 'say "hi"', 'a\nb', ' x', '01001'])).toBe(
      '"Elkhart, IN","say ""hi""","a\nb"," x",01001',
    );
    expect(toCsv(['a', 'b'], [['1', 2]])).toBe('a,b\n1,2\n');
  });

  it('rounds half away from zero without binary artefacts, and never writes -0', () => {
    expect([
      roundTo(1.005, 2),
      roundTo(2.675, 2),
      roundTo(-1.5, 0),
      roundTo(-0.04, 1),
      roundTo(0.125, 2),
    ]).toEqual([1.01, 2.68, -2, 0, 0.13]);
    expect(String(roundTo(12.34565, 4))).toBe('12.3457');
  });
});
