import type { Logger } from '../../effects.ts';
import { type Issue, SiError } from '../../errors.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { fileFacts } from '../files.ts';
import { loadRowTables, type RowColumn, type RowValue } from '../load-rows.ts';
import { type Codebook, loadCodebook } from './codebook.ts';
import { detectEncoding, readCsvRows } from './export.ts';
import { readWave, type SurveyCellNote, type WaveData } from './read-wave.ts';
import { type CountyLookup, employerKeys, type IndustryLookup, normalize, readCount } from './values.ts';

/** How a job title was coded to SOC 2018. */
export interface SocCoding {
  readonly soc: string | null;
  readonly socTitle: string | null;
  readonly score: number;
  readonly method: string;
  readonly needsReview: boolean;
  readonly candidates: readonly { readonly soc: string; readonly title: string; readonly score: number }[];
}

export interface SurveyWaveInput {
  readonly wave: string;
  readonly codebook: string;
  readonly export: string;
  readonly invited?: string;
}

export interface SurveyIngestOptions {
  readonly warehouse: Warehouse;
  readonly logger: Logger;
  readonly tag: string;
  readonly waves: readonly SurveyWaveInput[];
  readonly display: (path: string) => string;
  readonly counties: CountyLookup;
  readonly industries: IndustryLookup;
  /** Codes a job title; titles are given once each, normalised. */
  readonly codeTitle: (title: string) => SocCoding;
  /** SOC 2018 detailed codes and titles, to check codes employers wrote and to name occupations. */
  readonly socTitles: ReadonlyMap<string, string>;
}

export interface SurveyWaveSummary {
  readonly wave: string;
  readonly title: string;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly shape: string;
  readonly encoding: string;
  readonly responses: Record<'complete' | 'partial' | 'test' | 'duplicate' | 'unusable', number>;
  readonly jobs: number;
  readonly invited: number | null;
}

export interface SurveyIngestResult {
  readonly waves: readonly SurveyWaveSummary[];
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  /** Rejected and flagged cells and responses left out, with raw values: confidential. */
  readonly notes: readonly SurveyCellNote[];
  /** Job titles that could not be coded with confidence, for data staff to review or pin. */
  readonly socReview: readonly { title: string; responses: number; coding: SocCoding }[];
  readonly socMethods: Readonly<Record<string, number>>;
}

/** The survey tables of the warehouse. Answers identify employers: none of them is ever published as is. */
export const SURVEY_TABLES = {
  waves: 'raw_survey_waves',
  responses: 'raw_survey_responses',
  jobs: 'raw_survey_jobs',
  skills: 'raw_survey_skills',
  choices: 'raw_survey_choices',
  options: 'raw_survey_options',
  invited: 'raw_survey_invited',
  identities: 'raw_survey_identities',
  comments: 'raw_survey_comments',
  notes: 'raw_survey_notes',
} as const;

const s = (name: string): RowColumn => ({ name, type: 'string' });
const n = (name: string): RowColumn => ({ name, type: 'float64' });
const i = (name: string): RowColumn => ({ name, type: 'int64' });
const b = (name: string): RowColumn => ({ name, type: 'bool' });

const COLUMNS = {
  waves: [
    s('wave'),
    s('title'),
    s('shape'),
    s('encoding'),
    i('job_blocks'),
    i('hard_to_fill_min'),
    i('hard_to_fill_max'),
    i('skills_min'),
    i('skills_max'),
  ],
  responses: [
    s('wave'),
    s('response_id'),
    s('file'),
    i('line'),
    s('employer_key'),
    s('employer_id_key'),
    s('employer_name_key'),
    s('submitted_at'),
    n('progress'),
    s('status'),
    s('status_reason'),
    s('county_fips'),
    s('naics'),
    n('employees'),
    s('size_band'),
    s('top_challenge'),
  ],
  jobs: [
    s('wave'),
    s('response_id'),
    i('block'),
    s('title'),
    s('soc_given'),
    s('soc'),
    s('soc_title'),
    s('soc_method'),
    n('soc_score'),
    b('soc_needs_review'),
    s('soc_candidates'),
    n('current_employees'),
    n('vacancies'),
    n('hires_12m'),
    n('hires_1_3y'),
    n('hires_3_5y'),
    n('hires_growth_12m'),
    n('hires_replacement_12m'),
    n('hard_to_fill'),
    n('wage_low'),
    n('wage_high'),
    s('wage_unit'),
    n('wage_hourly'),
    s('education'),
    s('credentials'),
  ],
  skills: [s('wave'), s('response_id'), s('skill_id'), n('importance'), n('proficiency')],
  choices: [s('wave'), s('response_id'), s('question'), s('option_id')],
  options: [s('wave'), s('question'), s('option_id'), s('label'), i('position'), s('onet_element')],
  invited: [
    s('wave'),
    s('employer_key'),
    s('id_key'),
    s('name_key'),
    s('county_fips'),
    s('naics'),
    n('employees'),
  ],
  identities: [s('wave'), s('response_id'), s('field'), s('value')],
  comments: [s('wave'), s('response_id'), s('comment')],
  notes: [s('wave'), s('file'), i('line'), i('column'), s('field'), s('raw_value'), s('kind'), s('reason')],
} as const satisfies Record<keyof typeof SURVEY_TABLES, readonly RowColumn[]>;

/**
 * Read every survey wave with its codebook, code job titles to SOC 2018, and replace the survey tables in
 * one step. A wave whose export cannot be read at all (its header does not match its codebook) fails the
 * stage with every problem; problems in single cells are kept as notes and never stop the run.
 */
export async function ingestSurveys(options: SurveyIngestOptions): Promise<SurveyIngestResult> {
  const { logger, display } = options;
  const progress = logger.progress('ingest surveys');
  const waves: WaveData[] = [];
  const codebooks: Codebook[] = [];
  const summaries: SurveyWaveSummary[] = [];
  const invitedRows: RowValue[][] = [];
  const issues: Issue[] = [];
  for (const [k, input] of options.waves.entries()) {
    progress.update(k / options.waves.length, `wave ${input.wave}`);
    try {
      const codebook = await loadCodebook(input.codebook, display(input.codebook));
      if (codebook.wave !== input.wave) {
        throw new SiError(
          'E_CONFIG_INVALID',
          `${display(input.codebook)} is the codebook of wave ${codebook.wave}, not ${input.wave}`,
        );
      }
      const [data, facts] = await Promise.all([
        readWave({
          path: input.export,
          display: display(input.export),
          codebook,
          counties: options.counties,
          industries: options.industries,
        }),
        fileFacts(input.export),
      ]);
      const invited = input.invited
        ? await readInvited(input.invited, display(input.invited), input.wave, issues)
        : null;
      if (invited) invitedRows.push(...invited);
      waves.push(data);
      codebooks.push(codebook);
      const count = (st: string) => data.responses.filter((r) => r.status === st).length;
      summaries.push({
        wave: input.wave,
        title: codebook.title,
        file: data.file,
        ...facts,
        shape: data.shape,
        encoding: data.encoding,
        responses: {
          complete: count('complete'),
          partial: count('partial'),
          test: count('test'),
          duplicate: count('duplicate'),
          unusable: count('unusable'),
        },
        jobs: data.jobs.length,
        invited: invited?.length ?? null,
      });
    } catch (error) {
      if (!(error instanceof SiError)) throw error;
      issues.push(...(error.issues.length ? error.issues : [{ code: error.code, message: error.message }]));
    }
  }
  if (issues.length) {
    progress.done('failed');
    throw new SiError(
      'E_INPUT_INVALID',
      `the survey inputs have ${issues.length} problem(s); nothing was replaced`,
      { issues },
    );
  }

  // Code each distinct job title once.
  const codings = new Map<string, SocCoding>();
  const socMethods: Record<string, number> = {};
  const reviewCount = new Map<string, number>();
  const jobRows: RowValue[][] = [];
  for (const data of waves) {
    for (const job of data.jobs) {
      let coding: SocCoding | undefined;
      if (job.socGiven && options.socTitles.has(job.socGiven)) {
        coding = {
          soc: job.socGiven,
          socTitle: options.socTitles.get(job.socGiven)!,
          score: 1,
          method: 'given',
          needsReview: false,
          candidates: [],
        };
      } else if (job.title) {
        const key = normalize(job.title);
        if (!codings.has(key)) codings.set(key, options.codeTitle(job.title));
        coding = codings.get(key)!;
        if (job.socGiven) {
          data.notes.push({
            wave: data.wave,
            file: data.file,
            line: data.responses.find((r) => r.responseId === job.responseId)?.line ?? 0,
            column: null,
            field: `jobs.soc (job ${job.block})`,
            rawValue: job.socGiven,
            kind: 'flagged',
            reason: 'not a detailed SOC 2018 code; the job title was coded instead',
          });
        }
        if (coding.needsReview) reviewCount.set(key, (reviewCount.get(key) ?? 0) + 1);
      }
      const method = coding?.method ?? 'none';
      socMethods[method] = (socMethods[method] ?? 0) + 1;
      jobRows.push([
        job.wave,
        job.responseId,
        job.block,
        job.title,
        job.socGiven,
        coding?.needsReview ? null : (coding?.soc ?? null),
        coding?.needsReview ? null : (coding?.socTitle ?? null),
        method,
        coding?.score ?? null,
        coding?.needsReview ?? false,
        coding?.candidates.map((c) => `${c.soc} ${c.title} (${c.score.toFixed(2)})`).join('; ') || null,
        job.currentEmployees,
        job.vacancies,
        job.hires12m,
        job.hires1to3y,
        job.hires3to5y,
        job.hiresGrowth12m,
        job.hiresReplacement12m,
        job.hardToFill,
        job.wageLow,
        job.wageHigh,
        job.wageUnit,
        job.wageHourly,
        job.education,
        job.credentials,
      ]);
    }
  }
  const socReview = [...reviewCount.entries()]
    .map(([title, responses]) => ({ title, responses, coding: codings.get(title)! }))
    .sort((a, z) => z.responses - a.responses || (a.title < z.title ? -1 : 1));

  const notes = waves.flatMap((w) => w.notes);
  const all = <T>(pick: (w: WaveData) => T[]) => waves.flatMap(pick);
  const tables = await loadRowTables(
    options.warehouse,
    [
      {
        table: SURVEY_TABLES.responses,
        columns: COLUMNS.responses,
        rows: all((w) => w.responses).map((r) => [
          r.wave,
          r.responseId,
          r.file,
          r.line,
          r.employerKey,
          r.employerIdKey,
          r.employerNameKey,
          r.submittedAt,
          r.progress,
          r.status,
          r.statusReason,
          r.countyFips,
          r.naics,
          r.employees,
          r.sizeBand,
          r.topChallenge,
        ]),
      },
      {
        table: SURVEY_TABLES.waves,
        columns: COLUMNS.waves,
        rows: codebooks.map((c, k) => {
          const scale = c.jobs?.hardToFill?.scale ?? { min: 1, max: 5 };
          const skills = c.skills?.scale ?? { min: 1, max: 5 };
          return [
            c.wave,
            c.title,
            waves[k]!.shape,
            waves[k]!.encoding,
            c.jobs?.blocks ?? 0,
            scale.min,
            scale.max,
            skills.min,
            skills.max,
          ];
        }),
      },
      { table: SURVEY_TABLES.jobs, columns: COLUMNS.jobs, rows: jobRows },
      {
        table: SURVEY_TABLES.skills,
        columns: COLUMNS.skills,
        rows: all((w) => w.skills).map((x) => [x.wave, x.responseId, x.skillId, x.importance, x.proficiency]),
      },
      {
        table: SURVEY_TABLES.choices,
        columns: COLUMNS.choices,
        rows: all((w) => w.choices).map((c) => [c.wave, c.responseId, c.question, c.optionId]),
      },
      { table: SURVEY_TABLES.options, columns: COLUMNS.options, rows: codebooks.flatMap(optionRows) },
      { table: SURVEY_TABLES.invited, columns: COLUMNS.invited, rows: invitedRows },
      {
        table: SURVEY_TABLES.identities,
        columns: COLUMNS.identities,
        rows: all((w) => w.identities).map((x) => [x.wave, x.responseId, x.field, x.value]),
      },
      {
        table: SURVEY_TABLES.comments,
        columns: COLUMNS.comments,
        rows: all((w) => w.comments).map((c) => [c.wave, c.responseId, c.comment]),
      },
      {
        table: SURVEY_TABLES.notes,
        columns: COLUMNS.notes,
        rows: notes.map((x) => [x.wave, x.file, x.line, x.column, x.field, x.rawValue, x.kind, x.reason]),
      },
    ],
    options.tag,
  );
  const complete = summaries.reduce((k, w) => k + w.responses.complete, 0);
  progress.done(
    `${summaries.length} wave(s), ${complete} complete response(s), ${notes.filter((x) => x.kind === 'rejected').length} rejected cell(s), ${socReview.length} job title(s) to review`,
  );
  return { waves: summaries, tables, notes, socReview, socMethods };
}

/** Labels of every option and skill of a codebook, so marts can name them. */
function optionRows(codebook: Codebook): RowValue[][] {
  const rows: RowValue[][] = [];
  const add = (
    question: string,
    options: Record<string, string | string[]>,
    onet: Record<string, string | undefined> = {},
  ) => {
    for (const [position, [id, labels]] of Object.entries(options).entries()) {
      rows.push([codebook.wave, question, id, [labels].flat()[0]!, position + 1, onet[id] ?? null]);
    }
  };
  for (const q of ['challenges', 'training', 'workBasedLearning'] as const)
    if (codebook[q]) add(q, codebook[q]!.options);
  if (codebook.skills)
    add(
      'skills',
      Object.fromEntries(codebook.skills.items.map((item) => [item.id, item.label])),
      Object.fromEntries(codebook.skills.items.map((item) => [item.id, item.onet])),
    );
  if (codebook.jobs?.education) add('education', codebook.jobs.education.options);
  return rows;
}

/**
 * The invitation list: who was asked, for response rates (employer_id, employer_name, county_fips, naics,
 * employees). Read like an export (either encoding); ids and names are kept only as keys.
 */
async function readInvited(
  path: string,
  display: string,
  wave: string,
  issues: Issue[],
): Promise<RowValue[][]> {
  const rows: RowValue[][] = [];
  let header: string[] | undefined;
  for await (const row of readCsvRows(path, await detectEncoding(path), display)) {
    if (!header) {
      header = row.cells.map((c) => normalize(c));
      for (const required of ['employer_id', 'employer_name', 'employees']) {
        if (!header.includes(required)) {
          issues.push({
            code: 'missing_column',
            file: display,
            line: row.line,
            message: `the invitation list has no ${required} column`,
          });
        }
      }
      continue;
    }
    const cell = (name: string) => row.cells[header!.indexOf(name)];
    const keys = employerKeys(cell('employer_id'), cell('employer_name'));
    if (!keys.key) {
      issues.push({
        code: 'invited_without_id',
        file: display,
        line: row.line,
        message: 'invited employer without employer_id or employer_name',
      });
      continue;
    }
    const employees = readCount(cell('employees'));
    if (employees.problem) {
      issues.push({
        code: 'bad_value',
        file: display,
        line: row.line,
        column: header.indexOf('employees') + 1,
        message: `employees: ${employees.problem}`,
      });
    }
    rows.push([
      wave,
      keys.key,
      keys.idKey,
      keys.nameKey,
      cell('county_fips') ?? null,
      cell('naics') ?? null,
      employees.value,
    ]);
  }
  return rows;
}

/** Empty survey tables, for pipelines without surveys: the models read them all the same. */
export async function emptySurveyTables(warehouse: Warehouse, tag: string): Promise<void> {
  await loadRowTables(
    warehouse,
    (Object.keys(SURVEY_TABLES) as (keyof typeof SURVEY_TABLES)[]).map((k) => ({
      table: SURVEY_TABLES[k],
      columns: COLUMNS[k],
      rows: [],
    })),
    tag,
  );
}
