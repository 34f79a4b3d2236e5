/**
 * What the demo employer-needs survey asks about: the critical jobs of a manufacturing partnership (real SOC 2018
 * codes and titles, with the titles employers actually write), the skills rated, the workforce challenges, and the
 * training and work-based-learning options.
 *
 * The numbers beside each job come from public U.S. figures, rounded: the share of manufacturing employment is
 * OEWS May 2024 `PCT_TOTAL` for NAICS 31-33 (team assemblers: most of 51-2090's 8.7 %); the separations rate is BLS
 * Employment Projections 2024-34 table 1.10 (total occupational separations, annual average); growth is that
 * table's 2024-34 percent change per year; the starting wage range is OEWS manufacturing's 10th to 25th hourly
 * percentile. The education level, the staffing-mix multipliers by industry and how hard each job is to fill are
 * the demo's assumptions.
 */

/** Education levels, lowest first; ids are the codebooks' option ids. */
export const EDUCATION_LEVELS = ['none', 'high_school', 'certificate', 'associate', 'bachelor'] as const;
export type EducationId = (typeof EDUCATION_LEVELS)[number];

export interface CriticalJob {
  /** SOC 2018 code. */
  readonly soc: string;
  /** SOC 2018 title (sentence case). */
  readonly title: string;
  /** Titles employers write for the job, most common first. */
  readonly employerTitles: readonly string[];
  /** Typical share of manufacturing employment. */
  readonly share: number;
  /** Annual separations (workers leaving the occupation or the labour force) per worker. */
  readonly separationsRate: number;
  /** Annual employment growth tendency. */
  readonly growth: number;
  /** Starting hourly wage range, USD (OEWS manufacturing 10th-25th percentile). */
  readonly wage: readonly [number, number];
  /** Share of employers who state the starting pay as an annual salary. */
  readonly annualPayShare: number;
  readonly education: EducationId;
  /** Mean of "how hard is it to fill" on 1 (very easy) to 5 (very hard). */
  readonly hardToFill: number;
  /** Staffing-mix multipliers on `share` by 3-digit NAICS (1 when not listed). */
  readonly industries?: Readonly<Record<string, number>>;
}

export const CRITICAL_JOBS: readonly CriticalJob[] = [
  {
    soc: '51-4041',
    title: 'Machinists',
    employerTitles: ['Machinist', 'CNC Machinist', 'Machinist II', 'Set-up Machinist', 'Manual Machinist'],
    share: 0.0196,
    separationsRate: 0.098,
    growth: 0.0,
    wage: [18.5, 22.5],
    annualPayShare: 0.05,
    education: 'high_school',
    hardToFill: 4.1,
    industries: {
      '311': 0.2,
      '312': 0.2,
      '321': 0.2,
      '326': 0.8,
      '331': 1.5,
      '332': 3,
      '333': 2.5,
      '336': 0.8,
      '337': 0.3,
      '339': 2,
    },
  },
  {
    soc: '51-9161',
    title: 'Computer numerically controlled tool operators',
    employerTitles: [
      'CNC Operator',
      'CNC Machine Operator',
      'Machine Operator - CNC',
      'CNC Lathe Operator',
      'Mill Operator',
    ],
    share: 0.0127,
    separationsRate: 0.092,
    growth: -0.011,
    wage: [18, 21],
    annualPayShare: 0.03,
    education: 'high_school',
    hardToFill: 3.8,
    industries: {
      '311': 0.1,
      '312': 0.1,
      '321': 0.5,
      '326': 0.8,
      '332': 3,
      '333': 2.5,
      '336': 1,
      '337': 0.8,
      '339': 2.5,
    },
  },
  {
    soc: '51-4121',
    title: 'Welders, cutters, solderers, and brazers',
    employerTitles: [
      'Welder',
      'Welder/Fabricator',
      'MIG Welder',
      'Fabricator/Welder',
      'Robotic Weld Tech',
      'TIG Welder',
    ],
    share: 0.0218,
    separationsRate: 0.096,
    growth: 0.002,
    wage: [18.5, 22],
    annualPayShare: 0.03,
    education: 'high_school',
    hardToFill: 3.9,
    industries: {
      '311': 0.2,
      '312': 0.2,
      '321': 0.2,
      '326': 0.2,
      '331': 1.2,
      '332': 3,
      '333': 2,
      '334': 0.3,
      '336': 1.5,
      '337': 0.5,
      '339': 0.5,
    },
  },
  {
    soc: '51-2092',
    title: 'Team assemblers',
    employerTitles: [
      'Assembler',
      'Production Assembler',
      'Production Associate',
      'Assembly Line Worker',
      'Assembly Tech',
    ],
    share: 0.07,
    separationsRate: 0.107,
    growth: 0.0,
    wage: [16.25, 18.25],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 2.6,
    industries: {
      '311': 0.2,
      '312': 0.2,
      '325': 0.3,
      '331': 0.3,
      '332': 0.7,
      '333': 1.5,
      '334': 1.5,
      '335': 2,
      '336': 2.5,
      '337': 1.5,
      '339': 1.5,
    },
  },
  {
    soc: '51-9061',
    title: 'Inspectors, testers, sorters, samplers, and weighers',
    employerTitles: ['QC Inspector', 'Quality Inspector', 'Quality Technician', 'QA Tech', 'Final Inspector'],
    share: 0.0295,
    separationsRate: 0.117,
    growth: 0.0,
    wage: [17.25, 19.5],
    annualPayShare: 0.04,
    education: 'high_school',
    hardToFill: 2.8,
    industries: { '325': 1.3, '326': 1.3, '334': 1.5, '335': 1.2, '339': 2 },
  },
  {
    soc: '49-9041',
    title: 'Industrial machinery mechanics',
    employerTitles: [
      'Maintenance Technician',
      'Maint. Tech II',
      'Industrial Maintenance Mechanic',
      'Millwright',
      'Maintenance Mechanic',
    ],
    share: 0.0175,
    separationsRate: 0.081,
    growth: 0.015,
    wage: [22.25, 26.75],
    annualPayShare: 0.06,
    education: 'high_school',
    hardToFill: 4.4,
    industries: { '311': 1.3, '322': 1.5, '326': 1.2 },
  },
  {
    soc: '49-9071',
    title: 'Maintenance and repair workers, general',
    employerTitles: [
      'Maintenance Worker',
      'General Maintenance',
      'Facilities Maintenance Tech',
      'Building Maintenance',
    ],
    share: 0.0162,
    separationsRate: 0.092,
    growth: 0.004,
    wage: [19.25, 23.5],
    annualPayShare: 0.05,
    education: 'high_school',
    hardToFill: 3.7,
  },
  {
    soc: '51-1011',
    title: 'First-line supervisors of production and operating workers',
    employerTitles: [
      'Production Supervisor',
      'Shift Supervisor',
      'Team Lead',
      'Line Lead',
      'Plant Supervisor',
    ],
    share: 0.0389,
    separationsRate: 0.095,
    growth: 0.001,
    wage: [22.5, 28],
    annualPayShare: 0.45,
    education: 'high_school',
    hardToFill: 3.2,
  },
  {
    soc: '53-7051',
    title: 'Industrial truck and tractor operators',
    employerTitles: ['Forklift Driver', 'Forklift Operator', 'Material Handler - Forklift', 'Hi-Lo Driver'],
    share: 0.014,
    separationsRate: 0.095,
    growth: 0.001,
    wage: [17.25, 18.75],
    annualPayShare: 0.01,
    education: 'none',
    hardToFill: 2.4,
    industries: { '311': 1.5, '321': 1.5, '322': 1.5, '327': 1.5, '331': 1.5 },
  },
  {
    soc: '51-4072',
    title: 'Molding, coremaking, and casting machine setters, operators, and tenders, metal and plastic',
    employerTitles: [
      'Injection Molding Operator',
      'Molding Tech',
      'Press Operator (Molding)',
      'Die Cast Operator',
      'Foundry Molder',
    ],
    share: 0.0109,
    separationsRate: 0.109,
    growth: -0.004,
    wage: [15.5, 17.75],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 2.9,
    industries: {
      '311': 0.1,
      '312': 0.1,
      '321': 0.1,
      '326': 6,
      '327': 1,
      '331': 4,
      '332': 0.8,
      '334': 0.3,
      '337': 0.3,
      '339': 0.8,
    },
  },
  {
    soc: '51-9111',
    title: 'Packaging and filling machine operators and tenders',
    employerTitles: ['Packaging Operator', 'Packer', 'Packaging Line Operator', 'Filler Operator'],
    share: 0.0237,
    separationsRate: 0.112,
    growth: 0.0045,
    wage: [15.75, 17.75],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 2.3,
    industries: {
      '311': 4,
      '312': 5,
      '322': 1.5,
      '323': 2,
      '325': 2,
      '326': 1.5,
      '331': 0.2,
      '332': 0.3,
      '333': 0.2,
      '336': 0.2,
      '339': 1,
    },
  },
  {
    soc: '17-2112',
    title: 'Industrial engineers',
    employerTitles: [
      'Industrial Engineer',
      'Process Engineer',
      'Manufacturing Engineer',
      'Continuous Improvement Engineer',
    ],
    share: 0.0186,
    separationsRate: 0.058,
    growth: 0.011,
    wage: [33.25, 39],
    annualPayShare: 0.8,
    education: 'bachelor',
    hardToFill: 3.4,
    industries: { '325': 1.5, '334': 2, '336': 1.2, '339': 1.5 },
  },
  {
    soc: '53-7062',
    title: 'Laborers and freight, stock, and material movers, hand',
    employerTitles: ['General Laborer', 'Material Handler', 'Warehouse Associate', 'Laborer'],
    share: 0.0318,
    separationsRate: 0.126,
    growth: 0.0015,
    wage: [15.25, 17.5],
    annualPayShare: 0.01,
    education: 'none',
    hardToFill: 2.5,
    industries: { '311': 2, '321': 2, '327': 2, '331': 1.5, '336': 1 },
  },
  {
    soc: '51-9124',
    title: 'Coating, painting, and spraying machine setters, operators, and tenders',
    employerTitles: ['Painter', 'Paint Line Operator', 'Powder Coater', 'Spray Painter'],
    share: 0.0084,
    separationsRate: 0.095,
    growth: 0.0007,
    wage: [17, 19],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 3.0,
    industries: { '311': 0.1, '312': 0.1, '321': 1, '332': 1.5, '336': 1.2, '337': 2 },
  },
  {
    soc: '47-2111',
    title: 'Electricians',
    employerTitles: ['Electrician', 'Maintenance Electrician', 'Industrial Electrician', 'Electrical Tech'],
    share: 0.004,
    separationsRate: 0.085,
    growth: 0.0095,
    wage: [22, 28],
    annualPayShare: 0.08,
    education: 'high_school',
    hardToFill: 4.3,
    industries: { '333': 1, '335': 1.2 },
  },
  {
    soc: '51-3092',
    title: 'Food batchmakers',
    employerTitles: ['Batchmaker', 'Mixer Operator', 'Batch Maker', 'Mixer'],
    share: 0.0114,
    separationsRate: 0.128,
    growth: 0.0069,
    wage: [15, 17.5],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 2.6,
    // Only food and beverage plants have batchmakers.
    industries: Object.fromEntries(
      [
        '321',
        '322',
        '323',
        '324',
        '325',
        '326',
        '327',
        '331',
        '332',
        '333',
        '334',
        '335',
        '336',
        '337',
        '339',
      ].map((code) => [code, 0]),
    ),
  },
  {
    soc: '51-7042',
    title: 'Woodworking machine setters, operators, and tenders, except sawing',
    employerTitles: ['CNC Router Operator', 'Woodworker', 'Wood Machinist', 'Edgebander Operator'],
    share: 0.0045,
    separationsRate: 0.104,
    growth: -0.0018,
    wage: [14.75, 17.5],
    annualPayShare: 0.01,
    education: 'high_school',
    hardToFill: 2.9,
    industries: {
      '311': 0,
      '312': 0,
      '321': 8,
      '325': 0,
      '326': 0.2,
      '331': 0,
      '334': 0,
      '336': 1.5,
      '337': 6,
    },
  },
];

/** Critical jobs by SOC code. */
export const CRITICAL_JOB_BY_SOC: ReadonlyMap<string, CriticalJob> = new Map(
  CRITICAL_JOBS.map((j) => [j.soc, j]),
);

/**
 * A job's weight in an industry's staffing mix: its typical share times the industry's multiplier.
 *
 * @example staffingWeight(CRITICAL_JOB_BY_SOC.get('51-4072')!, '326') // 0.078: molding is plastics' big job
 */
export function staffingWeight(job: CriticalJob, naics3: string): number {
  return job.share * (job.industries?.[naics3] ?? 1);
}

export interface SkillItem {
  readonly id: string;
  readonly label: string;
  /** Mean importance when hiring, 1-5. */
  readonly importance: number;
  /** Mean proficiency of applicants, 1-5; the gap to importance is what the survey is after. */
  readonly proficiency: number;
}

/** Skills rated in the matrix; the gaps follow what manufacturers report (mechanical and print reading widest). */
export const SKILLS: readonly SkillItem[] = [
  { id: 'problem_solving', label: 'Problem solving', importance: 4.2, proficiency: 3.0 },
  { id: 'blueprint_reading', label: 'Blueprint reading', importance: 3.7, proficiency: 2.2 },
  { id: 'math', label: 'Math', importance: 3.7, proficiency: 2.8 },
  { id: 'mechanical_aptitude', label: 'Mechanical aptitude', importance: 4.0, proficiency: 2.5 },
  { id: 'safety', label: 'Safety', importance: 4.6, proficiency: 3.6 },
  { id: 'teamwork', label: 'Teamwork', importance: 4.2, proficiency: 3.5 },
  { id: 'computer_skills', label: 'Computer skills', importance: 3.1, proficiency: 3.2 },
  { id: 'attendance_reliability', label: 'Attendance and reliability', importance: 4.8, proficiency: 3.1 },
];

export interface ChallengeItem {
  readonly id: string;
  readonly label: string;
  /** Share of employers citing it (small establishments); larger ones cite retention and wages more. */
  readonly prevalence: number;
  /** First survey year that offered it as an option. */
  readonly since?: number;
}

export const CHALLENGES: readonly ChallengeItem[] = [
  { id: 'finding_applicants', label: 'Not enough applicants', prevalence: 0.72 },
  { id: 'skills_of_applicants', label: 'Applicants lack needed skills', prevalence: 0.58 },
  { id: 'retention', label: 'Keeping new hires (retention)', prevalence: 0.42 },
  { id: 'wages_competition', label: 'Competing with other employers on wages', prevalence: 0.38 },
  { id: 'retirements', label: 'Retirements of experienced workers', prevalence: 0.3 },
  { id: 'transportation', label: 'Transportation to work', prevalence: 0.2 },
  { id: 'childcare', label: 'Child care', prevalence: 0.22 },
  { id: 'housing', label: 'Affordable housing', prevalence: 0.2, since: 2024 },
];

/**
 * The challenge options a year's questionnaire offered.
 *
 * @example challengesOffered(2023).some((c) => c.id === 'housing') // false: added in 2024
 */
export function challengesOffered(year: number): readonly ChallengeItem[] {
  return CHALLENGES.filter((c) => c.since === undefined || c.since <= year);
}

export interface OptionItem {
  readonly id: string;
  readonly label: string;
  /** Share of employers interested. */
  readonly interest: number;
}

export const TRAINING_OPTIONS: readonly OptionItem[] = [
  { id: 'technical', label: 'Technical and job-specific skills', interest: 0.55 },
  { id: 'safety', label: 'Safety and OSHA certification', interest: 0.4 },
  { id: 'leadership', label: 'Leadership and supervisor training', interest: 0.45 },
  { id: 'employability', label: 'Workplace readiness (soft skills)', interest: 0.35 },
  { id: 'basic_skills', label: 'Basic math and reading', interest: 0.2 },
  { id: 'digital', label: 'Computer and digital skills', interest: 0.25 },
];

export const WBL_OPTIONS: readonly OptionItem[] = [
  { id: 'apprenticeships', label: 'Registered apprenticeships', interest: 0.3 },
  { id: 'pre_apprenticeship', label: 'Pre-apprenticeship', interest: 0.18 },
  { id: 'internships', label: 'Internships', interest: 0.35 },
  { id: 'on_the_job_training', label: 'On-the-job training', interest: 0.5 },
  { id: 'job_shadowing', label: 'Job shadowing and plant tours', interest: 0.3 },
  { id: 'co_op', label: 'Co-op with a college or high school', interest: 0.2 },
];
