/**
 * Demo IPEDS files in the published layouts: the institution directory `hd2023.csv` (UTF-8 byte-order mark, CRLF,
 * all 73 columns, `-2` where a value does not apply) and completions `c2023_a.csv` (first majors, 6-digit CIP
 * programs and the `99` grand total of each award level).
 *
 * Five made-up institutions train for the partnership's jobs: a community college and a polytechnic university
 * in Alder County, a career institute in Birch County, a technical institute in Cedar County, and Lakeshore State
 * Technical College, a statewide system whose main campus is in Elm County, outside the region. Its Dunmore
 * County campus sits in the region but, like the branch campuses of real systems, reports its completions with
 * the main campus: the case the supply metric must warn about.
 */

import { CIP_CODES, IPEDS_COMPLETIONS_HEADER, IPEDS_HD_HEADER } from './labor-market-facts.ts';
import type { DemoEconomy } from './labor-market-model.ts';
import { cellRandom, csvLine } from './labor-market-model.ts';
import { LAKESHORE_POSTAL } from './labor-market-oews.ts';

export const IPEDS_YEAR = 2023;

export interface DemoInstitution {
  readonly unitid: string;
  readonly name: string;
  readonly alias: string;
  readonly address: string;
  readonly city: string;
  readonly zip: string;
  readonly countyFips: string;
  readonly countyName: string;
  /** SECTOR, ICLEVEL, CONTROL, HLOFFER, HDEGOFR1, DEGGRANT, INSTCAT, C21BASIC, INSTSIZE. */
  readonly sector: number;
  readonly level: number;
  readonly control: number;
  readonly highestOffering: number;
  readonly highestDegree: number;
  readonly degreeGranting: 1 | 2;
  readonly category: number;
  readonly carnegie: number;
  readonly size: number;
  readonly system?: { readonly name: string; readonly code: string };
  readonly chief: readonly [string, string];
  readonly web: string;
  readonly location: readonly [number, number];
  /** Programs: CIP code and award levels with typical yearly completions and the share of women. */
  readonly programs: readonly {
    readonly cip: string;
    readonly levels: readonly (readonly [number, number])[];
    readonly women: number;
  }[];
}

const SYSTEM = { name: 'Lakeshore State Technical College System', code: '157010' } as const;

/** The demo's institutions: UNITIDs in 570101-570106, beyond every real UNITID (the highest is below 500000). */
export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  {
    unitid: '570101',
    name: 'Alder Valley Community College',
    alias: 'AVCC',
    address: '1200 College Parkway',
    city: 'Alderton',
    zip: '57101-2200',
    countyFips: '57001',
    countyName: 'Alder County',
    sector: 4,
    level: 2,
    control: 1,
    highestOffering: 3,
    highestDegree: 40,
    degreeGranting: 1,
    category: 4,
    carnegie: 2,
    size: 3,
    chief: ['Dr. Maria Okafor', 'President'],
    web: 'www.avcc.example.edu/',
    location: [-86.03112, 41.68215],
    programs: [
      {
        cip: '48.0501',
        levels: [
          [21, 22],
          [3, 12],
        ],
        women: 0.08,
      },
      {
        cip: '48.0508',
        levels: [
          [21, 30],
          [2, 14],
        ],
        women: 0.07,
      },
      { cip: '47.0303', levels: [[3, 11]], women: 0.05 },
      { cip: '15.0613', levels: [[3, 9]], women: 0.22 },
      { cip: '46.0302', levels: [[2, 16]], women: 0.04 },
      { cip: '15.0702', levels: [[21, 8]], women: 0.35 },
    ],
  },
  {
    unitid: '570102',
    name: 'Lakeshore Polytechnic University',
    alias: 'LPU | Lakeshore Poly',
    address: '400 University Avenue',
    city: 'Port Alder',
    zip: '57104',
    countyFips: '57001',
    countyName: 'Alder County',
    sector: 1,
    level: 1,
    control: 1,
    highestOffering: 7,
    highestDegree: 20,
    degreeGranting: 1,
    category: 2,
    carnegie: 19,
    size: 3,
    chief: ['Dr. Samuel Reyes', 'President'],
    web: 'www.lpu.example.edu/',
    location: [-86.10447, 41.70921],
    programs: [
      {
        cip: '14.3501',
        levels: [
          [5, 38],
          [7, 9],
        ],
        women: 0.3,
      },
      { cip: '15.0613', levels: [[5, 21]], women: 0.18 },
      {
        cip: '52.0205',
        levels: [
          [5, 27],
          [7, 11],
        ],
        women: 0.41,
      },
    ],
  },
  {
    unitid: '570103',
    name: 'Birch County Career Institute',
    alias: '',
    address: '77 Industrial Drive',
    city: 'Birchfield',
    zip: '57230',
    countyFips: '57003',
    countyName: 'Birch County',
    sector: 9,
    level: 3,
    control: 3,
    highestOffering: 2,
    highestDegree: 0,
    degreeGranting: 2,
    category: 6,
    carnegie: -2,
    size: 1,
    chief: ['Ken Lindqvist', 'Director'],
    web: 'www.bcci.example.edu/',
    location: [-85.87303, 41.55876],
    programs: [
      {
        cip: '48.0508',
        levels: [
          [20, 34],
          [21, 18],
        ],
        women: 0.09,
      },
      {
        cip: '48.0510',
        levels: [
          [21, 16],
          [2, 7],
        ],
        women: 0.1,
      },
    ],
  },
  {
    unitid: '570104',
    name: 'Cedar Technical Institute',
    alias: 'CTI',
    address: '15 Mill Road',
    city: 'Cedar Mills',
    zip: '57350',
    countyFips: '57005',
    countyName: 'Cedar County',
    sector: 5,
    level: 2,
    control: 2,
    highestOffering: 3,
    highestDegree: 40,
    degreeGranting: 1,
    category: 4,
    carnegie: 10,
    size: 1,
    chief: ['Angela Brooks', 'President'],
    web: 'www.cedartech.example.edu/',
    location: [-85.72051, 41.47012],
    programs: [
      {
        cip: '47.0303',
        levels: [
          [2, 9],
          [3, 6],
        ],
        women: 0.06,
      },
      { cip: '46.0302', levels: [[3, 7]], women: 0.05 },
      { cip: '48.0510', levels: [[2, 0]], women: 0.1 },
    ],
  },
  {
    unitid: '570105',
    name: 'Lakeshore State Technical College',
    alias: 'LSTC | Lakeshore Tech',
    address: '2500 State Street',
    city: 'Elmhurst',
    zip: '57490-1100',
    countyFips: '57009',
    countyName: 'Elm County',
    sector: 4,
    level: 2,
    control: 1,
    highestOffering: 3,
    highestDegree: 40,
    degreeGranting: 1,
    category: 4,
    carnegie: 6,
    size: 4,
    system: SYSTEM,
    chief: ['Dr. Helen Marsh', 'President'],
    web: 'www.lstc.example.edu/',
    location: [-85.60219, 41.80455],
    programs: [
      {
        cip: '48.0501',
        levels: [
          [21, 35],
          [3, 18],
        ],
        women: 0.09,
      },
      { cip: '48.0508', levels: [[2, 41]], women: 0.08 },
      {
        cip: '47.0303',
        levels: [
          [21, 17],
          [3, 15],
        ],
        women: 0.05,
      },
      { cip: '15.0702', levels: [[3, 10]], women: 0.38 },
      { cip: '52.0205', levels: [[3, 13]], women: 0.43 },
    ],
  },
  {
    unitid: '570106',
    name: 'Lakeshore State Technical College-Dunmore',
    alias: 'LSTC Dunmore',
    address: '9 Commerce Way',
    city: 'Dunmore',
    zip: '57470',
    countyFips: '57007',
    countyName: 'Dunmore County',
    sector: 4,
    level: 2,
    control: 1,
    highestOffering: 3,
    highestDegree: 40,
    degreeGranting: 1,
    category: 4,
    carnegie: 2,
    size: 1,
    system: SYSTEM,
    chief: ['Dr. Helen Marsh', 'President'],
    web: 'www.lstc.example.edu/dunmore/',
    location: [-85.99874, 41.41733],
    programs: [],
  },
];

/** The directory row of an institution, by header name. */
function directoryRow(inst: DemoInstitution, index: number): Record<string, string> {
  const [longitude, latitude] = inst.location;
  const opeid = `0${inst.system ? '57010' : inst.unitid.slice(1)}${inst.system && inst.unitid !== '570105' ? '01' : '00'}`;
  return {
    UNITID: inst.unitid,
    INSTNM: inst.name,
    IALIAS: inst.alias,
    ADDR: inst.address,
    CITY: inst.city,
    STABBR: LAKESHORE_POSTAL,
    ZIP: inst.zip,
    FIPS: '57',
    OBEREG: '3',
    CHFNM: inst.chief[0],
    CHFTITLE: inst.chief[1],
    GENTELE: `5705550${String(100 + index * 11)}`,
    EIN: `57${inst.unitid.slice(2)}${String(index * 137 + 211).padStart(3, '0')}`,
    UEIS: `LKDEMO${inst.unitid}`,
    OPEID: opeid,
    OPEFLAG: '1',
    WEBADDR: inst.web,
    ADMINURL: `${inst.web}admissions/`,
    FAIDURL: `${inst.web}financial-aid/`,
    APPLURL: `${inst.web}apply/`,
    NPRICURL: `${inst.web}net-price/`,
    VETURL: '',
    ATHURL: '',
    DISAURL: `${inst.web}accessibility/`,
    SECTOR: String(inst.sector),
    ICLEVEL: String(inst.level),
    CONTROL: String(inst.control),
    HLOFFER: String(inst.highestOffering),
    UGOFFER: '1',
    GROFFER: inst.highestOffering >= 6 ? '1' : '2',
    HDEGOFR1: String(inst.highestDegree),
    DEGGRANT: String(inst.degreeGranting),
    HBCU: '2',
    HOSPITAL: inst.level === 1 ? '2' : '-2',
    MEDICAL: '2',
    TRIBAL: '2',
    LOCALE: inst.level === 1 ? '13' : '32',
    OPENPUBL: '1',
    ACT: 'A',
    NEWID: '-2',
    DEATHYR: '-2',
    CLOSEDAT: '-2',
    CYACTIVE: '1',
    POSTSEC: '1',
    PSEFLAG: '1',
    PSET4FLG: '1',
    RPTMTH: inst.level === 1 ? '1' : '2',
    INSTCAT: String(inst.category),
    C21BASIC: String(inst.carnegie),
    C21IPUG: inst.level === 3 ? '-2' : '2',
    C21IPGRD: inst.highestOffering >= 7 ? '7' : '0',
    C21UGPRF: inst.level === 3 ? '-2' : inst.level === 1 ? '10' : '1',
    C21ENPRF: inst.level === 3 ? '-2' : inst.level === 1 ? '3' : '1',
    C21SZSET: inst.level === 3 ? '-2' : inst.level === 1 ? '12' : '3',
    C18BASIC: String(inst.carnegie),
    C15BASIC: String(inst.carnegie),
    CCBASIC: String(inst.carnegie),
    CARNEGIE: inst.level === 1 ? '21' : inst.level === 2 ? '40' : '-3',
    LANDGRNT: '2',
    INSTSIZE: String(inst.size),
    F1SYSTYP: inst.system ? '1' : '2',
    F1SYSNAM: inst.system ? inst.system.name : '-2',
    F1SYSCOD: inst.system ? inst.system.code : '-2',
    CBSA: '-2',
    CBSATYPE: '-2',
    CSA: '-2',
    COUNTYCD: inst.countyFips,
    COUNTYNM: inst.countyName,
    CNGDSTCD: inst.countyFips === '57009' ? '5702' : '5701',
    LONGITUD: longitude.toFixed(6),
    LATITUDE: latitude.toFixed(6),
    DFRCGID: String(inst.carnegie > 0 ? 100 + inst.carnegie : 200),
    DFRCUSCG: '1',
  };
}

/**
 * `hd2023.csv`: byte-order mark, the 73-column header, one CRLF-terminated row per institution.
 *
 * @example demoIpedsDirectory().startsWith('\uFEFFUNITID,INSTNM,') // true
 */
export function demoIpedsDirectory(): string {
  const columns = IPEDS_HD_HEADER.split(',');
  const lines = [IPEDS_HD_HEADER];
  DEMO_INSTITUTIONS.forEach((inst, i) => {
    const row = directoryRow(inst, i);
    lines.push(csvLine(columns.map((c) => row[c] ?? '-2')));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `c2023_a.csv`: completions by institution, program and award level, with each award level's `99` total. */
export function demoIpedsCompletions(economy: DemoEconomy): string {
  const cips = new Set(CIP_CODES.map(([code]) => code));
  const rows: { unitid: string; cip: string; level: number; total: number; men: number; women: number }[] =
    [];
  for (const inst of DEMO_INSTITUTIONS) {
    const totals = new Map<number, { total: number; men: number; women: number }>();
    for (const program of inst.programs) {
      if (!cips.has(program.cip)) throw new Error(`CIP ${program.cip} is not in the demo's CIP list`);
      for (const [level, typical] of program.levels) {
        const rnd = cellRandom(economy.seed, 'ipeds', inst.unitid, program.cip, level);
        const total = typical === 0 ? 0 : rnd.poisson(typical);
        let women = 0;
        for (let i = 0; i < total; i++) if (rnd.chance(program.women)) women++;
        rows.push({ unitid: inst.unitid, cip: program.cip, level, total, men: total - women, women });
        const t = totals.get(level) ?? { total: 0, men: 0, women: 0 };
        t.total += total;
        t.men += total - women;
        t.women += women;
        totals.set(level, t);
      }
    }
    for (const [level, t] of totals) rows.push({ unitid: inst.unitid, cip: '99', level, ...t });
  }
  rows.sort((a, b) =>
    a.unitid !== b.unitid
      ? a.unitid < b.unitid
        ? -1
        : 1
      : a.cip !== b.cip
        ? a.cip < b.cip
          ? -1
          : 1
        : a.level - b.level,
  );
  const lines = [IPEDS_COMPLETIONS_HEADER];
  for (const r of rows) {
    lines.push(
      csvLine([
        r.unitid,
        r.cip,
        '1',
        String(r.level),
        String(r.total),
        String(r.men),
        String(r.women),
        String(r.cip !== '99'),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The leading columns of the IPEDS response-flags file (FLAGS): response status, lock and imputation of the
 * institutional characteristics and completions components, and the parent/child reporting of completions. The
 * published file goes on with the other components' flags; there is no copy in the shared data to take the rest
 * of its header from, and readers take the columns they need by name.
 */
export const IPEDS_FLAGS_HEADER = 'UNITID,STAT_IC,LOCK_IC,IMP_IC,STAT_C,LOCK_C,PRCH_C,IDX_C,PCC_F,IMP_C';

/**
 * `flags2023.csv`: who reports completions for whom. The system's main campus reports for its campuses
 * (PRCH_C 1), the Dunmore campus is a child reported with it (PRCH_C 2, IDX_C its main campus); `-2` is not
 * applicable.
 */
export function demoIpedsFlags(): string {
  const lines = [IPEDS_FLAGS_HEADER];
  for (const inst of DEMO_INSTITUTIONS) {
    const main = inst.system && inst.programs.length > 0;
    const child = inst.system && inst.programs.length === 0;
    const parent = DEMO_INSTITUTIONS.find(
      (i) => i.system?.code === inst.system?.code && i.programs.length > 0,
    );
    lines.push(
      [
        inst.unitid,
        '1',
        '8',
        '-2',
        child ? '-2' : '1',
        child ? '-2' : '8',
        main ? '1' : child ? '2' : '-2',
        child ? parent!.unitid : '-2',
        '-2',
        '-2',
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const IPEDS_FILES = {
  directory: `hd${IPEDS_YEAR}.csv`,
  completions: `c${IPEDS_YEAR}_a.csv`,
  flags: `flags${IPEDS_YEAR}.csv`,
} as const;
