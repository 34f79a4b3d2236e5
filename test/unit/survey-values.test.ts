import { describe, expect, it } from 'vitest';
import {
  countyLookup,
  industryLookup,
  readCount,
  readCounty,
  readMulti,
  readNaics,
  readScale,
  readSoc,
  readTimestamp,
  readWage,
} from '../../src/ingest/survey/values.ts';
import { decodeWindows1252 } from '../../src/util/windows-1252.ts';

describe('reading what people type into surveys', () => {
  it('reads counts written every way, ranges at their midpoint, and says how', () => {
    const cases = [
      '12',
      '1,200',
      '45k',
      '10-20',
      '10 to 20',
      'none',
      'N/A',
      '',
      'about 15',
      '15+',
      '1,2',
      '-3',
      'lots',
      '2.5',
    ];
    expect(cases.map((c) => readCount(c))).toEqual([
      { value: 12 },
      { value: 1200 },
      { value: 45000, flag: '"k" read as ×1,000' },
      { value: 15, low: 10, high: 20, flag: 'range 10-20, estimated at its midpoint' },
      { value: 15, low: 10, high: 20, flag: 'range 10-20, estimated at its midpoint' },
      { value: 0 },
      { value: null },
      { value: null },
      { value: 15, flag: 'approximate' },
      { value: 15, flag: '"+" read as the number itself (a lower bound)' },
      { value: null, problem: 'expected a number (e.g. 12, 1,200, 10-20, none)' },
      { value: null, problem: 'expected zero or more, not a negative number' },
      { value: null, problem: 'expected a number (e.g. 12, 1,200, 10-20, none)' },
      { value: null, problem: 'expected a whole number' },
    ]);
  });

  it('reads wages hourly or annual, from the text or the amount', () => {
    expect(readWage('$22.50/hr')).toEqual({ value: { low: 22.5, high: 22.5, unit: 'hour', hourly: 22.5 } });
    expect(readWage('$45,000')).toEqual({
      value: { low: 45000, high: 45000, unit: 'year', hourly: 45000 / 2080 },
      flag: 'read as annual from the amount',
    });
    expect(readWage('45k per year').value).toMatchObject({ low: 45000, unit: 'year' });
    expect(readWage('18-22')).toEqual({
      value: { low: 18, high: 22, unit: 'hour', hourly: 20 },
      flag: 'range 18-22, estimated at its midpoint; read as hourly from the amount',
    });
    expect(readWage('500').problem).toMatch(/neither hourly nor annual/);
    expect(readWage('competitive').problem).toMatch(/expected a wage/);
  });

  it('reads ratings as numbers or labels within the scale', () => {
    const scale = { min: 1, max: 5, labels: { 'Very important': 5, 'Not important': 1 } };
    expect(['4', 'very important', '5 - Extremely', '7', 'meh'].map((t) => readScale(t, scale))).toEqual([
      { value: 4 },
      { value: 5 },
      { value: 5 },
      { value: null, problem: 'expected a rating from 1 to 5' },
      { value: null, problem: 'expected a rating from 1 to 5 or one of its labels' },
    ]);
  });

  it('reads multi-selects whose labels contain the separator', () => {
    const options = {
      finding: 'Finding, hiring qualified people',
      retention: 'Retention',
      transport: ['Transportation', 'Transport'],
    };
    expect(readMulti('Finding, hiring qualified people, Transport', options, ', ')).toEqual({
      value: ['finding', 'transport'],
    });
    expect(readMulti('Retention,Something else', options, ',')).toEqual({
      value: ['retention'],
      unknown: ['something else'],
      problem: 'not among the options: "something else"',
    });
  });

  it('resolves county and industry names to codes', () => {
    const counties = countyLookup([
      { fips: '57001', title: 'Alder County, Lakeshore' },
      { fips: '57003', title: 'Birch County, Lakeshore' },
    ]);
    expect(
      ['57001', 'alder', 'Birch Co.', 'Birch County', '57009', 'Elm'].map((t) => readCounty(t, counties)),
    ).toEqual([
      { value: '57001' },
      { value: '57001' },
      { value: '57003' },
      { value: '57003' },
      { value: null, problem: 'county 57009 is not a county of the region' },
      { value: null, problem: 'not a county of the region (expected a FIPS code or a county name)' },
    ]);
    const industries = industryLookup([
      { code: '332', title: 'Fabricated metal product manufacturing' },
      { code: '326', title: 'Plastics and rubber products manufacturing' },
      { code: '336', title: 'Transportation equipment manufacturing' },
      { code: '3361', title: 'Motor vehicle manufacturing' },
      { code: '3363', title: 'Motor vehicle parts manufacturing' },
    ]);
    expect(readNaics('332 - Fabricated metal', industries)).toEqual({ value: '332' });
    // The title without "product(s) manufacturing" is the industry's own name: certain, no flag.
    expect(readNaics('Fabricated metal', industries)).toEqual({ value: '332' });
    expect(readNaics('Plastics', industries)).toEqual({
      value: '326',
      flag: 'industry name "Plastics" resolved to NAICS 326',
    });
    expect(readNaics('Motor vehicle', industries).value).toBe('3361');
    expect(readNaics('Motor', industries).problem).toBe(
      'industry name matches several industries; give the NAICS code',
    );
  });

  it('reads SOC codes and timestamps as tools write them', () => {
    expect(['51-4041', '514041', '51-4041.00', '51-404'].map((t) => readSoc(t).value)).toEqual([
      '51-4041',
      '51-4041',
      '51-4041',
      null,
    ]);
    expect(
      ['2024-03-05 14:02:11', '3/5/2024 2:02:11 PM', '3/5/2024 0:05', '2024-03-05'].map(
        (t) => readTimestamp(t).value,
      ),
    ).toEqual(['2024-03-05T14:02:11', '2024-03-05T14:02:11', '2024-03-05T00:05:00', '2024-03-05T00:00:00']);
  });

  it('decodes Windows-1252 as spreadsheets write it, curly quotes and dashes included', () => {
    expect(
      decodeWindows1252(
        Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x92, 0x73, 0x20, 0x96, 0x20, 0x80, 0x35]),
      ),
    ).toBe('Müller’s – €5');
  });
});
