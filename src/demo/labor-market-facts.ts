import { INDUSTRIES } from './naics.ts';

/**
 * Facts the demo's labor-market files are built on: real classification codes and titles (SOC 2018 as OEWS and
 * the Employment Projections publish them, O*NET-SOC, the O*NET content model, CIP 2020 and its crosswalk to SOC,
 * NAICS 2022) and the exact header lines of the published files. Every number here is a demo assumption (shares,
 * wages, rates, skill profiles), rounded or made up, never an official statistic.
 */

// ---------------------------------------------------------------------------------------------------------------
// Header lines, byte for byte as in the published files

/** OEWS national file, May 2021 onward (24 columns). */
export const OEWS_NATIONAL_HEADER =
  'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';

/** OEWS all-data layout (32 columns): state, metro and national industry files. */
export const OEWS_ALL_DATA_HEADER =
  'AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';

/** Employment Projections Table 1.10, 2024-34: title line and header (en-dashes). */
export const EP_TABLE_1_10_TITLE =
  '"Table 1.10 Occupational separations and openings, projected 2024–34 (Employment in thousands)"';
export const EP_TABLE_1_10_HEADER =
  '2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"Employment, 2024","Employment, 2034","Employment change, numeric, 2024–34","Employment change, percent, 2024–34","Labor force exit rate, 2024–34 annual average","Occupational transfer rate, 2024–34 annual average","Total occupational separations rate, 2024–34 annual average","Labor force exits, 2024–34 annual average","Occupational transfers, 2024–34 annual average","Total occupational separations, 2024–34 annual average","Occupational openings, 2024–34 annual average"';

/** Employment Projections Table 1.2, 2024-34: title line, header and the notes after the data. */
export const EP_TABLE_1_2_TITLE =
  '"Table 1.2 Occupational projections, 2024–2034, and worker characteristics, 2024 (Employment in thousands)"';
export const EP_TABLE_1_2_HEADER =
  '2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"Employment, 2024","Employment, 2034","Employment distribution, percent, 2024","Employment distribution, percent, 2034","Employment change, numeric, 2024–34","Employment change, percent, 2024–34","Percent self employed, 2024","Occupational openings, 2024–34 annual average","Median annual wage, dollars, 2024[1]",Typical education needed for entry,Work experience in a related occupation,Typical on-the-job training needed to attain competency in the occupation,Related Occupational Outlook Handbook (OOH) content xlsx';
export const EP_TABLE_1_2_NOTES: readonly string[] = [
  '"[1] Data are from the Occupational Employment and Wage Statistics program, U.S. Bureau of Labor Statistics. Wage data cover non-farm wage and salary workers and do not cover the self-employed, owners and partners in unincorporated firms, or household workers."',
  '"Note: Data is unavailable for values denoted with a ""—""."',
];
export const EP_SOURCE_LINE = '"Source: Employment Projections program, U.S. Bureau of Labor Statistics"';

/** O*NET official text release (tab-delimited): header fields of each file. */
export const ONET_HEADERS = {
  ratings: [
    'O*NET-SOC Code',
    'Element ID',
    'Element Name',
    'Scale ID',
    'Data Value',
    'N',
    'Standard Error',
    'Lower CI Bound',
    'Upper CI Bound',
    'Recommend Suppress',
    'Not Relevant',
    'Date',
    'Domain Source',
  ],
  occupations: ['O*NET-SOC Code', 'Title', 'Description'],
  scales: ['Scale ID', 'Scale Name', 'Minimum', 'Maximum'],
  jobZones: ['O*NET-SOC Code', 'Job Zone', 'Date', 'Domain Source'],
  related: ['O*NET-SOC Code', 'Related O*NET-SOC Code', 'Relatedness Tier', 'Index'],
  education: [
    'O*NET-SOC Code',
    'Element ID',
    'Element Name',
    'Scale ID',
    'Category',
    'Data Value',
    'N',
    'Standard Error',
    'Lower CI Bound',
    'Upper CI Bound',
    'Recommend Suppress',
    'Date',
    'Domain Source',
  ],
} as const;

/** IPEDS institution directory hd2023 (the file starts with a UTF-8 byte-order mark; CRLF line endings). */
export const IPEDS_HD_HEADER =
  'UNITID,INSTNM,IALIAS,ADDR,CITY,STABBR,ZIP,FIPS,OBEREG,CHFNM,CHFTITLE,GENTELE,EIN,UEIS,OPEID,OPEFLAG,WEBADDR,ADMINURL,FAIDURL,APPLURL,NPRICURL,VETURL,ATHURL,DISAURL,SECTOR,ICLEVEL,CONTROL,HLOFFER,UGOFFER,GROFFER,HDEGOFR1,DEGGRANT,HBCU,HOSPITAL,MEDICAL,TRIBAL,LOCALE,OPENPUBL,ACT,NEWID,DEATHYR,CLOSEDAT,CYACTIVE,POSTSEC,PSEFLAG,PSET4FLG,RPTMTH,INSTCAT,C21BASIC,C21IPUG,C21IPGRD,C21UGPRF,C21ENPRF,C21SZSET,C18BASIC,C15BASIC,CCBASIC,CARNEGIE,LANDGRNT,INSTSIZE,F1SYSTYP,F1SYSNAM,F1SYSCOD,CBSA,CBSATYPE,CSA,COUNTYCD,COUNTYNM,CNGDSTCD,LONGITUD,LATITUDE,DFRCGID,DFRCUSCG';

/** IPEDS completions as extracted (first majors only): `c<year>_a`. */
export const IPEDS_COMPLETIONS_HEADER =
  'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT,CTOTALM,CTOTALW,IS_CIP_6DIGIT';

/** NCES CIP 2020-SOC 2018 crosswalk, sheet CIP-SOC. */
export const CIP_SOC_HEADER = 'CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title';
/** NCES CIP 2020 code list. */
export const CIP_CODES_HEADER =
  'CIPFamily,CIPCode,Action,TextChange,CIPTitle,CIPDefinition,CrossReferences,Examples';
/** Census NAICS 2022 structure. */
export const NAICS_STRUCTURE_HEADER = '2022 NAICS Code,2022 NAICS Title';

// ---------------------------------------------------------------------------------------------------------------
// Occupations

/** Typical education needed for entry, as the Employment Projections word it. */
export type EpEducation =
  | 'No formal educational credential'
  | 'High school diploma or equivalent'
  | 'Postsecondary nondegree award'
  | "Associate's degree"
  | "Bachelor's degree";

/**
 * O*NET factor scores (0-1) of an occupation, from which its skill and knowledge ratings are drawn:
 * [cognitive and verbal, technical and mechanical, production and operation, people and management, engineering
 * and analysis].
 */
export type SkillFactors = readonly [number, number, number, number, number];

export interface OnetOccupation {
  readonly code: string;
  readonly title: string;
  /** One-line description (the demo's wording, not O*NET's). */
  readonly description: string;
  readonly factors: SkillFactors;
  /** Extra importance (0-1 scale) on particular elements. */
  readonly boost?: Readonly<Record<string, number>>;
}

export interface LaborOccupation {
  /** SOC code as OEWS and the Employment Projections publish it. */
  readonly soc: string;
  /** OEWS title (title case). */
  readonly title: string;
  /** The survey's SOC code when OEWS publishes an aggregate instead (team assemblers → 51-2090). */
  readonly surveySoc?: string;
  /** Staffing share of manufacturing employment; the survey's critical jobs take theirs from soc-jobs.ts. */
  readonly share?: number;
  readonly industries?: Readonly<Record<string, number>>;
  /** Share of the occupation's national employment that works in manufacturing. */
  readonly inManufacturing: number;
  /** National hourly 10th and 25th percentile wage (critical jobs: from soc-jobs.ts). */
  readonly wage?: readonly [number, number];
  /** Spread of the upper half of the wage distribution (75th percentile = median × (1 + spread)). */
  readonly spread: number;
  /** Annual separations rate (critical jobs: from soc-jobs.ts) and growth per year. */
  readonly separationsRate?: number;
  readonly growth?: number;
  readonly education: EpEducation;
  readonly experience: 'None' | 'Less than 5 years' | '5 years or more';
  readonly training:
    | 'None'
    | 'Short-term on-the-job training'
    | 'Moderate-term on-the-job training'
    | 'Long-term on-the-job training'
    | 'Apprenticeship';
  readonly jobZone: 1 | 2 | 3 | 4 | 5;
  /** O*NET-SOC occupations: the `.00` one first, then specialties. */
  readonly onet: readonly OnetOccupation[];
}

/** What the machine-tool jobs share beyond the factors: prints, shop math, measuring, tooling. */
const MACHINING: Readonly<Record<string, number>> = {
  '2.C.3.c': 0.15,
  '2.A.1.e': 0.1,
  '2.C.4.a': 0.1,
  '2.B.3.m': 0.08,
  '2.B.3.c': 0.1,
};

/** The 3-digit manufacturing subsectors of NAICS 2022. */
export const MANUFACTURING_SUBSECTOR_CODES: readonly string[] = INDUSTRIES.filter(
  (industry) => industry.level === 'subsector' && industry.parent === '31-33',
).map((industry) => industry.code);

/** Staffing multipliers for an occupation found only in the given subsectors. */
function onlyIn(multipliers: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(MANUFACTURING_SUBSECTOR_CODES.map((code) => [code, multipliers[code] ?? 0]));
}

/**
 * The occupations of the demo's labor-market files: the survey's critical jobs plus the steps up from them
 * (programmers, tool and die makers, technicians, managers) that career pathways need.
 */
export const LABOR_OCCUPATIONS: readonly LaborOccupation[] = [
  {
    soc: '51-4041',
    title: 'Machinists',
    inManufacturing: 0.82,
    spread: 0.22,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Long-term on-the-job training',
    jobZone: 3,
    onet: [
      {
        code: '51-4041.00',
        title: 'Machinists',
        description:
          'Set up and run machine tools to make precision metal parts, reading drawings and checking tolerances.',
        factors: [0.35, 0.55, 0.6, 0.1, 0.3],
        boost: MACHINING,
      },
    ],
  },
  {
    soc: '51-9161',
    title: 'Computer Numerically Controlled Tool Operators',
    inManufacturing: 0.86,
    spread: 0.2,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-9161.00',
        title: 'Computer Numerically Controlled Tool Operators',
        description:
          'Load, run and monitor computer-controlled machine tools that cut or shape metal and plastic parts.',
        factors: [0.3, 0.48, 0.64, 0.05, 0.25],
        boost: MACHINING,
      },
    ],
  },
  {
    soc: '51-4121',
    title: 'Welders, Cutters, Solderers, and Brazers',
    inManufacturing: 0.56,
    spread: 0.21,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-4121.00',
        title: 'Welders, Cutters, Solderers, and Brazers',
        description: 'Join or cut metal parts with hand-held welding, soldering or brazing equipment.',
        factors: [0.25, 0.5, 0.6, 0.05, 0.1],
        boost: { '2.C.4.b': 0.08 },
      },
    ],
  },
  {
    soc: '51-2090',
    title: 'Miscellaneous Assemblers and Fabricators',
    surveySoc: '51-2092',
    inManufacturing: 0.76,
    spread: 0.19,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-2092.00',
        title: 'Team Assemblers',
        description:
          'Work as part of a team that assembles whole products or components, rotating through the tasks.',
        factors: [0.2, 0.3, 0.6, 0.15, 0.05],
      },
    ],
  },
  {
    soc: '51-9061',
    title: 'Inspectors, Testers, Sorters, Samplers, and Weighers',
    inManufacturing: 0.56,
    spread: 0.24,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-9061.00',
        title: 'Inspectors, Testers, Sorters, Samplers, and Weighers',
        description:
          'Check products and materials against specifications by measuring, testing and sampling them.',
        factors: [0.35, 0.35, 0.55, 0.1, 0.28],
        boost: { '2.B.3.m': 0.2 },
      },
    ],
  },
  {
    soc: '49-9041',
    title: 'Industrial Machinery Mechanics',
    inManufacturing: 0.55,
    spread: 0.2,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Long-term on-the-job training',
    jobZone: 3,
    onet: [
      {
        code: '49-9041.00',
        title: 'Industrial Machinery Mechanics',
        description:
          'Diagnose, repair and adjust production machinery, hydraulics and controls to keep lines running.',
        factors: [0.4, 0.8, 0.45, 0.1, 0.3],
      },
    ],
  },
  {
    soc: '49-9071',
    title: 'Maintenance and Repair Workers, General',
    inManufacturing: 0.12,
    spread: 0.25,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 3,
    onet: [
      {
        code: '49-9071.00',
        title: 'Maintenance and Repair Workers, General',
        description:
          'Keep buildings and equipment in repair: plumbing, electrical, carpentry and machine upkeep.',
        factors: [0.35, 0.7, 0.3, 0.15, 0.15],
        boost: { '2.C.3.d': 0.2 },
      },
    ],
  },
  {
    soc: '51-1011',
    title: 'First-Line Supervisors of Production and Operating Workers',
    inManufacturing: 0.72,
    spread: 0.24,
    education: 'High school diploma or equivalent',
    experience: 'Less than 5 years',
    training: 'None',
    jobZone: 3,
    onet: [
      {
        code: '51-1011.00',
        title: 'First-Line Supervisors of Production and Operating Workers',
        description:
          'Lead production crews: assign work, keep schedules and quality, train and evaluate workers.',
        factors: [0.55, 0.35, 0.5, 0.7, 0.3],
      },
    ],
  },
  {
    soc: '53-7051',
    title: 'Industrial Truck and Tractor Operators',
    inManufacturing: 0.28,
    spread: 0.13,
    education: 'No formal educational credential',
    experience: 'None',
    training: 'Short-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '53-7051.00',
        title: 'Industrial Truck and Tractor Operators',
        description:
          'Drive forklifts and other industrial trucks to move materials around plants and warehouses.',
        factors: [0.2, 0.25, 0.55, 0.05, 0.0],
        boost: { '2.C.10': 0.25 },
      },
    ],
  },
  {
    soc: '51-4072',
    title: 'Molding, Coremaking, and Casting Machine Setters, Operators, and Tenders, Metal and Plastic',
    inManufacturing: 0.93,
    spread: 0.2,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-4072.00',
        title: 'Molding, Coremaking, and Casting Machine Setters, Operators, and Tenders, Metal and Plastic',
        description: 'Set up and tend injection molding, die casting and coremaking machines.',
        factors: [0.2, 0.35, 0.65, 0.05, 0.1],
      },
    ],
  },
  {
    soc: '51-9111',
    title: 'Packaging and Filling Machine Operators and Tenders',
    inManufacturing: 0.73,
    spread: 0.19,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Short-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-9111.00',
        title: 'Packaging and Filling Machine Operators and Tenders',
        description: 'Run machines that fill, seal, wrap and label containers of product.',
        factors: [0.2, 0.25, 0.6, 0.05, 0.0],
      },
    ],
  },
  {
    soc: '17-2112',
    title: 'Industrial Engineers',
    inManufacturing: 0.67,
    spread: 0.21,
    education: "Bachelor's degree",
    experience: 'None',
    training: 'None',
    jobZone: 4,
    onet: [
      {
        code: '17-2112.00',
        title: 'Industrial Engineers',
        description:
          'Design efficient production systems that combine people, machines, materials and information.',
        factors: [0.8, 0.45, 0.25, 0.45, 0.9],
      },
      {
        code: '17-2112.03',
        title: 'Manufacturing Engineers',
        description:
          'Plan and improve manufacturing processes, tooling and equipment for new and existing products.',
        factors: [0.75, 0.55, 0.3, 0.35, 0.9],
      },
    ],
  },
  {
    soc: '53-7062',
    title: 'Laborers and Freight, Stock, and Material Movers, Hand',
    inManufacturing: 0.13,
    spread: 0.15,
    education: 'No formal educational credential',
    experience: 'None',
    training: 'Short-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '53-7062.00',
        title: 'Laborers and Freight, Stock, and Material Movers, Hand',
        description: 'Move freight, stock and materials by hand; load and unload trucks and stage parts.',
        factors: [0.15, 0.15, 0.45, 0.05, 0.0],
      },
    ],
  },
  {
    soc: '51-9124',
    title: 'Coating, Painting, and Spraying Machine Setters, Operators, and Tenders',
    inManufacturing: 0.79,
    spread: 0.2,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-9124.00',
        title: 'Coating, Painting, and Spraying Machine Setters, Operators, and Tenders',
        description: 'Set up and run machines that paint, powder-coat or spray finishes on products.',
        factors: [0.2, 0.35, 0.6, 0.05, 0.1],
        boost: { '2.C.4.c': 0.12 },
      },
    ],
  },
  {
    soc: '47-2111',
    title: 'Electricians',
    inManufacturing: 0.06,
    spread: 0.3,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Apprenticeship',
    jobZone: 3,
    onet: [
      {
        code: '47-2111.00',
        title: 'Electricians',
        description:
          'Install, maintain and repair electrical wiring, controls and equipment in plants and buildings.',
        factors: [0.5, 0.85, 0.35, 0.2, 0.45],
        boost: { '2.C.3.d': 0.3, '2.C.4.b': 0.15 },
      },
    ],
  },
  {
    soc: '51-3092',
    title: 'Food Batchmakers',
    // Food and beverage plants only, at their share of those plants (the survey's 1.1% is of all manufacturing).
    industries: onlyIn({ '311': 6.5, '312': 3 }),
    inManufacturing: 0.9,
    spread: 0.2,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Short-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-3092.00',
        title: 'Food Batchmakers',
        description: 'Mix and cook ingredients in batches following recipes to make food products.',
        factors: [0.25, 0.2, 0.6, 0.1, 0.1],
        boost: { '2.C.2.b': 0.5 },
      },
    ],
  },
  {
    soc: '51-7042',
    title: 'Woodworking Machine Setters, Operators, and Tenders, Except Sawing',
    inManufacturing: 0.9,
    spread: 0.17,
    education: 'High school diploma or equivalent',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 2,
    onet: [
      {
        code: '51-7042.00',
        title: 'Woodworking Machine Setters, Operators, and Tenders, Except Sawing',
        description: 'Set up and run routers, shapers, edgebanders and sanders that make wood parts.',
        factors: [0.2, 0.35, 0.6, 0.05, 0.1],
      },
    ],
  },
  {
    soc: '11-3051',
    title: 'Industrial Production Managers',
    share: 0.013,
    inManufacturing: 0.75,
    wage: [34.5, 44],
    spread: 0.3,
    separationsRate: 0.072,
    growth: 0.002,
    education: "Bachelor's degree",
    experience: '5 years or more',
    training: 'None',
    jobZone: 4,
    onet: [
      {
        code: '11-3051.00',
        title: 'Industrial Production Managers',
        description:
          'Plan and direct the work of a plant or production department: output, staffing, quality, cost.',
        factors: [0.75, 0.35, 0.4, 0.9, 0.6],
      },
      {
        code: '11-3051.01',
        title: 'Quality Control Systems Managers',
        description: 'Plan and direct quality assurance programs, audits and corrective actions.',
        factors: [0.75, 0.3, 0.35, 0.8, 0.65],
        boost: { '2.B.3.m': 0.25 },
      },
    ],
  },
  {
    soc: '11-1021',
    title: 'General and Operations Managers',
    share: 0.015,
    inManufacturing: 0.07,
    wage: [27, 46],
    spread: 0.62,
    separationsRate: 0.083,
    growth: 0.006,
    education: "Bachelor's degree",
    experience: '5 years or more',
    training: 'None',
    jobZone: 4,
    onet: [
      {
        code: '11-1021.00',
        title: 'General and Operations Managers',
        description: 'Run the operations of an organization or business unit: budgets, people, policies.',
        factors: [0.75, 0.2, 0.25, 0.95, 0.45],
      },
    ],
  },
  {
    soc: '17-3026',
    title: 'Industrial Engineering Technologists and Technicians',
    share: 0.0055,
    industries: { '311': 0.4, '312': 0.4, '334': 1.5, '336': 1.3 },
    inManufacturing: 0.56,
    wage: [21.5, 24.5],
    spread: 0.23,
    separationsRate: 0.083,
    growth: 0.003,
    education: "Associate's degree",
    experience: 'None',
    training: 'None',
    jobZone: 3,
    onet: [
      {
        code: '17-3026.00',
        title: 'Industrial Engineering Technologists and Technicians',
        description:
          'Help engineers study layouts, time standards and workflows and put process changes into effect.',
        factors: [0.6, 0.5, 0.4, 0.25, 0.7],
      },
    ],
  },
  {
    soc: '51-9162',
    title: 'Computer Numerically Controlled Tool Programmers',
    share: 0.0022,
    industries: { '311': 0, '312': 0, '332': 2.5, '333': 2.5, '336': 1.2, '339': 1.5 },
    inManufacturing: 0.85,
    wage: [22, 25.8],
    spread: 0.23,
    separationsRate: 0.089,
    growth: 0.01,
    education: 'Postsecondary nondegree award',
    experience: 'None',
    training: 'Moderate-term on-the-job training',
    jobZone: 3,
    onet: [
      {
        code: '51-9162.00',
        title: 'Computer Numerically Controlled Tool Programmers',
        description:
          'Write and prove out CNC programs from drawings and models, choosing tools, feeds and speeds.',
        factors: [0.55, 0.55, 0.5, 0.1, 0.6],
        boost: { ...MACHINING, '2.B.3.e': 0.35, '2.C.3.c': 0.2 },
      },
    ],
  },
  {
    soc: '51-4111',
    title: 'Tool and Die Makers',
    share: 0.0045,
    industries: { '311': 0.1, '312': 0.1, '326': 1.5, '332': 3, '333': 2.5, '336': 1.2 },
    inManufacturing: 0.9,
    wage: [19.5, 23.6],
    spread: 0.18,
    separationsRate: 0.102,
    growth: -0.011,
    education: 'Postsecondary nondegree award',
    experience: 'None',
    training: 'Long-term on-the-job training',
    jobZone: 3,
    onet: [
      {
        code: '51-4111.00',
        title: 'Tool and Die Makers',
        description:
          'Build and repair dies, jigs, fixtures and gauges by machining and fitting precision parts.',
        factors: [0.45, 0.65, 0.55, 0.1, 0.45],
        boost: { ...MACHINING, '2.C.3.c': 0.2 },
      },
    ],
  },
];

/** Real O*NET-SOC occupations outside the demo's files that the demo's occupations are related to. */
export const RELATED_ELSEWHERE: readonly { readonly code: string; readonly factors: SkillFactors }[] = [
  { code: '51-4031.00', factors: [0.2, 0.4, 0.65, 0.05, 0.12] },
  { code: '51-4033.00', factors: [0.2, 0.4, 0.62, 0.05, 0.12] },
  { code: '51-4081.00', factors: [0.3, 0.5, 0.62, 0.05, 0.2] },
  { code: '51-4122.00', factors: [0.22, 0.45, 0.62, 0.05, 0.12] },
  { code: '51-2041.00', factors: [0.3, 0.5, 0.55, 0.1, 0.2] },
  { code: '51-2031.00', factors: [0.25, 0.45, 0.55, 0.1, 0.15] },
  { code: '51-2022.00', factors: [0.25, 0.35, 0.55, 0.05, 0.15] },
  { code: '51-9023.00', factors: [0.2, 0.25, 0.62, 0.05, 0.05] },
  { code: '51-9198.00', factors: [0.12, 0.2, 0.5, 0.05, 0.0] },
  { code: '51-9199.00', factors: [0.2, 0.25, 0.55, 0.05, 0.05] },
  { code: '49-9043.00', factors: [0.3, 0.7, 0.45, 0.05, 0.2] },
  { code: '49-9044.00', factors: [0.35, 0.8, 0.4, 0.1, 0.3] },
  { code: '49-2094.00', factors: [0.5, 0.8, 0.3, 0.1, 0.5] },
  { code: '53-7064.00', factors: [0.12, 0.12, 0.45, 0.05, 0.0] },
  { code: '53-7065.00', factors: [0.15, 0.1, 0.4, 0.1, 0.0] },
  { code: '53-3032.00', factors: [0.2, 0.3, 0.5, 0.05, 0.0] },
  { code: '43-5071.00', factors: [0.35, 0.1, 0.3, 0.2, 0.1] },
  { code: '43-5061.00', factors: [0.5, 0.15, 0.35, 0.3, 0.3] },
  { code: '13-1081.00', factors: [0.7, 0.1, 0.2, 0.5, 0.55] },
  { code: '11-3071.00', factors: [0.7, 0.15, 0.3, 0.85, 0.4] },
  { code: '17-2141.00', factors: [0.85, 0.55, 0.2, 0.35, 0.95] },
  { code: '17-3013.00', factors: [0.6, 0.45, 0.2, 0.1, 0.7] },
  { code: '17-3024.00', factors: [0.55, 0.7, 0.35, 0.1, 0.65] },
  { code: '17-3027.00', factors: [0.6, 0.55, 0.3, 0.15, 0.7] },
];

// ---------------------------------------------------------------------------------------------------------------
// O*NET content model

/** [element id, name, base, loadings on the five factors of `SkillFactors`] (importance on a 0-1 scale). */
type ElementSpec = readonly [string, string, number, number, number, number, number, number];

/** The 35 O*NET skills. */
export const ONET_SKILLS: readonly ElementSpec[] = [
  ['2.A.1.a', 'Reading Comprehension', 0.3, 0.5, 0, 0, 0.05, 0.1],
  ['2.A.1.b', 'Active Listening', 0.35, 0.45, 0, 0, 0.15, 0],
  ['2.A.1.c', 'Writing', 0.2, 0.5, 0, 0, 0.1, 0.05],
  ['2.A.1.d', 'Speaking', 0.3, 0.4, 0, 0, 0.25, 0],
  ['2.A.1.e', 'Mathematics', 0.15, 0.3, 0.1, 0, 0, 0.45],
  ['2.A.1.f', 'Science', 0, 0.1, 0.05, 0, 0, 0.45],
  ['2.A.2.a', 'Critical Thinking', 0.35, 0.4, 0.05, 0, 0.05, 0.15],
  ['2.A.2.b', 'Active Learning', 0.25, 0.4, 0.05, 0, 0, 0.15],
  ['2.A.2.c', 'Learning Strategies', 0.15, 0.3, 0, 0, 0.25, 0],
  ['2.A.2.d', 'Monitoring', 0.35, 0.1, 0, 0.15, 0.3, 0],
  ['2.B.1.a', 'Social Perceptiveness', 0.2, 0.1, 0, 0, 0.45, 0],
  ['2.B.1.b', 'Coordination', 0.3, 0.05, 0, 0.1, 0.45, 0],
  ['2.B.1.c', 'Persuasion', 0.1, 0.1, 0, 0, 0.45, 0],
  ['2.B.1.d', 'Negotiation', 0.05, 0.05, 0, 0, 0.45, 0],
  ['2.B.1.e', 'Instructing', 0.15, 0.1, 0.1, 0, 0.4, 0],
  ['2.B.1.f', 'Service Orientation', 0.15, 0.05, 0, 0, 0.2, 0],
  ['2.B.2.i', 'Complex Problem Solving', 0.25, 0.3, 0.1, 0, 0.05, 0.3],
  ['2.B.3.a', 'Operations Analysis', 0.05, 0.1, 0, 0, 0.15, 0.55],
  ['2.B.3.b', 'Technology Design', 0, 0.05, 0.15, 0, 0, 0.5],
  ['2.B.3.c', 'Equipment Selection', 0.05, 0, 0.45, 0.05, 0, 0.1],
  ['2.B.3.d', 'Installation', 0, 0, 0.5, 0, 0, 0.05],
  ['2.B.3.e', 'Programming', 0, 0.05, 0, 0, 0, 0.3],
  ['2.B.3.g', 'Operations Monitoring', 0.15, 0, 0.15, 0.55, 0, 0],
  ['2.B.3.h', 'Operation and Control', 0.1, 0, 0.1, 0.65, 0, 0],
  ['2.B.3.j', 'Equipment Maintenance', 0.05, 0, 0.65, 0.1, 0, 0],
  ['2.B.3.k', 'Troubleshooting', 0.05, 0, 0.6, 0.05, 0, 0.1],
  ['2.B.3.l', 'Repairing', 0, 0, 0.7, 0, 0, 0],
  ['2.B.3.m', 'Quality Control Analysis', 0.15, 0.05, 0, 0.45, 0, 0.15],
  ['2.B.4.e', 'Judgment and Decision Making', 0.2, 0.2, 0, 0, 0.4, 0.05],
  ['2.B.4.g', 'Systems Analysis', 0.05, 0.15, 0, 0, 0.05, 0.5],
  ['2.B.4.h', 'Systems Evaluation', 0.05, 0.1, 0, 0, 0.15, 0.45],
  ['2.B.5.a', 'Time Management', 0.25, 0.05, 0, 0.05, 0.35, 0],
  ['2.B.5.b', 'Management of Financial Resources', 0, 0, 0, 0, 0.45, 0.05],
  ['2.B.5.c', 'Management of Material Resources', 0.05, 0, 0.05, 0.1, 0.35, 0],
  ['2.B.5.d', 'Management of Personnel Resources', 0, 0, 0, 0, 0.6, 0],
];

/** The 33 O*NET knowledge areas. */
export const ONET_KNOWLEDGE: readonly ElementSpec[] = [
  ['2.C.1.a', 'Administration and Management', 0.1, 0, 0, 0, 0.6, 0.05],
  ['2.C.1.b', 'Administrative', 0.1, 0.1, 0, 0, 0.3, 0],
  ['2.C.1.c', 'Economics and Accounting', 0, 0, 0, 0, 0.4, 0.1],
  ['2.C.1.d', 'Sales and Marketing', 0, 0, 0, 0, 0.3, 0],
  ['2.C.1.e', 'Customer and Personal Service', 0.2, 0.05, 0, 0, 0.3, 0],
  ['2.C.1.f', 'Personnel and Human Resources', 0.05, 0, 0, 0, 0.55, 0],
  ['2.C.2.a', 'Production and Processing', 0.15, 0, 0, 0.55, 0.15, 0.15],
  ['2.C.2.b', 'Food Production', 0, 0, 0, 0, 0, 0],
  ['2.C.3.a', 'Computers and Electronics', 0.15, 0.15, 0.05, 0, 0, 0.4],
  ['2.C.3.b', 'Engineering and Technology', 0.05, 0, 0.2, 0, 0, 0.55],
  ['2.C.3.c', 'Design', 0.05, 0, 0.2, 0, 0, 0.5],
  ['2.C.3.d', 'Building and Construction', 0, 0, 0.35, 0, 0, 0],
  ['2.C.3.e', 'Mechanical', 0.1, 0, 0.65, 0.15, 0, 0],
  ['2.C.4.a', 'Mathematics', 0.2, 0.15, 0.05, 0, 0, 0.45],
  ['2.C.4.b', 'Physics', 0, 0, 0.15, 0, 0, 0.4],
  ['2.C.4.c', 'Chemistry', 0.05, 0, 0, 0, 0, 0.2],
  ['2.C.4.d', 'Biology', 0, 0, 0, 0, 0, 0],
  ['2.C.4.e', 'Psychology', 0.05, 0, 0, 0, 0.35, 0],
  ['2.C.4.f', 'Sociology and Anthropology', 0, 0, 0, 0, 0.2, 0],
  ['2.C.4.g', 'Geography', 0.05, 0, 0, 0, 0, 0],
  ['2.C.5.a', 'Medicine and Dentistry', 0, 0, 0, 0, 0, 0],
  ['2.C.5.b', 'Therapy and Counseling', 0, 0, 0, 0, 0.1, 0],
  ['2.C.6', 'Education and Training', 0.15, 0.1, 0, 0, 0.35, 0],
  ['2.C.7.a', 'English Language', 0.2, 0.45, 0, 0, 0, 0],
  ['2.C.7.b', 'Foreign Language', 0.05, 0, 0, 0, 0, 0],
  ['2.C.7.c', 'Fine Arts', 0, 0, 0, 0, 0, 0],
  ['2.C.7.d', 'History and Archeology', 0, 0, 0, 0, 0, 0],
  ['2.C.7.e', 'Philosophy and Theology', 0, 0, 0, 0, 0, 0],
  ['2.C.8.a', 'Public Safety and Security', 0.35, 0, 0.15, 0.1, 0, 0],
  ['2.C.8.b', 'Law and Government', 0.05, 0, 0, 0, 0.25, 0],
  ['2.C.9.a', 'Telecommunications', 0, 0, 0, 0, 0, 0.1],
  ['2.C.9.b', 'Communications and Media', 0, 0, 0, 0, 0.15, 0],
  ['2.C.10', 'Transportation', 0.05, 0, 0, 0.1, 0, 0],
];

/**
 * O*NET elements closest to each skill the demo survey rates, so the skill profile of demand can stand beside the
 * survey's skill gaps. "Attendance and reliability" is a work style, not a skill or knowledge area.
 */
export const SURVEY_SKILL_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  problem_solving: ['2.B.2.i'],
  blueprint_reading: ['2.C.3.c'],
  math: ['2.A.1.e', '2.C.4.a'],
  mechanical_aptitude: ['2.C.3.e'],
  safety: ['2.C.8.a'],
  teamwork: ['2.B.1.b'],
  computer_skills: ['2.C.3.a'],
  attendance_reliability: [],
};

/** O*NET Scales Reference as published. */
export const ONET_SCALES: readonly (readonly [string, string, number, number])[] = [
  ['AO', 'Automation', 1, 5],
  ['CF', 'Frequency', 1, 5],
  ['CN', 'Amount of Contact', 1, 5],
  ['CT', 'Context', 1, 3],
  ['CTP', 'Context (Categories 1-3)', 0, 100],
  ['CX', 'Context', 1, 5],
  ['CXP', 'Context (Categories 1-5)', 0, 100],
  ['EX', 'Extent', 1, 7],
  ['FM', 'Amount of Freedom', 1, 5],
  ['FT', 'Frequency of Task (Categories 1-7)', 0, 100],
  ['HW', 'Hours Per Week', 1, 3],
  ['IH', 'Occupational Interest High-Point', 0, 6],
  ['IJ', 'Importance', 1, 5],
  ['IM', 'Importance', 1, 5],
  ['IP', 'Impact of Decisions', 1, 5],
  ['LC', 'Level of Competition', 1, 5],
  ['LV', 'Level', 0, 7],
  ['OI', 'Occupational Interests', 1, 7],
  ['OJ', 'On-The-Job Training (Categories 1-9)', 0, 100],
  ['PT', 'On-Site Or In-Plant Training (Categories 1-9)', 0, 100],
  ['PX', 'Proximity', 1, 5],
  ['RE', 'Responsibility', 1, 5],
  ['RL', 'Required Level Of Education (Categories 1-12)', 0, 100],
  ['RT', 'Relevance of Task', 0, 100],
  ['RW', 'Related Work Experience (Categories 1-11)', 0, 100],
  ['SR', 'How Serious', 1, 5],
  ['TI', '% Time', 1, 5],
  ['VH', 'Work Value High-Point', 1, 6],
  ['WS', 'Work Schedule', 1, 3],
];

/** Education, Training, and Experience elements: [element id, name, scale id, categories]. */
export const ONET_EDUCATION_ELEMENTS: readonly (readonly [string, string, string, number])[] = [
  ['2.D.1', 'Required Level of Education', 'RL', 12],
  ['3.A.1', 'Related Work Experience', 'RW', 11],
  ['3.A.2', 'On-Site or In-Plant Training', 'PT', 9],
  ['3.A.3', 'On-the-Job Training', 'OJ', 9],
];

// ---------------------------------------------------------------------------------------------------------------
// Programs: CIP 2020 and the NCES crosswalk to SOC 2018

/** CIP 2020 families, series and programs the demo's institutions offer: [code, title, TextChange]. */
export const CIP_CODES: readonly (readonly [string, string, string])[] = [
  ['14', 'ENGINEERING.', 'no'],
  ['14.35', 'Industrial Engineering.', 'no'],
  ['14.3501', 'Industrial Engineering.', 'no'],
  ['15', 'ENGINEERING/ENGINEERING-RELATED TECHNOLOGIES/TECHNICIANS.', 'yes'],
  ['15.06', 'Industrial Production Technologies/Technicians.', 'no'],
  ['15.0613', 'Manufacturing Engineering Technology/Technician.', 'no'],
  ['15.07', 'Quality Control and Safety Technologies/Technicians.', 'no'],
  ['15.0702', 'Quality Control Technology/Technician.', 'no'],
  ['46', 'CONSTRUCTION TRADES.', 'no'],
  ['46.03', 'Electrical and Power Transmission Installers.', 'no'],
  ['46.0302', 'Electrician.', 'no'],
  ['47', 'MECHANIC AND REPAIR TECHNOLOGIES/TECHNICIANS.', 'no'],
  ['47.03', 'Heavy/Industrial Equipment Maintenance Technologies/Technicians.', 'yes'],
  ['47.0303', 'Industrial Mechanics and Maintenance Technology/Technician.', 'yes'],
  ['48', 'PRECISION PRODUCTION.', 'no'],
  ['48.05', 'Precision Metal Working.', 'no'],
  ['48.0501', 'Machine Tool Technology/Machinist.', 'no'],
  ['48.0508', 'Welding Technology/Welder.', 'no'],
  ['48.0510', 'Computer Numerically Controlled (CNC) Machinist Technology/CNC Machinist.', 'no'],
  ['52', 'BUSINESS, MANAGEMENT, MARKETING, AND RELATED SUPPORT SERVICES.', 'no'],
  ['52.02', 'Business Administration, Management and Operations.', 'no'],
  ['52.0205', 'Operations Management and Supervision.', 'no'],
];

/** The NCES CIP 2020-SOC 2018 crosswalk rows of the demo's programs: [CIP, SOC, SOC title]. */
export const CIP_SOC_ROWS: readonly (readonly [string, string, string])[] = [
  ['14.3501', '11-3051', 'Industrial Production Managers'],
  ['14.3501', '11-9041', 'Architectural and Engineering Managers'],
  ['14.3501', '17-2112', 'Industrial Engineers'],
  ['14.3501', '25-1032', 'Engineering Teachers, Postsecondary'],
  ['15.0613', '17-3026', 'Industrial Engineering Technologists and Technicians'],
  ['15.0702', '51-9061', 'Inspectors, Testers, Sorters, Samplers, and Weighers'],
  ['46.0302', '47-1011', 'First-Line Supervisors of Construction Trades and Extraction Workers'],
  ['46.0302', '47-2111', 'Electricians'],
  ['46.0302', '49-2098', 'Security and Fire Alarm Systems Installers'],
  ['46.0302', '49-9097', 'Signal and Track Switch Repairers'],
  ['47.0303', '47-4021', 'Elevator and Escalator Installers and Repairers'],
  ['47.0303', '49-9012', 'Control and Valve Installers and Repairers, Except Mechanical Door'],
  ['47.0303', '49-9041', 'Industrial Machinery Mechanics'],
  ['47.0303', '49-9043', 'Maintenance Workers, Machinery'],
  ['47.0303', '49-9044', 'Millwrights'],
  ['47.0303', '49-9045', 'Refractory Materials Repairers, Except Brickmasons'],
  ['47.0303', '49-9081', 'Wind Turbine Service Technicians'],
  ['48.0501', '51-4021', 'Extruding and Drawing Machine Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4022', 'Forging Machine Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4023', 'Rolling Machine Setters, Operators, and Tenders, Metal and Plastic'],
  [
    '48.0501',
    '51-4031',
    'Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic',
  ],
  [
    '48.0501',
    '51-4032',
    'Drilling and Boring Machine Tool Setters, Operators, and Tenders, Metal and Plastic',
  ],
  [
    '48.0501',
    '51-4033',
    'Grinding, Lapping, Polishing, and Buffing Machine Tool Setters, Operators, and Tenders, Metal and Plastic',
  ],
  ['48.0501', '51-4034', 'Lathe and Turning Machine Tool Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4035', 'Milling and Planing Machine Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4041', 'Machinists'],
  ['48.0501', '51-4081', 'Multiple Machine Tool Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4191', 'Heat Treating Equipment Setters, Operators, and Tenders, Metal and Plastic'],
  ['48.0501', '51-4192', 'Layout Workers, Metal and Plastic'],
  ['48.0501', '51-4199', 'Metal Workers and Plastic Workers, All Other'],
  ['48.0508', '51-4121', 'Welders, Cutters, Solderers, and Brazers'],
  ['48.0508', '51-4122', 'Welding, Soldering, and Brazing Machine Setters, Operators, and Tenders'],
  ['48.0510', '51-9161', 'Computer Numerically Controlled Tool Operators'],
  ['48.0510', '51-9162', 'Computer Numerically Controlled Tool Programmers'],
  ['52.0205', '11-3013', 'Facilities Managers'],
  ['52.0205', '11-3021', 'Computer and Information Systems Managers'],
  ['52.0205', '11-3051', 'Industrial Production Managers'],
  ['52.0205', '11-9021', 'Construction Managers'],
  ['52.0205', '13-1081', 'Logisticians'],
  ['52.0205', '25-1011', 'Business Teachers, Postsecondary'],
  ['52.0205', '49-1011', 'First-Line Supervisors of Mechanics, Installers, and Repairers'],
  ['52.0205', '51-1011', 'First-Line Supervisors of Production and Operating Workers'],
];

// ---------------------------------------------------------------------------------------------------------------
// NAICS 2022 structure rows in the Census file's order (trailing "T" marks trilateral codes, some with a trailing space)

export const NAICS_STRUCTURE_ROWS: readonly (readonly [string, string])[] = [
  ['31-33', 'ManufacturingT'],
  ['311', 'Food ManufacturingT '],
  ['3111', 'Animal Food ManufacturingT '],
  ['3112', 'Grain and Oilseed MillingT '],
  ['3113', 'Sugar and Confectionery Product ManufacturingT '],
  ['3114', 'Fruit and Vegetable Preserving and Specialty Food ManufacturingT '],
  ['3115', 'Dairy Product ManufacturingT '],
  ['3116', 'Animal Slaughtering and ProcessingT '],
  ['3117', 'Seafood Product Preparation and PackagingT '],
  ['3118', 'Bakeries and Tortilla ManufacturingT '],
  ['3119', 'Other Food ManufacturingT '],
  ['312', 'Beverage and Tobacco Product ManufacturingT '],
  ['313', 'Textile MillsT '],
  ['314', 'Textile Product MillsT '],
  ['315', 'Apparel ManufacturingT '],
  ['316', 'Leather and Allied Product ManufacturingT '],
  ['321', 'Wood Product ManufacturingT '],
  ['322', 'Paper ManufacturingT '],
  ['323', 'Printing and Related Support ActivitiesT '],
  ['324', 'Petroleum and Coal Products ManufacturingT '],
  ['325', 'Chemical ManufacturingT '],
  ['326', 'Plastics and Rubber Products ManufacturingT '],
  ['3261', 'Plastics Product ManufacturingT '],
  ['3262', 'Rubber Product ManufacturingT '],
  ['327', 'Nonmetallic Mineral Product ManufacturingT '],
  ['331', 'Primary Metal ManufacturingT '],
  ['332', 'Fabricated Metal Product ManufacturingT '],
  ['3321', 'Forging and StampingT '],
  ['3322', 'Cutlery and Handtool ManufacturingT '],
  ['3323', 'Architectural and Structural Metals ManufacturingT '],
  ['3324', 'Boiler, Tank, and Shipping Container ManufacturingT '],
  ['3325', 'Hardware ManufacturingT '],
  ['3326', 'Spring and Wire Product ManufacturingT '],
  ['3327', 'Machine Shops; Turned Product; and Screw, Nut, and Bolt ManufacturingT '],
  ['3328', 'Coating, Engraving, Heat Treating, and Allied ActivitiesT '],
  ['3329', 'Other Fabricated Metal Product ManufacturingT '],
  ['333', 'Machinery ManufacturingT '],
  ['3331', 'Agriculture, Construction, and Mining Machinery ManufacturingT '],
  ['3332', 'Industrial Machinery ManufacturingT '],
  ['3333', 'Commercial and Service Industry Machinery ManufacturingT '],
  ['3334', 'Ventilation, Heating, Air-Conditioning, and Commercial Refrigeration Equipment ManufacturingT '],
  ['3335', 'Metalworking Machinery ManufacturingT '],
  ['3336', 'Engine, Turbine, and Power Transmission Equipment ManufacturingT '],
  ['3339', 'Other General Purpose Machinery ManufacturingT '],
  ['334', 'Computer and Electronic Product ManufacturingT '],
  ['335', 'Electrical Equipment, Appliance, and Component ManufacturingT '],
  ['336', 'Transportation Equipment ManufacturingT '],
  ['3361', 'Motor Vehicle ManufacturingT '],
  ['3362', 'Motor Vehicle Body and Trailer ManufacturingT '],
  ['3363', 'Motor Vehicle Parts ManufacturingT '],
  ['3364', 'Aerospace Product and Parts ManufacturingT '],
  ['3365', 'Railroad Rolling Stock ManufacturingT '],
  ['3366', 'Ship and Boat BuildingT '],
  ['3369', 'Other Transportation Equipment ManufacturingT '],
  ['337', 'Furniture and Related Product ManufacturingT '],
  ['3371', 'Household and Institutional Furniture and Kitchen Cabinet ManufacturingT '],
  ['3372', 'Office Furniture (including Fixtures) ManufacturingT '],
  ['3379', 'Other Furniture Related Product ManufacturingT '],
  ['339', 'Miscellaneous ManufacturingT '],
  ['3391', 'Medical Equipment and Supplies ManufacturingT '],
  ['3399', 'Other Miscellaneous ManufacturingT '],
];

/** OEWS industry titles (title case, as the national industry files write them) of the 3-digit subsectors. */
export const OEWS_SUBSECTOR_TITLES: Readonly<Record<string, string>> = Object.fromEntries(
  NAICS_STRUCTURE_ROWS.filter(([code]) => /^3\d\d$/.test(code)).map(([code, title]) => [
    code,
    title.replace(/T\s*$/, ''),
  ]),
);
