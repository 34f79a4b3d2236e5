import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { ONET_SOURCE, onetDomainOf } from '../../src/ingest/sources/onet.ts';
import { disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import type { CompiledProject } from '../../src/models/build.ts';
import { compileChecks } from '../../src/models/checks.ts';
import { writeSeeds } from '../../src/pipeline/seeds.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { modelSubsetProject, ONET_SOURCE_MODELS, useTempWarehouse, writePipeline } from '../helpers.ts';

/** The O*NET models, copied from the project so the test builds them alone. */
const ONET_MODELS = [...ONET_SOURCE_MODELS, 'marts/mart_skill_profile', 'marts/mart_career_pathways'];
/** Models of other stages the marts read: tables the test writes (declared as built elsewhere). */
const WRITTEN_BY_TEST = [
  'staging/stg_oews',
  'staging/stg_oews_staffing',
  'staging/stg_ep_occupations',
  'intermediate/int_occupation_employment',
  'marts/mart_occupation_openings',
  'marts/mart_occupation_wages',
  'marts/mart_survey_demand',
  'marts/mart_survey_skill_gaps',
];

function onetProject(dir: string): Promise<CompiledProject> {
  return modelSubsetProject(dir, ONET_MODELS, { builtByTest: WRITTEN_BY_TEST });
}

/** Header of the official text release's Skills/Knowledge/Abilities files (13 fields). */
const TEXT_HEADER = [
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
];
/** The Excel release: Title after the code, Scale Name after the scale (15 fields). */
const EXCEL_HEADER = [
  'O*NET-SOC Code',
  'Title',
  'Element ID',
  'Element Name',
  'Scale ID',
  'Scale Name',
  'Data Value',
  'N',
  'Standard Error',
  'Lower CI Bound',
  'Upper CI Bound',
  'Recommend Suppress',
  'Not Relevant',
  'Date',
  'Domain Source',
];

interface Rating {
  code: string;
  element: [string, string];
  scale: 'IM' | 'LV';
  value: number;
  suppress?: 'Y' | 'N';
  notRelevant?: 'Y' | 'N';
}

const tsv = (rows: readonly (readonly (string | number)[])[]) =>
  `${rows.map((r) => r.join('\t')).join('\n')}\n`;

/** A ratings row in the text release: `n/a` where a value does not apply. */
function textRow(r: Rating): (string | number)[] {
  return [
    r.code,
    r.element[0],
    r.element[1],
    r.scale,
    r.value,
    8,
    '0.1',
    'n/a',
    'n/a',
    r.suppress ?? 'N',
    r.scale === 'IM' ? 'n/a' : (r.notRelevant ?? 'N'),
    '08/2023',
    'Analyst',
  ];
}

/** The same row in the Excel release: empty cells where the text release has `n/a`. */
function excelRow(r: Rating, title: string): (string | number)[] {
  return [
    r.code,
    title,
    r.element[0],
    r.element[1],
    r.scale,
    r.scale === 'IM' ? 'Importance' : 'Level',
    r.value,
    8,
    '0.1',
    '',
    '',
    r.suppress ?? 'N',
    r.scale === 'IM' ? '' : (r.notRelevant ?? 'N'),
    '08/2023',
    'Analyst',
  ];
}

// Elements of the hand-made profiles: two skills and one knowledge area.
const READING: [string, string] = ['2.A.1.a', 'Reading Comprehension'];
const MATH: [string, string] = ['2.A.1.e', 'Mathematics'];
const MECHANICAL: [string, string] = ['2.C.3.e', 'Mechanical'];

/** IM on 1-5 and LV on 0-7 giving round standardised scores: IM std = (IM-1)/4×100, LV std = LV/7×100. */
const im = (std: number) => 1 + (4 * std) / 100;
const lv = (std: number) => (7 * std) / 100;

/** Standardised importance profiles [reading, math, mechanical] and levels of the hand-made occupations. */
const PROFILES: Record<
  string,
  { title: string; importance: number[]; level: number[]; zone: number; wage: number; openings: number }
> = {
  '51-2092': {
    title: 'Team Assemblers',
    importance: [50, 25, 75],
    level: [50, 20, 60],
    zone: 2,
    wage: 40000,
    openings: 100,
  },
  '51-4041': {
    title: 'Machinists',
    importance: [50, 75, 75],
    level: [50, 70, 70],
    zone: 2,
    wage: 50000,
    openings: 50,
  },
  '51-1011': {
    title: 'First-Line Supervisors of Production and Operating Workers',
    importance: [100, 0, 75],
    level: [80, 10, 30],
    zone: 3,
    wage: 65000,
    openings: 10,
  },
  // Two zones above the assemblers: reachable only because O*NET lists it as related to them.
  '17-3026': {
    title: 'Industrial Engineering Technologists and Technicians',
    importance: [75, 75, 75],
    level: [70, 70, 70],
    zone: 4,
    wage: 70000,
    openings: 5,
  },
  // Two zones above and not related: out of reach from the assemblers.
  '17-2112': {
    title: 'Industrial Engineers',
    importance: [75, 100, 75],
    level: [75, 80, 75],
    zone: 4,
    wage: 95000,
    openings: 5,
  },
  // Pays only 2.5 % more than the assemblers: below the least gain of 5 %.
  '51-9061': {
    title: 'Inspectors, Testers, Sorters, Samplers, and Weighers',
    importance: [50, 25, 80],
    level: [50, 20, 60],
    zone: 2,
    wage: 41000,
    openings: 20,
  },
};
const ELEMENTS = [READING, MATH, MECHANICAL];

/** A row with its numbers rounded to 6 decimals, to compare values computed in floating point. */
function rounded(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v]),
  );
}

function cosine(a: readonly number[], b: readonly number[]): number {
  const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return dot / (norm(a) * norm(b));
}

describe('O*NET source and models', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });

  /** Write the files and load them (with any files already written, named in `also`). */
  async function load(files: Record<string, string>, also: readonly string[] = []) {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const paths = [...Object.keys(files), ...also].map((n) => join(dir, n));
    const plan = await planTabular(ONET_SOURCE, [{ paths, vintage: 'O*NET test', onBadFile: 'fail' }], (p) =>
      p.slice(dir.length + 1),
    );
    try {
      return await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
    } finally {
      await disposePlan(plan);
    }
  }

  /**
   * The occupation codes OEWS and the projections publish (tables of other stages the crosswalk reads); created
   * empty unless a test names codes.
   */
  async function published(oews: readonly string[] = [], projections: readonly string[] = []) {
    const list = (codes: readonly string[], extra: string) =>
      codes.length ? codes.map((c) => `('${c}', ${extra})`).join(', ') : `(CAST(NULL AS VARCHAR), ${extra})`;
    await warehouse.execute(
      `CREATE OR REPLACE TABLE stg_oews AS SELECT * FROM (VALUES ${list(oews, "'detailed'")}) AS t(soc_code, o_group)`,
    );
    await warehouse.execute('CREATE OR REPLACE TABLE stg_oews_staffing AS SELECT soc_code FROM stg_oews');
    await warehouse.execute(
      `CREATE OR REPLACE TABLE stg_ep_occupations AS SELECT * FROM (VALUES ${list(projections, 'true')}) AS t(soc_code, is_line_item)`,
    );
  }

  /** Build the named models (the project's own SQL) over the tables loaded so far. */
  async function build(names: readonly string[]) {
    if (!(await warehouse.tableExists('stg_oews'))) await published();
    const project = await onetProject(dir);
    for (const r of project.ordered.filter((x) => names.includes(x.model.name))) {
      await warehouse.createTableAs(r.model.name, r.sql);
    }
  }

  const SCALES = tsv([
    ['Scale ID', 'Scale Name', 'Minimum', 'Maximum'],
    ['IM', 'Importance', 1, 5],
    ['LV', 'Level', 0, 7],
    ['RL', 'Required Level Of Education (Categories 1-12)', 0, 100],
  ]);

  it('names the domain of a ratings file from its name', () => {
    expect(onetDomainOf('Skills.txt')).toBe('skills');
    expect(onetDomainOf('Knowledge.xlsx')).toBe('knowledge');
    expect(onetDomainOf('Abilities.tsv')).toBe('abilities');
    expect(onetDomainOf('Work Activities.txt')).toBeNull();
  });

  it('reads the text release and the Excel release (TSV export and workbook), leaving other O*NET files out', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Job Zones');
    sheet.addRow(['O*NET-SOC Code', 'Title', 'Job Zone', 'Date', 'Domain Source']);
    sheet.addRow(['51-2092.00', 'Team Assemblers', 2, '08/2023', 'Analyst']);
    sheet.addRow(['11-1011.03', 'Chief Sustainability Officers', 5, '08/2021', 'Analyst']);
    await book.xlsx.writeFile(join(dir, 'Job Zones.xlsx'));
    const result = await load(
      {
        'Skills.txt': tsv([
          TEXT_HEADER,
          textRow({ code: '11-1011.00', element: READING, scale: 'IM', value: 4.12 }),
          textRow({ code: '11-1011.00', element: READING, scale: 'LV', value: 4.62 }),
        ]),
        'Knowledge.tsv': tsv([
          EXCEL_HEADER,
          excelRow({ code: '11-1011.00', element: MECHANICAL, scale: 'IM', value: 1.5 }, 'Chief Executives'),
          excelRow(
            { code: '11-1011.00', element: MECHANICAL, scale: 'LV', value: 0.3, notRelevant: 'Y' },
            'Chief Executives',
          ),
        ]),
        // Same layout as the ratings, but not a domain this source loads.
        'Work Activities.txt': tsv([
          TEXT_HEADER,
          textRow({
            code: '11-1011.00',
            element: ['4.A.1.a.1', 'Getting Information'],
            scale: 'IM',
            value: 4,
          }),
        ]),
        'Level Scale Anchors.txt': tsv([
          ['Element ID', 'Element Name', 'Scale ID', 'Anchor Value', 'Anchor Description'],
        ]),
        'Scales Reference.txt': SCALES,
        'Occupation Data.txt': tsv([
          ['O*NET-SOC Code', 'Title', 'Description'],
          ['11-1011.00', 'Chief Executives', 'Determine and formulate policies "at the highest level".'],
        ]),
        'Related Occupations.txt': tsv([
          ['O*NET-SOC Code', 'Related O*NET-SOC Code', 'Relatedness Tier', 'Index'],
          ['11-1011.00', '11-1021.00', 'Primary-Short', 1],
        ]),
        'Education, Training, and Experience.txt': tsv([
          [
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
          [
            '11-1011.00',
            '2.D.1',
            'Required Level of Education',
            'RL',
            6,
            60,
            28,
            'n/a',
            'n/a',
            'n/a',
            'N',
            '08/2023',
            'Incumbent',
          ],
          [
            '11-1011.00',
            '2.D.1',
            'Required Level of Education',
            'RL',
            8,
            40,
            28,
            'n/a',
            'n/a',
            'n/a',
            'Y',
            '08/2023',
            'Incumbent',
          ],
          [
            '11-1011.00',
            '3.A.4.a',
            'Apprenticeship',
            'IM',
            'n/a',
            1.26,
            28,
            'n/a',
            'n/a',
            'n/a',
            'N',
            '08/2023',
            'Incumbent',
          ],
        ]),
      },
      ['Job Zones.xlsx'],
    );
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    const byFile = Object.fromEntries(
      result.files.map((f) => [f.display, { status: f.status, layout: f.layout?.id, rows: f.rows }]),
    );
    expect(byFile).toEqual({
      'Skills.txt': { status: 'loaded', layout: 'onet-ratings-text', rows: 2 },
      'Knowledge.tsv': { status: 'loaded', layout: 'onet-ratings-excel', rows: 2 },
      'Job Zones.xlsx': { status: 'loaded', layout: 'onet-job-zones-xlsx', rows: 2 },
      'Work Activities.txt': { status: 'ignored', layout: undefined, rows: 0 },
      'Level Scale Anchors.txt': { status: 'ignored', layout: undefined, rows: 0 },
      'Scales Reference.txt': { status: 'loaded', layout: 'onet-scales-text', rows: 3 },
      'Occupation Data.txt': { status: 'loaded', layout: 'onet-occupations-text', rows: 1 },
      'Related Occupations.txt': { status: 'loaded', layout: 'onet-related-text', rows: 1 },
      'Education, Training, and Experience.txt': { status: 'loaded', layout: 'onet-education-text', rows: 3 },
    });
    expect(result.files.find((f) => f.display === 'Work Activities.txt')?.ignored).toMatch(/matches none/);
    expect(
      await warehouse.query(
        `SELECT domain, scale_id, title, data_value, n, lower_ci_bound, recommend_suppress, not_relevant, _source_file
         FROM raw_onet_ratings ORDER BY domain, scale_id`,
      ),
    ).toEqual([
      {
        domain: 'knowledge',
        scale_id: 'IM',
        title: 'Chief Executives',
        data_value: 1.5,
        n: '8',
        lower_ci_bound: null,
        recommend_suppress: 'N',
        not_relevant: null,
        _source_file: 'Knowledge.tsv',
      },
      {
        domain: 'knowledge',
        scale_id: 'LV',
        title: 'Chief Executives',
        data_value: 0.3,
        n: '8',
        lower_ci_bound: null,
        recommend_suppress: 'N',
        not_relevant: 'Y',
        _source_file: 'Knowledge.tsv',
      },
      {
        domain: 'skills',
        scale_id: 'IM',
        title: null,
        data_value: 4.12,
        n: '8',
        lower_ci_bound: 'n/a',
        recommend_suppress: 'N',
        not_relevant: 'n/a',
        _source_file: 'Skills.txt',
      },
      {
        domain: 'skills',
        scale_id: 'LV',
        title: null,
        data_value: 4.62,
        n: '8',
        lower_ci_bound: 'n/a',
        recommend_suppress: 'N',
        not_relevant: 'N',
        _source_file: 'Skills.txt',
      },
    ]);
    // Quotes are text in the unquoted tab-delimited release.
    expect(await warehouse.query('SELECT description FROM raw_onet_occupations')).toEqual([
      { description: 'Determine and formulate policies "at the highest level".' },
    ]);

    await build([
      'stg_onet_scales',
      'stg_onet_occupations',
      'stg_onet_ratings',
      'stg_onet_job_zones',
      'stg_onet_related',
      'stg_onet_education',
    ]);
    // Standardised by hand: (4.12 - 1) / (5 - 1) × 100 = 78; 4.62 / 7 × 100 = 66; (1.5 - 1) / 4 × 100 = 12.5.
    const ratings = await warehouse.query(
      `SELECT domain, soc_code, title, importance, importance_std, level, level_std, level_metric,
              level_not_relevant, exclusion_reason
       FROM stg_onet_ratings ORDER BY domain`,
    );
    expect(ratings).toHaveLength(2);
    expect(ratings[0]).toMatchObject({
      domain: 'knowledge',
      soc_code: '11-1011',
      title: 'Chief Executives',
      importance_std: 12.5,
      level_metric: null,
      level_not_relevant: true,
      exclusion_reason: 'level not relevant',
    });
    expect(ratings[0]!['level_std']).toBeCloseTo((0.3 / 7) * 100, 10);
    expect(ratings[1]).toMatchObject({
      domain: 'skills',
      importance: 4.12,
      level: 4.62,
      exclusion_reason: null,
    });
    expect(ratings[1]!['importance_std']).toBeCloseTo(78, 10);
    expect(ratings[1]!['level_std']).toBeCloseTo(66, 10);
    expect(ratings[1]!['level_metric']).toBeCloseTo(66, 10);
    expect(
      await warehouse.query('SELECT soc_code, title, job_zone FROM stg_onet_job_zones ORDER BY 1'),
    ).toEqual([
      { soc_code: '11-1011', title: 'Chief Sustainability Officers', job_zone: 5 },
      { soc_code: '51-2092', title: 'Team Assemblers', job_zone: 2 },
    ]);
    expect(
      await warehouse.query(
        'SELECT soc_code, related_soc_code, tier_rank, related_index FROM stg_onet_related',
      ),
    ).toEqual([{ soc_code: '11-1011', related_soc_code: '11-1021', tier_rank: 1, related_index: 1 }]);
    expect(
      await warehouse.query(
        'SELECT scale_id, category, data_value, value_metric, suppressed FROM stg_onet_education ORDER BY scale_id, category',
      ),
    ).toEqual([
      { scale_id: 'IM', category: null, data_value: 1.26, value_metric: 1.26, suppressed: false },
      { scale_id: 'RL', category: 6, data_value: 60, value_metric: 60, suppressed: false },
      { scale_id: 'RL', category: 8, data_value: 40, value_metric: null, suppressed: true },
    ]);
  });

  it('reports a bad value with its file, line, column and reason', async () => {
    const result = await load({
      'Skills.txt': tsv([
        TEXT_HEADER,
        textRow({ code: '11-1011.00', element: READING, scale: 'IM', value: 4.12 }),
        textRow({ code: '11-1011', element: READING, scale: 'LV', value: 4.62 }),
        [
          ...textRow({ code: '11-1011.00', element: MATH, scale: 'LV', value: 3 }).slice(0, 9),
          'maybe',
          'N',
          '08/2023',
          'Analyst',
        ],
      ]),
    });
    expect(result.ok).toBe(false);
    expect(
      result.issues.map((i) => ({ file: i.file, line: i.line, column: i.column, message: i.message })),
    ).toEqual([
      {
        file: 'Skills.txt',
        line: 3,
        column: 1,
        message: 'onet_soc_code: not an O*NET-SOC code (NN-NNNN.NN)',
      },
      { file: 'Skills.txt', line: 4, column: 10, message: 'recommend_suppress: expected Y, N or n/a' },
    ]);
  });

  /**
   * Suppression and aggregation to SOC: 11-1011 has its .00 occupation and a specialty (.03), so only .00
   * counts; 13-1199 has two specialties and no .00, so they are averaged. Suppressed values count nowhere.
   */
  it('honours Recommend Suppress and Not Relevant, and prefers the .00 occupation over specialties', async () => {
    const rows: Rating[] = [
      { code: '11-1011.00', element: READING, scale: 'IM', value: im(80) },
      { code: '11-1011.00', element: READING, scale: 'LV', value: lv(70), suppress: 'Y' },
      { code: '11-1011.00', element: MATH, scale: 'IM', value: im(40), suppress: 'Y' },
      { code: '11-1011.00', element: MATH, scale: 'LV', value: lv(30) },
      { code: '11-1011.03', element: READING, scale: 'IM', value: im(20) },
      { code: '11-1011.03', element: READING, scale: 'LV', value: lv(20) },
      { code: '11-1011.03', element: MATH, scale: 'IM', value: im(60) },
      { code: '11-1011.03', element: MATH, scale: 'LV', value: lv(60) },
      { code: '13-1199.04', element: READING, scale: 'IM', value: im(60) },
      { code: '13-1199.04', element: READING, scale: 'LV', value: lv(50) },
      { code: '13-1199.05', element: READING, scale: 'IM', value: im(80) },
      { code: '13-1199.05', element: READING, scale: 'LV', value: lv(10), notRelevant: 'Y' },
      { code: '13-1199.04', element: MATH, scale: 'IM', value: im(30), suppress: 'Y' },
      { code: '13-1199.04', element: MATH, scale: 'LV', value: lv(30) },
      { code: '13-1199.05', element: MATH, scale: 'IM', value: im(50) },
      { code: '13-1199.05', element: MATH, scale: 'LV', value: lv(40) },
    ];
    const result = await load({
      'Skills.txt': tsv([TEXT_HEADER, ...rows.map(textRow)]),
      'Scales Reference.txt': SCALES,
    });
    expect(result.ok).toBe(true);
    await build([
      'stg_onet_scales',
      'stg_onet_occupations',
      'stg_onet_ratings',
      'stg_onet_job_zones',
      'int_onet_soc_crosswalk',
      'int_onet_soc_ratings',
    ]);
    const staged = await warehouse.query(
      `SELECT onet_soc_code, element_id, importance_std, importance_metric, importance_suppressed,
              level_std, level_metric, level_suppressed, level_not_relevant
       FROM stg_onet_ratings WHERE onet_soc_code = '11-1011.00' ORDER BY element_id`,
    );
    expect(staged.map(rounded)).toEqual([
      {
        onet_soc_code: '11-1011.00',
        element_id: '2.A.1.a',
        importance_std: 80,
        importance_metric: 80,
        importance_suppressed: false,
        level_std: 70,
        level_metric: null,
        level_suppressed: true,
        level_not_relevant: false,
      },
      {
        onet_soc_code: '11-1011.00',
        element_id: '2.A.1.e',
        importance_std: 40,
        importance_metric: null,
        importance_suppressed: true,
        level_std: 30,
        level_metric: 30,
        level_suppressed: false,
        level_not_relevant: false,
      },
    ]);
    const soc = await warehouse.query(
      `SELECT soc_code, element_id, importance_std, level_std, level_needed_std, basis, onet_soc_codes
       FROM int_onet_soc_ratings ORDER BY soc_code, element_id`,
    );
    expect(soc.map(rounded)).toEqual([
      // .00 only: the specialty's 20s and 60s do not count; suppressed values leave the mean empty.
      {
        soc_code: '11-1011',
        element_id: '2.A.1.a',
        importance_std: 80,
        level_std: null,
        level_needed_std: null,
        basis: 'onet_soc_00',
        onet_soc_codes: '11-1011.00',
      },
      {
        soc_code: '11-1011',
        element_id: '2.A.1.e',
        importance_std: null,
        level_std: 30,
        level_needed_std: 30,
        basis: 'onet_soc_00',
        onet_soc_codes: '11-1011.00',
      },
      // Mean of the specialties: importance (60 + 80) / 2; the not-relevant level is left out of the level
      // mean but counts as 0 in the level needed for gaps: (50 + 0) / 2.
      {
        soc_code: '13-1199',
        element_id: '2.A.1.a',
        importance_std: 70,
        level_std: 50,
        level_needed_std: 25,
        basis: 'mean_of_specialties',
        onet_soc_codes: '13-1199.04, 13-1199.05',
      },
      // The suppressed importance of .04 is left out: 50 alone.
      {
        soc_code: '13-1199',
        element_id: '2.A.1.e',
        importance_std: 50,
        level_std: 35,
        level_needed_std: 35,
        basis: 'mean_of_specialties',
        onet_soc_codes: '13-1199.04, 13-1199.05',
      },
    ]);
  });

  /** Checks declared on the named models that fail on the tables built. */
  async function failingChecks(names: readonly string[]): Promise<string[]> {
    const project = await onetProject(dir);
    const failing: string[] = [];
    for (const c of compileChecks(
      project.models.filter((m) => names.includes(m.name)),
      project.renderer,
    )) {
      const [row] = await warehouse.query(`SELECT count(*) AS n FROM (${c.failingSql}) AS failing`);
      if (Number(row!['n']) > 0) failing.push(c.id);
    }
    return failing;
  }

  /** Load the hand-made occupations of PROFILES and the tables other stages would have built. */
  async function loadProfiles() {
    const ratings: Rating[] = [];
    for (const [soc, p] of Object.entries(PROFILES)) {
      ELEMENTS.forEach((element, i) => {
        ratings.push({ code: `${soc}.00`, element, scale: 'IM', value: im(p.importance[i]!) });
        ratings.push({ code: `${soc}.00`, element, scale: 'LV', value: lv(p.level[i]!) });
      });
    }
    const skills = ratings.filter((r) => r.element !== MECHANICAL);
    const knowledge = ratings.filter((r) => r.element === MECHANICAL);
    const titles = Object.fromEntries(Object.entries(PROFILES).map(([soc, p]) => [`${soc}.00`, p.title]));
    const result = await load({
      'Skills.txt': tsv([TEXT_HEADER, ...skills.map(textRow)]),
      'Knowledge.tsv': tsv([EXCEL_HEADER, ...knowledge.map((r) => excelRow(r, titles[r.code]!))]),
      'Scales Reference.txt': SCALES,
      'Occupation Data.txt': tsv([
        ['O*NET-SOC Code', 'Title', 'Description'],
        ...Object.entries(titles).map(([code, title]) => [code, title, '']),
      ]),
      'Job Zones.txt': tsv([
        ['O*NET-SOC Code', 'Job Zone', 'Date', 'Domain Source'],
        ...Object.entries(PROFILES).map(([soc, p]) => [`${soc}.00`, p.zone, '08/2023', 'Analyst']),
      ]),
      'Related Occupations.txt': tsv([
        ['O*NET-SOC Code', 'Related O*NET-SOC Code', 'Relatedness Tier', 'Index'],
        ['51-2092.00', '51-1011.00', 'Primary-Short', 1],
        ['51-2092.00', '17-3026.00', 'Primary-Long', 6],
        ['51-1011.00', '17-2112.00', 'Primary-Short', 1],
      ]),
    });
    expect(result.issues).toEqual([]);
    const values = (rows: string[]) => rows.join(', ');
    const entries = Object.entries(PROFILES);
    await warehouse.execute(
      `CREATE TABLE mart_occupation_openings AS SELECT * FROM (VALUES ${values(
        entries.map(([soc, p]) => `('${soc}', '${p.title}', ${p.openings}.0)`),
      )}) AS t(soc_code, soc_title, annual_openings)`,
    );
    await warehouse.execute(
      `CREATE TABLE int_occupation_employment AS SELECT * FROM (VALUES ${values(
        entries.map(([soc, p]) => `('${soc}', '${p.title}', ${p.openings * 10}.0)`),
      )}) AS t(soc_code, soc_title, employment)`,
    );
    await warehouse.execute(
      `CREATE TABLE mart_occupation_wages AS SELECT * FROM (VALUES ${values(
        // The industrial engineers' median stands at OEWS's top-code (a lower bound).
        entries.map(
          ([soc, p]) =>
            `('${soc}', '${p.title}', ${p.wage}.0, ${soc === '17-2112' ? "'top_coded'" : 'CAST(NULL AS VARCHAR)'})`,
        ),
      )}) AS t(soc_code, soc_title, median_wage_annual, median_wage_annual_flag)`,
    );
    await build([
      'stg_onet_scales',
      'stg_onet_occupations',
      'stg_onet_ratings',
      'stg_onet_job_zones',
      'stg_onet_related',
      'int_onet_soc_crosswalk',
      'int_onet_soc_ratings',
      'int_onet_soc_job_zones',
      'int_onet_soc_related',
    ]);
  }

  async function seeds(metrics: Record<string, unknown>, surveys = false) {
    const config = await writePipeline(dir, {
      inputs: { qcew: { paths: 'none.csv', vintage: 'none' } },
      metrics,
      ...(surveys
        ? {
            surveys: {
              waves: [
                { wave: '2023', codebook: 'a.yaml', export: 'a.csv' },
                { wave: '2024', codebook: 'b.yaml', export: 'b.csv' },
              ],
              soc: { definitions: 'soc.csv' },
            },
          }
        : {}),
    });
    await writeSeeds(warehouse, config);
  }

  it('ranks career steps by cosine similarity with the related boost, within the wage and Job Zone rules', async () => {
    await loadProfiles();
    await seeds({ pathways: { minWageGain: 0.05, perOccupation: 5, entryJobZones: [2] } });
    await build(['mart_career_pathways']);
    const steps = await warehouse.query(
      `SELECT from_soc_code, to_soc_code, similarity, is_related, relatedness_tier, job_zone_step, ranking_score,
              step_rank, wage_gain_annual, wage_gain_pct, skills_to_build, knowledge_to_build, elements_compared
       FROM mart_career_pathways ORDER BY from_soc_code, step_rank`,
    );
    const vector = (soc: string) => PROFILES[soc]!.importance;
    const sim = (a: string, b: string) => cosine(vector(a), vector(b));
    // Hand check of one cosine: (50·50 + 25·75 + 75·75) / (√8750 · √13750).
    expect(sim('51-2092', '51-4041')).toBeCloseTo(10000 / Math.sqrt(8750 * 13750), 12);
    expect(steps.map((s) => [s['from_soc_code'], s['to_soc_code']])).toEqual([
      // Assemblers (zone 2, $40,000): Supervisors (zone 3, Primary-Short: 0.909 + 0.05), Technologists (zone 4,
      // reachable as Primary-Long: 0.926 + 0.03), Machinists (same zone, unrelated: 0.912). Not Inspectors
      // (+2.5 %) nor Industrial Engineers (zone 4, unrelated).
      ['51-2092', '51-1011'],
      ['51-2092', '17-3026'],
      ['51-2092', '51-4041'],
      // Machinists (zone 2, $50,000): Supervisors (zone 3). Technologists are two zones up and unrelated.
      ['51-4041', '51-1011'],
      // Inspectors (zone 2, $41,000): Machinists and Supervisors; Assemblers pay less.
      ['51-9061', '51-4041'],
      ['51-9061', '51-1011'],
    ]);
    const step = (from: string, to: string) =>
      steps.find((s) => s['from_soc_code'] === from && s['to_soc_code'] === to)!;
    for (const s of steps) {
      const from = String(s['from_soc_code']);
      const to = String(s['to_soc_code']);
      expect(s['similarity'] as number).toBeCloseTo(sim(from, to), 12);
      expect(s['similarity']).toBeGreaterThanOrEqual(0);
      expect(s['similarity']).toBeLessThanOrEqual(1);
      expect(s['elements_compared']).toBe(3);
      expect(s['wage_gain_annual']).toBe(PROFILES[to]!.wage - PROFILES[from]!.wage);
      expect(s['wage_gain_pct'] as number).toBeCloseTo(
        (100 * (PROFILES[to]!.wage - PROFILES[from]!.wage)) / PROFILES[from]!.wage,
        10,
      );
    }
    // The Primary-Short boost (0.05) puts the supervisors (cosine 0.909) above the machinists (0.912).
    expect(sim('51-2092', '51-1011')).toBeLessThan(sim('51-2092', '51-4041'));
    expect(step('51-2092', '51-1011')['ranking_score'] as number).toBeCloseTo(
      sim('51-2092', '51-1011') + 0.05,
      12,
    );
    expect(step('51-2092', '51-1011')).toMatchObject({
      is_related: true,
      relatedness_tier: 'Primary-Short',
      job_zone_step: 1,
    });
    expect(step('51-2092', '51-4041')).toMatchObject({
      is_related: false,
      relatedness_tier: null,
      job_zone_step: 0,
    });
    expect(step('51-2092', '17-3026')).toMatchObject({
      is_related: true,
      relatedness_tier: 'Primary-Long',
      job_zone_step: 2,
    });
    expect(step('51-2092', '17-3026')['ranking_score'] as number).toBeCloseTo(
      sim('51-2092', '17-3026') + 0.03,
      12,
    );
    // Skills to build: elements the target rates important (std ≥ 50) with a higher level than the source.
    // Assemblers → Machinists: math (70 vs 20); reading is equal; knowledge: mechanical (70 vs 60).
    expect(step('51-2092', '51-4041')).toMatchObject({
      skills_to_build: 'Mathematics',
      knowledge_to_build: 'Mechanical',
    });
    // Assemblers → Technologists: math +50 before reading +20.
    expect(step('51-2092', '17-3026')).toMatchObject({
      skills_to_build: 'Mathematics; Reading Comprehension',
      knowledge_to_build: 'Mechanical',
    });
    // Assemblers → Supervisors: reading (80 vs 50); math is not important to supervisors; mechanical is lower.
    expect(step('51-2092', '51-1011')).toMatchObject({
      skills_to_build: 'Reading Comprehension',
      knowledge_to_build: null,
    });
    expect(await failingChecks(['mart_career_pathways'])).toEqual([]);
  });

  it('lists at most pathway_limit steps per occupation and honours the least wage gain', async () => {
    await loadProfiles();
    await seeds({ pathways: { minWageGain: 0.3, perOccupation: 1, entryJobZones: [2, 3] } });
    await build(['mart_career_pathways']);
    expect(
      await warehouse.query(
        'SELECT from_soc_code, to_soc_code, to_wage_top_coded FROM mart_career_pathways ORDER BY 1',
      ),
    ).toEqual([
      // Assemblers: supervisors (+62.5 %, 0.909 + 0.05) beat technologists (+75 %, 0.926 + 0.03); machinists
      // (+25 %) fall below 30 %. Supervisors (zone 3) reach industrial engineers (zone 4, +46 %).
      { from_soc_code: '51-1011', to_soc_code: '17-2112', to_wage_top_coded: true },
      { from_soc_code: '51-2092', to_soc_code: '51-1011', to_wage_top_coded: false },
      { from_soc_code: '51-4041', to_soc_code: '51-1011', to_wage_top_coded: false },
      { from_soc_code: '51-9061', to_soc_code: '51-1011', to_wage_top_coded: false },
    ]);
  });

  it('weights the skill profile by openings and by survey hires, beside the survey skill gaps', async () => {
    await loadProfiles();
    await seeds({}, true);
    await warehouse.execute(
      `CREATE TABLE mart_survey_demand AS SELECT * FROM (VALUES
         ('2023', '51-2092', 'detailed', 'hires_12m', 100.0, 'ok'),
         ('2024', '51-2092', 'detailed', 'hires_12m', 30.0, 'ok'),
         ('2024', '51-4041', 'detailed', 'hires_12m', 10.0, 'caution'),
         ('2024', '51-1011', 'detailed', 'hires_12m', NULL, 'withheld'),
         ('2024', '51-0000', 'major', 'hires_12m', 40.0, 'ok'),
         ('2024', '51-4041', 'detailed', 'vacancies', 99.0, 'ok')
       ) AS t(wave, soc, level, measure, estimate, quality)`,
    );
    await warehouse.execute(
      `CREATE TABLE mart_survey_skill_gaps AS SELECT * FROM (VALUES
         ('2023', 'math', 'Math', 1, 1.0, 4.0, 0.5, 12, 'ok'),
         ('2024', 'math', ' MATHEMATICS ', 2, 0.8, 3.2, 0.4, 12, 'ok'),
         ('2024', 'teamwork', 'Teamwork', 1, 1.1, 4.4, 0.6, 12, 'ok')
       ) AS t(wave, skill_id, skill_label, rank, gap, mwds, share_citing, respondents, quality)`,
    );
    // The codebook names no O*NET element for these skills: they match by label.
    await warehouse.execute(
      `CREATE TABLE raw_survey_options AS SELECT * FROM (VALUES
         ('2024', 'skills', 'math', 'MATHEMATICS', 1, CAST(NULL AS VARCHAR))
       ) AS t(wave, question, option_id, label, position, onet_element)`,
    );
    await build(['mart_skill_profile']);
    const profile = await warehouse.query(
      `SELECT domain, element_name, importance_weighted, level_weighted, demand_rank, openings_rated_share,
              importance_hires, hires_rank, hires_wave, survey_match, survey_skill_id, survey_wave, survey_gap_rank
       FROM mart_skill_profile ORDER BY domain, element_name`,
    );
    const weighted = (
      i: number,
      weight: (soc: string) => number | undefined,
      key: 'importance' | 'level',
    ) => {
      let num = 0;
      let den = 0;
      for (const [soc, p] of Object.entries(PROFILES)) {
        const w = weight(soc);
        if (!w) continue;
        num += w * p[key][i]!;
        den += w;
      }
      return num / den;
    };
    const openings = (soc: string) => PROFILES[soc]!.openings;
    const hires = (soc: string) => ({ '51-2092': 30, '51-4041': 10 })[soc];
    expect(profile.map((p) => [p['domain'], p['element_name'], p['survey_match']])).toEqual([
      ['knowledge', 'Mechanical', 'onet_only'],
      ['skills', 'Mathematics', 'matched'],
      ['skills', 'Reading Comprehension', 'onet_only'],
      [null, null, 'survey_unmatched'],
    ]);
    const row = (name: string) => profile.find((p) => p['element_name'] === name)!;
    ELEMENTS.forEach(([, name], i) => {
      expect(row(name)['importance_weighted'] as number).toBeCloseTo(weighted(i, openings, 'importance'), 10);
      expect(row(name)['level_weighted'] as number).toBeCloseTo(weighted(i, openings, 'level'), 10);
      expect(row(name)['importance_hires'] as number).toBeCloseTo(weighted(i, hires, 'importance'), 10);
      expect(row(name)['openings_rated_share']).toBe(1);
      expect(row(name)['hires_wave']).toBe('2024');
    });
    // Openings-weighted: reading (10,250 / 190 = 53.9) ranks above math (7,625 / 190 = 40.1) among skills.
    expect(row('Reading Comprehension')['demand_rank']).toBe(1);
    expect(row('Mathematics')['demand_rank']).toBe(2);
    expect(row('Mechanical')['demand_rank']).toBe(1);
    // The latest wave's gaps, matched without regard to case and spaces; Teamwork stays unmatched.
    expect(row('Mathematics')).toMatchObject({
      survey_skill_id: 'math',
      survey_wave: '2024',
      survey_gap_rank: 2,
    });
    expect(profile[3]).toMatchObject({
      survey_skill_id: 'teamwork',
      survey_wave: '2024',
      survey_gap_rank: 1,
    });
    expect(await failingChecks(['mart_skill_profile'])).toEqual([]);
  });
});
