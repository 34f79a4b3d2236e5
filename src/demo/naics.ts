/**
 * The industry codes the demo QCEW data uses: QCEW's aggregate codes (`10`, domains, supersectors), every NAICS 2022
 * sector and 3-digit subsector, and the complete 4-digit breakdown of the manufacturing subsectors a manufacturing
 * partnership cares most about. Titles are the official NAICS 2022 titles in the sentence case QCEW files use
 * (QCEW abbreviates some, e.g. "mfg."; these are unabbreviated).
 *
 * Every code that has children lists all of its NAICS children, so a parent always equals the sum of its children.
 */

export type IndustryLevel = 'total' | 'domain' | 'supersector' | 'sector' | 'subsector' | 'industry-group';

export interface Industry {
  readonly code: string;
  readonly title: string;
  readonly level: IndustryLevel;
  /** Code of the next level up; undefined only for `10`. */
  readonly parent: string | undefined;
}

/** Detail level used in agglvl codes: county 70 + depth, state 50 + depth, U.S. 10 + depth (ownership rows). */
export const LEVEL_DEPTH: Readonly<Record<IndustryLevel, number>> = {
  total: 1,
  domain: 2,
  supersector: 3,
  sector: 4,
  subsector: 5,
  'industry-group': 6,
};

const DOMAINS: readonly (readonly [string, string])[] = [
  ['101', 'Goods-producing'],
  ['102', 'Service-providing'],
];

/** QCEW supersectors: code, title, domain. */
const SUPERSECTORS: readonly (readonly [string, string, string])[] = [
  ['1011', 'Natural resources and mining', '101'],
  ['1012', 'Construction', '101'],
  ['1013', 'Manufacturing', '101'],
  ['1021', 'Trade, transportation, and utilities', '102'],
  ['1022', 'Information', '102'],
  ['1023', 'Financial activities', '102'],
  ['1024', 'Professional and business services', '102'],
  ['1025', 'Education and health services', '102'],
  ['1026', 'Leisure and hospitality', '102'],
  ['1027', 'Other services', '102'],
  ['1028', 'Public administration', '102'],
  ['1029', 'Unclassified', '102'],
];

/** NAICS sectors as QCEW writes them: code, title, supersector. */
const SECTORS: readonly (readonly [string, string, string])[] = [
  ['11', 'Agriculture, forestry, fishing and hunting', '1011'],
  ['21', 'Mining, quarrying, and oil and gas extraction', '1011'],
  ['22', 'Utilities', '1021'],
  ['23', 'Construction', '1012'],
  ['31-33', 'Manufacturing', '1013'],
  ['42', 'Wholesale trade', '1021'],
  ['44-45', 'Retail trade', '1021'],
  ['48-49', 'Transportation and warehousing', '1021'],
  ['51', 'Information', '1022'],
  ['52', 'Finance and insurance', '1023'],
  ['53', 'Real estate and rental and leasing', '1023'],
  ['54', 'Professional, scientific, and technical services', '1024'],
  ['55', 'Management of companies and enterprises', '1024'],
  ['56', 'Administrative and support and waste management and remediation services', '1024'],
  ['61', 'Educational services', '1025'],
  ['62', 'Health care and social assistance', '1025'],
  ['71', 'Arts, entertainment, and recreation', '1026'],
  ['72', 'Accommodation and food services', '1026'],
  ['81', 'Other services (except public administration)', '1027'],
  ['92', 'Public administration', '1028'],
  // Not a NAICS sector: QCEW's code for establishments not yet assigned an industry.
  ['99', 'Unclassified', '1029'],
];

/** All NAICS 2022 3-digit subsectors (plus QCEW's 999); the sector follows from the first two digits. */
const SUBSECTORS: readonly (readonly [string, string])[] = [
  ['111', 'Crop production'],
  ['112', 'Animal production and aquaculture'],
  ['113', 'Forestry and logging'],
  ['114', 'Fishing, hunting and trapping'],
  ['115', 'Support activities for agriculture and forestry'],
  ['211', 'Oil and gas extraction'],
  ['212', 'Mining (except oil and gas)'],
  ['213', 'Support activities for mining'],
  ['221', 'Utilities'],
  ['236', 'Construction of buildings'],
  ['237', 'Heavy and civil engineering construction'],
  ['238', 'Specialty trade contractors'],
  ['311', 'Food manufacturing'],
  ['312', 'Beverage and tobacco product manufacturing'],
  ['313', 'Textile mills'],
  ['314', 'Textile product mills'],
  ['315', 'Apparel manufacturing'],
  ['316', 'Leather and allied product manufacturing'],
  ['321', 'Wood product manufacturing'],
  ['322', 'Paper manufacturing'],
  ['323', 'Printing and related support activities'],
  ['324', 'Petroleum and coal products manufacturing'],
  ['325', 'Chemical manufacturing'],
  ['326', 'Plastics and rubber products manufacturing'],
  ['327', 'Nonmetallic mineral product manufacturing'],
  ['331', 'Primary metal manufacturing'],
  ['332', 'Fabricated metal product manufacturing'],
  ['333', 'Machinery manufacturing'],
  ['334', 'Computer and electronic product manufacturing'],
  ['335', 'Electrical equipment, appliance, and component manufacturing'],
  ['336', 'Transportation equipment manufacturing'],
  ['337', 'Furniture and related product manufacturing'],
  ['339', 'Miscellaneous manufacturing'],
  ['423', 'Merchant wholesalers, durable goods'],
  ['424', 'Merchant wholesalers, nondurable goods'],
  ['425', 'Wholesale trade agents and brokers'],
  ['441', 'Motor vehicle and parts dealers'],
  ['444', 'Building material and garden equipment and supplies dealers'],
  ['445', 'Food and beverage retailers'],
  ['449', 'Furniture, home furnishings, electronics, and appliance retailers'],
  ['455', 'General merchandise retailers'],
  ['456', 'Health and personal care retailers'],
  ['457', 'Gasoline stations and fuel dealers'],
  ['458', 'Clothing, clothing accessories, shoe, and jewelry retailers'],
  ['459', 'Sporting goods, hobby, musical instrument, book, and miscellaneous retailers'],
  ['481', 'Air transportation'],
  ['482', 'Rail transportation'],
  ['483', 'Water transportation'],
  ['484', 'Truck transportation'],
  ['485', 'Transit and ground passenger transportation'],
  ['486', 'Pipeline transportation'],
  ['487', 'Scenic and sightseeing transportation'],
  ['488', 'Support activities for transportation'],
  ['491', 'Postal service'],
  ['492', 'Couriers and messengers'],
  ['493', 'Warehousing and storage'],
  ['512', 'Motion picture and sound recording industries'],
  ['513', 'Publishing industries'],
  ['516', 'Broadcasting and content providers'],
  ['517', 'Telecommunications'],
  ['518', 'Computing infrastructure providers, data processing, web hosting, and related services'],
  ['519', 'Web search portals, libraries, archives, and other information services'],
  ['521', 'Monetary authorities-central bank'],
  ['522', 'Credit intermediation and related activities'],
  ['523', 'Securities, commodity contracts, and other financial investments and related activities'],
  ['524', 'Insurance carriers and related activities'],
  ['525', 'Funds, trusts, and other financial vehicles'],
  ['531', 'Real estate'],
  ['532', 'Rental and leasing services'],
  ['533', 'Lessors of nonfinancial intangible assets (except copyrighted works)'],
  ['541', 'Professional, scientific, and technical services'],
  ['551', 'Management of companies and enterprises'],
  ['561', 'Administrative and support services'],
  ['562', 'Waste management and remediation services'],
  ['611', 'Educational services'],
  ['621', 'Ambulatory health care services'],
  ['622', 'Hospitals'],
  ['623', 'Nursing and residential care facilities'],
  ['624', 'Social assistance'],
  ['711', 'Performing arts, spectator sports, and related industries'],
  ['712', 'Museums, historical sites, and similar institutions'],
  ['713', 'Amusement, gambling, and recreation industries'],
  ['721', 'Accommodation'],
  ['722', 'Food services and drinking places'],
  ['811', 'Repair and maintenance'],
  ['812', 'Personal and laundry services'],
  ['813', 'Religious, grantmaking, civic, professional, and similar organizations'],
  ['814', 'Private households'],
  ['921', 'Executive, legislative, and other general government support'],
  ['922', 'Justice, public order, and safety activities'],
  ['923', 'Administration of human resource programs'],
  ['924', 'Administration of environmental quality programs'],
  ['925', 'Administration of housing programs, urban planning, and community development'],
  ['926', 'Administration of economic programs'],
  ['927', 'Space research and technology'],
  ['928', 'National security and international affairs'],
  ['999', 'Unclassified'],
];

/** Complete 4-digit breakdown of food, plastics, fabricated metal, machinery, transportation equipment, furniture, misc. */
const INDUSTRY_GROUPS: readonly (readonly [string, string])[] = [
  ['3111', 'Animal food manufacturing'],
  ['3112', 'Grain and oilseed milling'],
  ['3113', 'Sugar and confectionery product manufacturing'],
  ['3114', 'Fruit and vegetable preserving and specialty food manufacturing'],
  ['3115', 'Dairy product manufacturing'],
  ['3116', 'Animal slaughtering and processing'],
  ['3117', 'Seafood product preparation and packaging'],
  ['3118', 'Bakeries and tortilla manufacturing'],
  ['3119', 'Other food manufacturing'],
  ['3261', 'Plastics product manufacturing'],
  ['3262', 'Rubber product manufacturing'],
  ['3321', 'Forging and stamping'],
  ['3322', 'Cutlery and handtool manufacturing'],
  ['3323', 'Architectural and structural metals manufacturing'],
  ['3324', 'Boiler, tank, and shipping container manufacturing'],
  ['3325', 'Hardware manufacturing'],
  ['3326', 'Spring and wire product manufacturing'],
  ['3327', 'Machine shops; turned product; and screw, nut, and bolt manufacturing'],
  ['3328', 'Coating, engraving, heat treating, and allied activities'],
  ['3329', 'Other fabricated metal product manufacturing'],
  ['3331', 'Agriculture, construction, and mining machinery manufacturing'],
  ['3332', 'Industrial machinery manufacturing'],
  ['3333', 'Commercial and service industry machinery manufacturing'],
  ['3334', 'Ventilation, heating, air-conditioning, and commercial refrigeration equipment manufacturing'],
  ['3335', 'Metalworking machinery manufacturing'],
  ['3336', 'Engine, turbine, and power transmission equipment manufacturing'],
  ['3339', 'Other general purpose machinery manufacturing'],
  ['3361', 'Motor vehicle manufacturing'],
  ['3362', 'Motor vehicle body and trailer manufacturing'],
  ['3363', 'Motor vehicle parts manufacturing'],
  ['3364', 'Aerospace product and parts manufacturing'],
  ['3365', 'Railroad rolling stock manufacturing'],
  ['3366', 'Ship and boat building'],
  ['3369', 'Other transportation equipment manufacturing'],
  ['3371', 'Household and institutional furniture and kitchen cabinet manufacturing'],
  ['3372', 'Office furniture (including fixtures) manufacturing'],
  ['3379', 'Other furniture related product manufacturing'],
  ['3391', 'Medical equipment and supplies manufacturing'],
  ['3399', 'Other miscellaneous manufacturing'],
];

/**
 * QCEW writes the three multi-code sectors as ranges; the others are the first two digits.
 *
 * @example sectorOf('3261') // '31-33'
 */
export function sectorOf(code: string): string {
  const two = code.slice(0, 2);
  if (two === '31' || two === '32' || two === '33') return '31-33';
  if (two === '44' || two === '45') return '44-45';
  if (two === '48' || two === '49') return '48-49';
  return two;
}

function buildIndustries(): Industry[] {
  const list: Industry[] = [
    { code: '10', title: 'Total, all industries', level: 'total', parent: undefined },
  ];
  for (const [code, title] of DOMAINS) list.push({ code, title, level: 'domain', parent: '10' });
  for (const [code, title, domain] of SUPERSECTORS)
    list.push({ code, title, level: 'supersector', parent: domain });
  for (const [code, title, supersector] of SECTORS)
    list.push({ code, title, level: 'sector', parent: supersector });
  for (const [code, title] of SUBSECTORS)
    list.push({ code, title, level: 'subsector', parent: sectorOf(code) });
  for (const [code, title] of INDUSTRY_GROUPS) {
    list.push({ code, title, level: 'industry-group', parent: code.slice(0, 3) });
  }
  return list;
}

/** Every code the demo uses, from `10` down, in no particular order. */
export const INDUSTRIES: readonly Industry[] = buildIndustries();

/** Lookup by code. */
export const INDUSTRY_BY_CODE: ReadonlyMap<string, Industry> = new Map(INDUSTRIES.map((i) => [i.code, i]));

function buildChildren(): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const industry of INDUSTRIES) {
    if (industry.parent === undefined) continue;
    if (!INDUSTRY_BY_CODE.has(industry.parent)) throw new Error(`industry ${industry.code}: unknown parent`);
    const list = children.get(industry.parent) ?? [];
    children.set(industry.parent, list);
    list.push(industry.code);
  }
  return children;
}

const CHILDREN = buildChildren();

/**
 * Direct children of a code (empty for a leaf).
 *
 * @example childrenOf('326') // ['3261', '3262']
 */
export function childrenOf(code: string): readonly string[] {
  return CHILDREN.get(code) ?? [];
}

/**
 * The code itself and every ancestor up to `10`, nearest first.
 *
 * @example ancestorsOf('3261') // ['3261', '326', '31-33', '1013', '101', '10']
 */
export function ancestorsOf(code: string): readonly string[] {
  const chain: string[] = [];
  let current: string | undefined = code;
  while (current !== undefined) {
    const industry = INDUSTRY_BY_CODE.get(current);
    if (!industry) throw new Error(`unknown industry code ${current}`);
    chain.push(current);
    current = industry.parent;
  }
  return chain;
}

/**
 * The `industry_title` QCEW writes for a code.
 *
 * @example qcewIndustryTitle('31-33') // 'NAICS 31-33 Manufacturing'; qcewIndustryTitle('1013') // '1013 Manufacturing'
 */
export function qcewIndustryTitle(code: string): string {
  const industry = INDUSTRY_BY_CODE.get(code);
  if (!industry) throw new Error(`unknown industry code ${code}`);
  const naics =
    industry.level === 'sector' || industry.level === 'subsector' || industry.level === 'industry-group';
  return naics ? `NAICS ${code} ${industry.title}` : `${code} ${industry.title}`;
}

export type OwnCode = '0' | '1' | '2' | '3' | '5' | '8';

/** QCEW `own_title` for each `own_code`. */
export const OWN_TITLES: Readonly<Record<OwnCode, string>> = {
  '0': 'Total Covered',
  '1': 'Federal Government',
  '2': 'State Government',
  '3': 'Local Government',
  '5': 'Private',
  '8': 'Total Government',
};

/**
 * National level of one detailed cell, about 2023: approximate, rounded magnitudes of the published QCEW levels,
 * good enough for realistic shares and LQs. Demo facts, not official statistics.
 */
export interface NationalBenchmark {
  readonly own: '1' | '2' | '3' | '5';
  /** A leaf code: a 4-digit group, or a 3-digit subsector without 4-digit groups. */
  readonly code: string;
  /** Average monthly employment, persons. */
  readonly employment: number;
  /** Average employment per establishment. */
  readonly estabSize: number;
  /** Average weekly wage, dollars. */
  readonly weeklyWage: number;
}

/** [code, employment in thousands, employees per establishment, average weekly wage] */
type BenchmarkRow = readonly [string, number, number, number];

const PRIVATE_ROWS: readonly BenchmarkRow[] = [
  ['111', 560, 8, 850],
  ['112', 300, 9, 880],
  ['113', 50, 6, 1050],
  ['114', 5, 3, 1000],
  ['115', 335, 14, 850],
  ['211', 120, 14, 2650],
  ['212', 185, 25, 1650],
  ['213', 325, 18, 1600],
  ['221', 560, 30, 2450],
  ['236', 1750, 7, 1500],
  ['237', 1150, 25, 1650],
  ['238', 5000, 8, 1350],
  ['3111', 60, 30, 1200],
  ['3112', 65, 60, 1450],
  ['3113', 75, 30, 1050],
  ['3114', 180, 60, 1050],
  ['3115', 160, 45, 1200],
  ['3116', 540, 110, 900],
  ['3117', 35, 30, 850],
  ['3118', 320, 20, 850],
  ['3119', 265, 35, 1050],
  ['312', 290, 20, 1250],
  ['313', 90, 35, 1000],
  ['314', 105, 12, 850],
  ['315', 85, 10, 950],
  ['316', 28, 12, 950],
  ['321', 420, 25, 1050],
  ['322', 360, 70, 1350],
  ['323', 400, 14, 1050],
  ['324', 110, 50, 2300],
  ['325', 890, 45, 2050],
  ['3261', 590, 55, 1120],
  ['3262', 150, 60, 1230],
  ['327', 420, 20, 1250],
  ['331', 375, 80, 1500],
  ['3321', 105, 40, 1250],
  ['3322', 40, 25, 1200],
  ['3323', 420, 25, 1200],
  ['3324', 95, 40, 1300],
  ['3325', 25, 30, 1250],
  ['3326', 40, 25, 1150],
  ['3327', 360, 18, 1250],
  ['3328', 145, 20, 1100],
  ['3329', 220, 35, 1300],
  ['3331', 235, 55, 1450],
  ['3332', 140, 30, 1800],
  ['3333', 95, 45, 1550],
  ['3334', 155, 70, 1250],
  ['3335', 165, 20, 1300],
  ['3336', 95, 65, 1650],
  ['3339', 235, 40, 1450],
  ['334', 1060, 50, 2700],
  ['335', 420, 60, 1450],
  ['3361', 265, 500, 1750],
  ['3362', 170, 80, 1100],
  ['3363', 560, 90, 1250],
  ['3364', 520, 150, 2200],
  ['3365', 30, 80, 1350],
  ['3366', 155, 50, 1300],
  ['3369', 40, 35, 1300],
  ['3371', 215, 22, 900],
  ['3372', 120, 35, 1100],
  ['3379', 25, 20, 950],
  ['3391', 330, 35, 1600],
  ['3399', 290, 12, 1100],
  ['423', 3100, 10, 1750],
  ['424', 2050, 14, 1600],
  ['425', 950, 3, 2350],
  ['441', 2100, 14, 1150],
  ['444', 1350, 15, 920],
  ['445', 3250, 18, 600],
  ['449', 900, 8, 900],
  ['455', 3200, 40, 620],
  ['456', 1100, 10, 900],
  ['457', 950, 6, 600],
  ['458', 1300, 9, 600],
  ['459', 1450, 8, 620],
  ['481', 540, 40, 1650],
  // Most railroad employment is outside UI coverage (Railroad Retirement Board), so QCEW's 482 is small.
  ['482', 40, 30, 1900],
  ['483', 65, 30, 1700],
  ['484', 1560, 7, 1150],
  ['485', 420, 15, 800],
  ['486', 50, 20, 2700],
  ['487', 35, 8, 750],
  ['488', 790, 12, 1300],
  ['492', 1050, 25, 1000],
  ['493', 1850, 45, 950],
  ['512', 430, 10, 1900],
  ['513', 1050, 20, 3200],
  ['516', 300, 20, 2100],
  ['517', 660, 15, 1950],
  ['518', 470, 12, 3000],
  ['519', 90, 10, 2400],
  ['521', 20, 100, 2600],
  ['522', 2750, 12, 2050],
  ['523', 1050, 6, 4300],
  ['524', 2750, 8, 1950],
  ['525', 30, 5, 2800],
  ['531', 1800, 4, 1300],
  ['532', 560, 10, 1200],
  ['533', 40, 8, 3200],
  ['541', 10500, 7, 2150],
  ['551', 2500, 45, 2600],
  ['561', 8950, 16, 950],
  ['562', 450, 18, 1350],
  ['611', 3200, 18, 1150],
  ['621', 8600, 8, 1350],
  ['622', 5650, 250, 1550],
  ['623', 3400, 35, 800],
  ['624', 3850, 10, 700],
  ['711', 520, 5, 1900],
  ['712', 180, 20, 950],
  ['713', 1800, 17, 600],
  ['721', 1950, 25, 750],
  ['722', 12050, 19, 500],
  ['811', 1350, 6, 1050],
  ['812', 1550, 7, 650],
  ['813', 1200, 7, 950],
  ['814', 400, 1.2, 600],
  ['999', 50, 1.5, 1100],
];

const GOVERNMENT_ROWS: Readonly<Record<'1' | '2' | '3', readonly BenchmarkRow[]>> = {
  '1': [
    ['491', 600, 20, 1250],
    ['622', 420, 280, 2000],
    ['921', 330, 25, 1900],
    ['922', 290, 30, 2000],
    ['923', 250, 35, 1750],
    ['928', 1060, 200, 1950],
  ],
  '2': [
    ['611', 2250, 200, 1350],
    ['622', 550, 300, 1400],
    ['921', 450, 20, 1300],
    ['922', 750, 30, 1250],
    ['923', 700, 25, 1200],
  ],
  '3': [
    ['221', 250, 15, 1500],
    ['485', 250, 40, 1250],
    ['611', 8300, 70, 1150],
    ['622', 650, 250, 1350],
    ['921', 2500, 12, 1050],
    ['922', 2350, 18, 1300],
  ],
};

function toBenchmarks(own: NationalBenchmark['own'], rows: readonly BenchmarkRow[]): NationalBenchmark[] {
  return rows.map(([code, thousands, estabSize, weeklyWage]) => {
    if (!INDUSTRY_BY_CODE.has(code)) throw new Error(`benchmark for unknown code ${code}`);
    if (childrenOf(code).length > 0) throw new Error(`benchmark for non-leaf code ${code}`);
    return { own, code, employment: thousands * 1000, estabSize, weeklyWage };
  });
}

/**
 * The leaf cells of the demo economy with their national levels. Private cells cover every leaf code except
 * 92 (public administration is government only); government cells are the few industries where each level of
 * government employs most of its people.
 */
export const NATIONAL_BENCHMARKS: readonly NationalBenchmark[] = [
  ...toBenchmarks('5', PRIVATE_ROWS),
  ...toBenchmarks('1', GOVERNMENT_ROWS['1']),
  ...toBenchmarks('2', GOVERNMENT_ROWS['2']),
  ...toBenchmarks('3', GOVERNMENT_ROWS['3']),
];
