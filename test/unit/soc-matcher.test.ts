import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { createSocMatcher, normalizeJobTitle, type SocMatcher } from '../../src/ingest/soc-matcher.ts';
import {
  loadOnetOccupations,
  loadSocDefinitions,
  loadSocPins,
  type OnetOccupation,
  type SocDefinition,
} from '../../src/ingest/soc-titles.ts';
import { SHARED_DATA, sharedDataAvailable, tempDir } from '../helpers.ts';

const SOC_FILE = join(SHARED_DATA, 'crosswalks/soc_2018_definitions.csv');
const ONET_FILE = join(SHARED_DATA, 'onet_29/Occupation Data.tsv');

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('si-soc-'));
});
afterAll(async () => {
  await cleanup();
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The SiError a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<SiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SiError);
  return error as SiError;
}

describe('job title normalisation', () => {
  it.each([
    ['CNC Machinist', 'cnc machinist'],
    ['Maint. Tech II', 'maintenance technician'],
    ['RN - night shift', 'registered nurse'],
    ['RN - nights', 'registered nurse'],
    ['Welder/Fabricator', 'welder fabricator'],
    ['Truck Driver (CDL-A)', 'truck driver heavy'],
    ['Assembler (2nd shift, temp to hire)', 'assembler'],
    ['Sr. QC Inspector', 'quality control inspector'],
    ['Fork Lift Operator', 'industrial truck operator'],
    ['Hi-Lo Driver', 'industrial truck operator driver'],
    ['Lead Welder', 'welder'],
    ['Production Lead', 'production lead'],
    ['Elec. Tech', 'electrical technician'],
    ['Maintenance Elec', 'maintenance electrician'],
    ['Surgical Technologists', 'surgical technician'],
    ['First-Line Supervisors of Production and Operating Workers', 'supervisor production operating worker'],
    ['Computer Numerically Controlled Tool Operators', 'cnc tool operator'],
    ['Café Cook, Part-Time', 'cafe cook'],
  ])('%s → %s', (title, normalized) => {
    expect(normalizeJobTitle(title).normalized).toBe(normalized);
  });

  it('reads words that are also Object.prototype names as words', () => {
    expect(normalizeJobTitle('Constructor toString').normalized).toBe('constructor tostring');
  });

  it('compares titles regardless of word order', () => {
    expect(normalizeJobTitle('Operator, Forklift').key).toBe(normalizeJobTitle('Forklift Operator').key);
  });
});

describe('SOC definitions loader', () => {
  it('finds the header below a title block of any length, with a BOM and CRLF line ends', async () => {
    const path = await file(
      'soc.csv',
      [
        '\uFEFFU.S. Bureau of Labor Statistics',
        'On behalf of the Office of Management and Budget',
        '',
        'Standard Occupational Classification, 2018',
        '',
        '',
        '',
        'SOC Group,SOC Code,SOC Title,SOC Definition',
        'Major,51-0000,Production Occupations',
        'Minor,51-4000,Metal Workers and Plastic Workers',
        'Broad,51-4040,Machinists',
        'Detailed,51-4041,Machinists,"Set up and operate a variety of machine tools, to produce precision parts."',
        'Minor,15-1200,Computer Occupations',
        '',
      ].join('\r\n'),
    );
    expect(await loadSocDefinitions(path)).toEqual([
      { code: '51-0000', title: 'Production Occupations', definition: '', group: 'major' },
      { code: '51-4000', title: 'Metal Workers and Plastic Workers', definition: '', group: 'minor' },
      { code: '51-4040', title: 'Machinists', definition: '', group: 'broad' },
      {
        code: '51-4041',
        title: 'Machinists',
        definition: 'Set up and operate a variety of machine tools, to produce precision parts.',
        group: 'detailed',
      },
      { code: '15-1200', title: 'Computer Occupations', definition: '', group: 'minor' },
    ]);
  });

  it('rejects a file of another layout, naming file and line', async () => {
    const path = await file(
      'oews.csv',
      'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP\n51-4041,Machinists,detailed,100\n',
    );
    const error = await rejection(loadSocDefinitions(path));
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.issues).toEqual([
      expect.objectContaining({ file: path, line: 1, value: 'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP' }),
    ]);
  });

  it('reports every bad row with its line and column', async () => {
    const path = await file(
      'soc-bad.csv',
      [
        'SOC Group,SOC Code,SOC Title,SOC Definition',
        'Detailed,51-4041,Machinists,Set up machine tools.',
        'Detail,51-4042,Something,x',
        'Detailed,51-404,Short,x',
        'Broad,51-4041,Machinists,',
        'Detailed,51-4041,Machinists again,x',
      ].join('\n'),
    );
    const error = await rejection(loadSocDefinitions(path));
    expect(error.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [3, 1, 'Detail'],
      [4, 2, '51-404'],
      [5, 2, '51-4041'],
      [6, 2, '51-4041'],
    ]);
    expect(error.issues[3]?.message).toBe('SOC code listed twice (first on line 2)');
  });

  it('says so when the file is missing', async () => {
    const error = await rejection(loadSocDefinitions(join(dir, 'nope.csv')));
    expect(error.code).toBe('E_INPUT_NOT_FOUND');
  });
});

describe('O*NET Occupation Data loader', () => {
  it('reads the official tab-delimited text layout (CRLF) and finds columns by name', async () => {
    const path = await file(
      'Occupation Data.txt',
      'O*NET-SOC Code\tTitle\tDescription\r\n51-4041.00\tMachinists\tSet up and operate machine tools.\r\n' +
        '51-9161.00\tComputer Numerically Controlled Tool Operators\tOperate CNC machines.\r\n',
    );
    expect(await loadOnetOccupations(path)).toEqual([
      {
        onetCode: '51-4041.00',
        soc: '51-4041',
        title: 'Machinists',
        description: 'Set up and operate machine tools.',
      },
      {
        onetCode: '51-9161.00',
        soc: '51-9161',
        title: 'Computer Numerically Controlled Tool Operators',
        description: 'Operate CNC machines.',
      },
    ]);
  });

  it('rejects other files and bad codes with file, line and column', async () => {
    const other = await file('skills.txt', 'O*NET-SOC Code\tElement ID\tElement Name\n');
    expect((await rejection(loadOnetOccupations(other))).issues[0]).toMatchObject({ file: other, line: 1 });
    const bad = await file('occ.txt', 'Title\tO*NET-SOC Code\tDescription\nMachinists\t51-4041\tx\n');
    expect((await rejection(loadOnetOccupations(bad))).issues).toEqual([
      expect.objectContaining({ file: bad, line: 2, column: 2, value: '51-4041' }),
    ]);
  });
});

const SMALL_SOC: SocDefinition[] = [
  {
    code: '49-0000',
    title: 'Installation, Maintenance, and Repair Occupations',
    definition: '',
    group: 'major',
  },
  {
    code: '49-9041',
    title: 'Industrial Machinery Mechanics',
    definition: 'Repair machinery.',
    group: 'detailed',
  },
  {
    code: '49-9071',
    title: 'Maintenance and Repair Workers, General',
    definition: 'Keep machines in repair.',
    group: 'detailed',
  },
  {
    code: '51-4041',
    title: 'Machinists',
    definition: 'Set up and operate machine tools.',
    group: 'detailed',
  },
  {
    code: '51-4121',
    title: 'Welders, Cutters, Solderers, and Brazers',
    definition: 'Weld or join metal components.',
    group: 'detailed',
  },
  { code: '51-9199', title: 'Production Workers, All Other', definition: '', group: 'detailed' },
];

describe('SOC pins loader', () => {
  it('reads pins in any column order, in UTF-8 or Windows-1252', async () => {
    const utf8 = await file(
      'pins.csv',
      'soc_code,Title,note\r\n49-9041,Maint. Tech II,"repairs presses, robots"\r\n',
    );
    expect(await loadSocPins(utf8, SMALL_SOC)).toEqual([
      { title: 'Maint. Tech II', soc: '49-9041', note: 'repairs presses, robots', file: utf8, line: 2 },
    ]);
    const cp1252 = await file(
      'pins-1252.csv',
      Buffer.concat([
        Buffer.from('title,soc_code\nSoldador t'),
        Buffer.from([0xe9]),
        Buffer.from('cnico,51-4121\n'),
      ]),
    );
    expect((await loadSocPins(cp1252))[0]?.title).toBe('Soldador técnico');
  });

  it('reports every bad line with file, line, column, value and reason', async () => {
    const path = await file(
      'pins-bad.csv',
      [
        'title,soc_code,note',
        'CNC Machinist,51-4041,fine',
        'Welder,51-412,',
        'Maint Tech,49-9071.00,',
        ',49-9071,',
        'Millwright,49-0000,',
        'Ninja,99-9999,',
        'Maint. Tech II,49-9041,',
        'maintenance technician,49-9071,',
        'Machinist II,51-4041,one,two',
      ].join('\n'),
    );
    const error = await rejection(loadSocPins(path, SMALL_SOC));
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.message).toContain('7 bad lines');
    expect(
      error.issues.map(({ file: f, line, column, value, message }) => ({ f, line, column, value, message })),
    ).toEqual([
      { f: path, line: 3, column: 2, value: '51-412', message: 'soc_code must look like 51-4041' },
      {
        f: path,
        line: 4,
        column: 2,
        value: '49-9071.00',
        message: 'an O*NET code: pin the SOC code 49-9071',
      },
      { f: path, line: 5, column: 1, value: '', message: 'title is empty' },
      {
        f: path,
        line: 6,
        column: 2,
        value: '49-0000',
        message:
          'Installation, Maintenance, and Repair Occupations is a major group, not a detailed occupation',
      },
      { f: path, line: 7, column: 2, value: '99-9999', message: 'not a SOC 2018 code' },
      {
        f: path,
        line: 9,
        column: 1,
        value: 'maintenance technician',
        message: 'title already pinned to 49-9041 on line 8',
      },
      {
        f: path,
        line: 10,
        column: 4,
        value: 'Machinist II,51-4041,one,two',
        message: 'expected 3 fields, found 4 (quote titles that contain commas)',
      },
    ]);
  });

  it('rejects a header without title and soc_code', async () => {
    const path = await file('pins-header.csv', 'job title,soc\nWelder,51-4121\n');
    const error = await rejection(loadSocPins(path));
    expect(error.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [1, 1, 'job title'],
      [1, 2, 'soc'],
      [1, undefined, 'job title,soc'],
    ]);
  });
});

describe('SOC matcher on a hand-made list', () => {
  const matcher = createSocMatcher({
    soc: SMALL_SOC,
    pins: [{ title: 'Maintenance Technician', soc: '49-9041', note: 'our techs fix production machinery' }],
  });

  it('matches parts of SOC list titles exactly, and pins win over everything', () => {
    expect(matcher.match('Brazer')).toMatchObject({
      soc: '51-4121',
      method: 'exact',
      score: 1,
      needsReview: false,
    });
    const pinned = matcher.match('Maint. Tech II');
    expect(pinned).toMatchObject({ soc: '49-9041', method: 'pinned', score: 1, needsReview: false });
    expect(pinned.candidates[0]).toEqual({
      soc: '49-9041',
      title: 'Industrial Machinery Mechanics',
      score: 1,
      via: 'pin "Maintenance Technician": our techs fix production machinery',
    });
  });

  it('never guesses below the threshold', () => {
    expect(matcher.match('Ninja of Vibes')).toEqual({
      input: 'Ninja of Vibes',
      normalized: 'ninja vibe',
      soc: null,
      socTitle: null,
      score: 0,
      method: 'none',
      candidates: [],
      needsReview: true,
    });
    expect(matcher.match('')).toMatchObject({ soc: null, method: 'none', needsReview: true });
  });

  it('sends "All Other" codes to review and never matches them exactly', () => {
    expect(matcher.match('Production Worker')).toMatchObject({
      soc: '51-9199',
      method: 'similarity',
      needsReview: true,
    });
  });

  it('rejects pins to codes outside the list and thresholds outside (0, 1]', () => {
    expect(() =>
      createSocMatcher({
        soc: SMALL_SOC,
        pins: [{ title: 'Welder', soc: '51-4122', note: '', line: 4, file: 'p.csv' }],
      }),
    ).toThrow(
      expect.objectContaining({ code: 'E_CONFIG_INVALID', issues: [expect.objectContaining({ line: 4 })] }),
    );
    expect(() => createSocMatcher({ soc: SMALL_SOC, threshold: 0 })).toThrow(SiError);
  });
});

/**
 * Thirty titles as employers write them in sector-partnership surveys, with the code a careful coder would
 * give. Written before the matcher was tuned (one expectation since corrected to O*NET's filing, below);
 * the misses are kept, not hidden.
 */
const REALISTIC_TITLES: readonly (readonly [string, string])[] = [
  ['CNC Machinist', '51-4041'],
  ['Welder', '51-4121'],
  ['Welder/Fabricator', '51-4121'],
  ['Maintenance Tech', '49-9071'],
  ['Maint. Tech II', '49-9071'],
  ['Registered Nurse', '29-1141'],
  ['RN - night shift', '29-1141'],
  ['Forklift Driver', '53-7051'],
  ['Assembler', '51-2092'],
  ['Quality Inspector', '51-9061'],
  ['Truck Driver (CDL-A)', '53-3032'],
  ['Electrician', '47-2111'],
  ['Production Supervisor', '51-1011'],
  ['CNC Operator', '51-9161'],
  ['Industrial Maintenance Mechanic', '49-9041'],
  ['LPN', '29-2061'],
  ['CNA', '31-1131'],
  ['Medical Assistant', '31-9092'],
  ['Warehouse Associate', '53-7062'],
  ['Shipping & Receiving Clerk', '43-5071'],
  ['Tool and Die Maker', '51-4111'],
  ['Punch Press Operator', '51-4031'],
  ['Injection Molding Operator', '51-4072'],
  ['HVAC Tech', '49-9021'],
  ['Pharmacy Technician', '29-2052'],
  ['Phlebotomist', '31-9097'],
  ['Order Picker', '53-7065'],
  ['Diesel Mechanic', '49-3031'],
  ['Millwright', '49-9044'],
  // O*NET 29 files Manufacturing Engineers under Industrial Engineers (17-2112.03).
  ['Sr. Manufacturing Engineer', '17-2112'],
];

describe.runIf(sharedDataAvailable())('SOC matcher on the real SOC 2018 and O*NET files', () => {
  let soc: SocDefinition[];
  let onet: OnetOccupation[];
  let matcher: SocMatcher;
  beforeAll(async () => {
    [soc, onet] = await Promise.all([loadSocDefinitions(SOC_FILE), loadOnetOccupations(ONET_FILE)]);
    matcher = createSocMatcher({ soc, onet });
  });
  const codes = (title: string) => matcher.match(title).candidates.map((c) => c.soc);

  it('loads 867 detailed SOC codes and 1,016 O*NET codes, each under a detailed SOC code', () => {
    const groups = Object.fromEntries(
      (['major', 'minor', 'broad', 'detailed'] as const).map((g) => [
        g,
        soc.filter((d) => d.group === g).length,
      ]),
    );
    expect(groups).toEqual({ major: 23, minor: 98, broad: 459, detailed: 867 });
    expect(soc.find((d) => d.code === '51-4041')).toMatchObject({ title: 'Machinists', group: 'detailed' });
    expect(onet).toHaveLength(1016);
    const detailed = new Set(soc.filter((d) => d.group === 'detailed').map((d) => d.code));
    expect(onet.filter((o) => !detailed.has(o.soc))).toEqual([]);
    expect(onet.find((o) => o.onetCode === '51-9161.00')).toMatchObject({
      soc: '51-9161',
      title: 'Computer Numerically Controlled Tool Operators',
    });
  });

  it.each([
    ['Welder', '51-4121', 'exact'],
    ['Registered Nurse', '29-1141', 'exact'],
    ['RN - nights', '29-1141', 'exact'],
    ['Electrician', '47-2111', 'exact'],
    ['Truck Driver (CDL-A)', '53-3032', 'exact'],
    ['Forklift Driver', '53-7051', 'similarity'],
    ['Forklift Operator', '53-7051', 'exact'],
    ['Quality Inspector', '51-9061', 'similarity'],
    ['Production Supervisor', '51-1011', 'similarity'],
    ['Quality Control Analyst', '19-4099', 'onet-exact'],
  ] as const)('%s → %s (%s)', (title, code, method) => {
    expect(matcher.match(title)).toMatchObject({ soc: code, method, needsReview: false });
  });

  it('codes a CNC Machinist as a machinist, with CNC tool operators the runner-up', () => {
    // O*NET's Machinists (51-4041) set up and operate CNC and manual machine tools to make parts; CNC Tool
    // Operators (51-9161) run CNC machines others set up. An employer's "machinist" is the former: the
    // head noun decides, CNC is how the machinist works.
    const match = matcher.match('CNC Machinist');
    expect(match).toMatchObject({
      soc: '51-4041',
      socTitle: 'Machinists',
      method: 'similarity',
      needsReview: false,
    });
    expect(match.candidates[1]?.soc).toBe('51-9161');
    expect(matcher.match('CNC Operator').soc).toBe('51-9161');
  });

  it('codes a maintenance tech as a general maintenance worker, for review, with other options', () => {
    for (const title of ['Maintenance Tech', 'Maint. Tech II']) {
      const match = matcher.match(title);
      expect(match).toMatchObject({
        soc: '49-9071',
        normalized: 'maintenance technician',
        needsReview: true,
      });
      expect(match.candidates.map((c) => c.soc)).toContain('49-9043');
    }
    expect(matcher.match('Industrial Maintenance Mechanic').soc).toBe('49-9041');
  });

  it('sends a bare "Assembler" to review with Team Assemblers among the options', () => {
    // Every assembler title has a word the employer did not write; IDF cannot tell which is meant.
    const match = matcher.match('Assembler');
    expect(match.needsReview).toBe(true);
    expect(codes('Assembler')).toContain('51-2092');
  });

  it('never guesses for a nonsense title', () => {
    expect(matcher.match('Ninja of Vibes')).toMatchObject({ soc: null, method: 'none', needsReview: true });
  });

  it('lets a pinned title override the match', () => {
    const pinned = createSocMatcher({
      soc,
      onet,
      pins: [{ title: 'Maintenance Technician', soc: '49-9041', note: 'they repair production machinery' }],
    });
    expect(pinned.match('Maint. Tech II')).toMatchObject({ soc: '49-9041', method: 'pinned', score: 1 });
    expect(pinned.match('Welder').method).toBe('exact');
  });

  it('reads a long misspelt word as the title word it is one letter from, and asks for review', () => {
    expect(matcher.match('Machinst')).toMatchObject({
      soc: '51-4041',
      normalized: 'machinist',
      needsReview: true,
    });
    // Six letters is too short to guess: "picker" is not "packer".
    expect(matcher.match('Order Picker').normalized).toBe('order picker');
  });

  it('puts at least 80% of thirty realistic titles on the right code', () => {
    const results = REALISTIC_TITLES.map(([title, expected]) => ({
      title,
      expected,
      match: matcher.match(title),
    }));
    const right = results.filter((r) => r.match.soc === r.expected);
    const lines = results.map(
      (r) =>
        `${r.match.soc === r.expected ? 'ok  ' : 'MISS'} ${r.title.padEnd(34)} ${String(r.match.soc).padEnd(8)}` +
        ` want ${r.expected} ${r.match.method}${r.match.needsReview ? ' review' : ''} ${r.match.score}`,
    );
    const accuracy = right.length / results.length;
    console.log(
      `SOC matcher accuracy: ${right.length}/${results.length} = ${(accuracy * 100).toFixed(0)}%` +
        ` (${results.filter((r) => r.match.needsReview).length} flagged for review)\n${lines.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
    // A wrong code is acceptable only when the matcher said so: no confident misses.
    expect(
      results.filter((r) => r.match.soc !== r.expected && !r.match.needsReview).map((r) => r.title),
    ).toEqual([]);
  });
});
