import { basename } from 'node:path';
import { type Issue, SiError } from '../../errors.ts';
import type { Codebook } from './codebook.ts';
import { ColumnResolver, describe, fill, type RefLike } from './columns.ts';
import { detectEncoding, detectHeader, type ExportColumn, type ExportRow, readCsvRows } from './export.ts';
import {
  type CountyLookup,
  employerKeys,
  type IndustryLookup,
  isMissing,
  normalize,
  type Options,
  type Read,
  readBoolean,
  readChoice,
  readCount,
  readCounty,
  readMulti,
  readNaics,
  readPercent,
  readScale,
  readSoc,
  readTimestamp,
  readWage,
} from './values.ts';

/**
 * Why a response does not count: partial, a test, superseded by the same employer's later one, or unusable
 * (complete, but its county or industry cannot be read, so it cannot be placed in the frame).
 */
export type ResponseStatus = 'complete' | 'partial' | 'test' | 'duplicate' | 'unusable';

export interface SurveyResponse {
  readonly wave: string;
  readonly responseId: string;
  readonly file: string;
  readonly line: number;
  /** sha256 of the employer's id or name: links an employer's answers without naming it. */
  readonly employerKey: string | null;
  /** sha256 of the employer's id and of its name, to match invitations on either. */
  readonly employerIdKey: string | null;
  readonly employerNameKey: string | null;
  readonly submittedAt: string | null;
  readonly progress: number | null;
  status: ResponseStatus;
  statusReason: string | null;
  readonly countyFips: string | null;
  readonly naics: string | null;
  readonly employees: number | null;
  readonly sizeBand: string | null;
  readonly topChallenge: string | null;
}

export interface SurveyJob {
  readonly wave: string;
  readonly responseId: string;
  readonly block: number;
  readonly title: string | null;
  readonly socGiven: string | null;
  readonly currentEmployees: number | null;
  readonly vacancies: number | null;
  readonly hires12m: number | null;
  readonly hires1to3y: number | null;
  readonly hires3to5y: number | null;
  readonly hiresGrowth12m: number | null;
  readonly hiresReplacement12m: number | null;
  readonly hardToFill: number | null;
  readonly wageLow: number | null;
  readonly wageHigh: number | null;
  readonly wageUnit: 'hour' | 'year' | null;
  readonly wageHourly: number | null;
  readonly education: string | null;
  readonly credentials: string | null;
}

export interface SurveySkill {
  readonly wave: string;
  readonly responseId: string;
  readonly skillId: string;
  readonly importance: number | null;
  readonly proficiency: number | null;
}

export interface SurveyChoice {
  readonly wave: string;
  readonly responseId: string;
  readonly question: 'challenges' | 'training' | 'workBasedLearning';
  readonly optionId: string;
}

/** A value identifying a person or an employer: kept apart from the answers, never published. */
export interface SurveyIdentity {
  readonly wave: string;
  readonly responseId: string;
  readonly field: string;
  readonly value: string;
}

/**
 * A cell that was rejected, or read with an interpretation (flagged), or a response left out. Holds the raw
 * answer: confidential, kept in the warehouse and the run's private rejects file only.
 */
export interface SurveyCellNote {
  readonly wave: string;
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
  readonly field: string;
  readonly rawValue: string | null;
  readonly kind: 'rejected' | 'flagged' | 'response';
  readonly reason: string;
}

export interface WaveData {
  readonly wave: string;
  readonly file: string;
  readonly shape: string;
  readonly encoding: string;
  readonly responses: SurveyResponse[];
  readonly jobs: SurveyJob[];
  readonly skills: SurveySkill[];
  readonly choices: SurveyChoice[];
  readonly identities: SurveyIdentity[];
  readonly comments: { wave: string; responseId: string; comment: string }[];
  readonly notes: SurveyCellNote[];
}

export interface ReadWaveOptions {
  readonly path: string;
  /** The path as users see it. */
  readonly display: string;
  readonly codebook: Codebook;
  readonly counties: CountyLookup;
  readonly industries: IndustryLookup;
}

/**
 * Read one wave's export with its codebook into typed records. Every cell that cannot be read, or was read
 * with an interpretation, becomes a note with file, line, column, raw value and reason; nothing is dropped
 * silently. A header that lacks a required question is an error (nothing is read).
 */
export async function readWave(options: ReadWaveOptions): Promise<WaveData> {
  const { path, display, codebook } = options;
  const wave = codebook.wave;
  const encoding = await detectEncoding(path);
  const rows = readCsvRows(path, encoding, display);
  // Up to three rows to recognise the header (breaking out of a for-await would close the stream).
  const head: ExportRow[] = [];
  while (head.length < 3) {
    const next = await rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  if (head.length === 0) {
    throw new SiError('E_INPUT_INVALID', `${display} is empty`, {
      issues: [{ code: 'empty', file: display, line: 1, message: 'file is empty' }],
    });
  }
  const header = detectHeader(head, codebook.format, encoding);
  const plan = planColumns(header, codebook, display);
  if (plan.issues.length) {
    throw new SiError('E_INPUT_INVALID', `${display}: the export does not match codebook wave ${wave}`, {
      issues: plan.issues,
    });
  }
  const data: WaveData = {
    wave,
    file: display,
    shape: header.shape,
    encoding,
    responses: [],
    jobs: [],
    skills: [],
    choices: [],
    identities: [],
    comments: [],
    notes: [],
  };
  const width = header.columns.length;
  const reader = new RowReader(data, options, plan);
  // Rows already read while sniffing the header that are data rows.
  for (const row of head.slice(header.headerLines)) reader.read(row, width);
  for await (const row of { [Symbol.asyncIterator]: () => rows }) reader.read(row, width);
  markDuplicates(data);
  return data;
}

interface ColumnPlan {
  readonly issues: Issue[];
  readonly meta: Partial<
    Record<'responseId' | 'submittedAt' | 'progress' | 'finished' | 'test', ExportColumn>
  >;
  readonly employer: Partial<
    Record<'id' | 'name' | 'county' | 'naics' | 'employees' | 'sizeBand', ExportColumn>
  >;
  readonly identifying: { id: string; column: ExportColumn }[];
  readonly jobs: { block: number; columns: Partial<Record<JobField, ExportColumn>> }[];
  readonly skills: { id: string; importance?: ExportColumn; proficiency?: ExportColumn }[];
  readonly multi: {
    question: SurveyChoice['question'];
    single?: ExportColumn;
    perOption: { id: string; column: ExportColumn }[];
  }[];
  readonly topChallenge?: ExportColumn;
  readonly comments?: ExportColumn;
  readonly required: { field: string; column: ExportColumn }[];
}

export type JobField =
  | 'title'
  | 'soc'
  | 'currentEmployees'
  | 'vacancies'
  | 'hires12m'
  | 'hires1to3y'
  | 'hires3to5y'
  | 'hiresGrowth12m'
  | 'hiresReplacement12m'
  | 'hardToFill'
  | 'wage'
  | 'education'
  | 'credentials';

/** The questions of a job block, in the order questionnaires usually ask them. */
export const JOB_FIELDS: readonly JobField[] = [
  'title',
  'soc',
  'currentEmployees',
  'vacancies',
  'hires12m',
  'hires1to3y',
  'hires3to5y',
  'hiresGrowth12m',
  'hiresReplacement12m',
  'hardToFill',
  'wage',
  'education',
  'credentials',
];

function planColumns(header: ReturnType<typeof detectHeader>, codebook: Codebook, file: string): ColumnPlan {
  const r = new ColumnResolver(header, file);
  const required: { field: string; column: ExportColumn }[] = [];
  const find = (ref: (RefLike & { required?: boolean }) | undefined, what: string, vars = {}) => {
    if (!ref) return undefined;
    const column = r.find(fill(ref, vars), what, ref.required ?? false);
    if (column && ref.required) required.push({ field: what, column });
    return column;
  };
  const meta = {
    responseId: find(codebook.metadata.responseId, 'metadata.responseId'),
    submittedAt: find(codebook.metadata.submittedAt, 'metadata.submittedAt'),
    progress: find(codebook.metadata.progress, 'metadata.progress'),
    finished: find(codebook.metadata.finished, 'metadata.finished'),
    test: find(codebook.metadata.test, 'metadata.test'),
  };
  const e = codebook.employer;
  const employer = {
    id: find(e.id, 'employer.id'),
    name: find(e.name, 'employer.name'),
    county: find({ ...e.county, required: true }, 'employer.county'),
    naics: find({ ...e.naics, required: true }, 'employer.naics'),
    employees: find(e.employees, 'employer.employees'),
    sizeBand: find(e.sizeBand, 'employer.sizeBand'),
  };
  const identifying = codebook.identifying.flatMap((i) => {
    const column = find(i, `identifying.${i.id}`);
    return column ? [{ id: i.id, column }] : [];
  });
  const jobs: ColumnPlan['jobs'] = [];
  if (codebook.jobs) {
    for (let n = 1; n <= codebook.jobs.blocks; n++) {
      const columns: Partial<Record<JobField, ExportColumn>> = {};
      for (const field of JOB_FIELDS) {
        const ref = codebook.jobs[field] as (RefLike & { required?: boolean }) | undefined;
        // Only the first block's required questions are required: employers list as many jobs as they have.
        const column = find(ref && n > 1 ? { ...ref, required: false } : ref, `jobs.${field} (job ${n})`, {
          n,
        });
        if (column) columns[field] = column;
      }
      jobs.push({ block: n, columns });
    }
    // A question the other job blocks have but this one lacks is a header that changed (a typo in the
    // export, say): its answers would be dropped without a word. A block with no column at all is one the
    // export does not have, which is allowed.
    for (const { block, columns } of jobs) {
      if (Object.keys(columns).length === 0) continue;
      for (const field of JOB_FIELDS) {
        const ref = codebook.jobs[field] as RefLike | undefined;
        if (!ref || columns[field]) continue;
        const others = jobs.filter((j) => j.columns[field]).map((j) => j.block);
        if (others.length === 0) continue;
        r.issues.push({
          code: 'missing_column',
          file,
          line: 1,
          message: `jobs.${field} (job ${block}): no column matches ${describe(fill(ref, { n: block }))}, though job ${others.join(', ')} ${others.length > 1 ? 'have' : 'has'} one`,
        });
      }
    }
  }
  const skills = (codebook.skills?.items ?? []).map((item) => {
    const labels = [item.label].flat();
    const findLabel = (ref: RefLike, what: string) => {
      for (const label of labels) {
        const column = r.find(fill(ref, { label }), what);
        if (column) return column;
      }
      r.issues.push({
        code: 'missing_column',
        file,
        line: 1,
        message: `${what}: no column for skill "${labels[0]}"`,
      });
      return undefined;
    };
    return {
      id: item.id,
      importance: findLabel(codebook.skills!.importance, `skills.importance.${item.id}`),
      proficiency: findLabel(codebook.skills!.proficiency, `skills.proficiency.${item.id}`),
    };
  });
  const multi: ColumnPlan['multi'] = [];
  for (const question of ['challenges', 'training', 'workBasedLearning'] as const) {
    const spec = codebook[question];
    if (!spec) continue;
    const split = r.optionColumns(spec);
    if (split.length > 1) {
      const perOption: { id: string; column: ExportColumn }[] = [];
      for (const column of split) {
        const id = Object.entries(spec.options).find(([, labels]) =>
          [labels].flat().some((l) => normalize(l) === normalize(column.sub ?? '')),
        )?.[0];
        if (id) perOption.push({ id, column });
        else {
          r.issues.push({
            code: 'unknown_option_column',
            file,
            line: 2,
            column: column.index + 1,
            message: `${question}: the export has an option "${column.sub}" the codebook does not list`,
          });
        }
      }
      multi.push({ question, perOption });
    } else {
      multi.push({ question, single: find(spec, question), perOption: [] });
    }
  }
  return {
    issues: r.issues,
    meta,
    employer,
    identifying,
    jobs,
    skills,
    multi,
    topChallenge: find(codebook.topChallenge, 'topChallenge'),
    comments: find(codebook.comments, 'comments'),
    required,
  };
}

class RowReader {
  constructor(
    private readonly data: WaveData,
    private readonly options: ReadWaveOptions,
    private readonly plan: ColumnPlan,
  ) {}

  read(row: ExportRow, width: number): void {
    const { data, plan, options } = this;
    const { codebook } = options;
    const wave = data.wave;
    const cell = (column: ExportColumn | undefined) => (column ? row.cells[column.index] : undefined);
    const note = (
      field: string,
      column: ExportColumn | undefined,
      kind: SurveyCellNote['kind'],
      reason: string,
    ) =>
      data.notes.push({
        wave,
        file: data.file,
        line: row.line,
        column: column ? column.index + 1 : null,
        field,
        rawValue: column ? (row.cells[column.index] ?? null) : null,
        kind,
        reason,
      });
    /** Read a cell, noting a problem (and returning null) or an interpretation. */
    const take = <T>(
      field: string,
      column: ExportColumn | undefined,
      reader: (text: string | undefined) => Read<T>,
    ): T | null => {
      if (!column) return null;
      const result = reader(cell(column));
      if (result.problem) {
        note(field, column, 'rejected', result.problem);
        return null;
      }
      if (result.flag) note(field, column, 'flagged', result.flag);
      return result.value;
    };
    if (row.cells.length !== width && row.cells.some((c) => c !== '')) {
      note('(row)', undefined, 'flagged', `row has ${row.cells.length} cells, the header ${width}`);
    }
    const responseId =
      (cell(plan.meta.responseId) ?? '').trim() || `${wave}:${basename(data.file)}:${row.line}`;
    const e = plan.employer;
    const idText = cell(e.id);
    const nameText = cell(e.name);
    const keys = employerKeys(idText, nameText);
    const progress = take('metadata.progress', plan.meta.progress, readPercent);
    const finished = take('metadata.finished', plan.meta.finished, readBoolean);
    const testColumn = plan.meta.test;
    const testValues = codebook.metadata.test?.values.map(normalize) ?? [];
    // Only what the codebook says marks a test: a firm may well be called "Testing Machines Inc.".
    const isTest = testColumn !== undefined && testValues.includes(normalize(cell(testColumn) ?? ''));
    const bands = codebook.employer.sizeBand?.bands ?? {};
    const bandLabel = take('employer.sizeBand', e.sizeBand, (t): Read<string> => {
      if (isMissing(t)) return { value: null };
      const label = Object.keys(bands).find((b) => normalize(b) === normalize(t!));
      return label
        ? { value: label }
        : { value: null, problem: `not one of the size bands (${Object.keys(bands).join(', ')})` };
    });
    let employees = take('employer.employees', e.employees, readCount);
    if (employees === null && bandLabel) {
      const [lo, hi] = bands[bandLabel]!;
      employees = (lo + hi) / 2;
      note(
        'employer.employees',
        e.sizeBand,
        'flagged',
        `employees estimated at the midpoint of size band "${bandLabel}"`,
      );
    }
    const response: SurveyResponse = {
      wave,
      responseId,
      file: data.file,
      line: row.line,
      employerKey: keys.key,
      employerIdKey: keys.idKey,
      employerNameKey: keys.nameKey,
      submittedAt: take('metadata.submittedAt', plan.meta.submittedAt, readTimestamp),
      progress,
      status: 'complete',
      statusReason: null,
      countyFips: take('employer.county', e.county, (t) => readCounty(t, options.counties)),
      naics: take('employer.naics', e.naics, (t) => readNaics(t, options.industries)),
      employees,
      sizeBand: bandLabel ?? null,
      topChallenge: codebook.topChallenge
        ? take('topChallenge', plan.topChallenge, (t) =>
            readChoice(t, codebook.topChallenge!.options as Options),
          )
        : null,
    };
    for (const { id, column } of [
      ...(e.name ? [{ id: 'employer_name', column: e.name }] : []),
      ...(e.id ? [{ id: 'employer_id', column: e.id }] : []),
      ...plan.identifying,
    ]) {
      const value = cell(column);
      if (!isMissing(value)) data.identities.push({ wave, responseId, field: id, value: value!.trim() });
    }
    // Jobs: a block with nothing in it was left empty; numbers with neither a title nor a code are noted.
    const job = codebook.jobs;
    for (const { block, columns } of plan.jobs) {
      const filled = Object.values(columns).some((c) => !isMissing(cell(c)));
      if (!filled) continue;
      const f = (field: JobField) => `jobs.${field} (job ${block})`;
      let title = isMissing(cell(columns.title)) ? null : cell(columns.title)!.trim();
      let socGiven = take(f('soc'), columns.soc, readSoc);
      // Employers sometimes put the code in the title: "51-2092 Assembler".
      const coded = title ? /^(\d{2}-\d{4})(?:\.\d{2})?\s*[-–:]?\s+(.+)$/.exec(title) : null;
      if (coded) {
        title = coded[2]!;
        if (!socGiven) {
          socGiven = coded[1]!;
          note(f('title'), columns.title, 'flagged', `SOC code ${coded[1]} taken from the job title`);
        }
      }
      // A SOC code alone places the job; without either the numbers cannot be put to an occupation.
      if (!title && !socGiven) {
        note(f('title'), columns.title, 'rejected', 'job block answered without a job title or SOC code');
      }
      const wage = take(f('wage'), columns.wage, readWage);
      data.jobs.push({
        wave,
        responseId,
        block,
        title,
        socGiven,
        currentEmployees: take(f('currentEmployees'), columns.currentEmployees, readCount),
        vacancies: take(f('vacancies'), columns.vacancies, readCount),
        hires12m: take(f('hires12m'), columns.hires12m, readCount),
        hires1to3y: take(f('hires1to3y'), columns.hires1to3y, readCount),
        hires3to5y: take(f('hires3to5y'), columns.hires3to5y, readCount),
        hiresGrowth12m: take(f('hiresGrowth12m'), columns.hiresGrowth12m, readCount),
        hiresReplacement12m: take(f('hiresReplacement12m'), columns.hiresReplacement12m, readCount),
        hardToFill: take(f('hardToFill'), columns.hardToFill, (t) =>
          readScale(t, job?.hardToFill?.scale ?? { min: 1, max: 5, labels: {} }),
        ),
        wageLow: wage?.low ?? null,
        wageHigh: wage?.high ?? null,
        wageUnit: wage?.unit ?? null,
        wageHourly: wage?.hourly ?? null,
        education: job?.education
          ? take(f('education'), columns.education, (t) => readChoice(t, job.education!.options as Options))
          : null,
        credentials: isMissing(cell(columns.credentials)) ? null : cell(columns.credentials)!.trim(),
      });
    }
    const scale = codebook.skills?.scale ?? { min: 1, max: 5, labels: {} };
    for (const skill of plan.skills) {
      const importance = take(`skills.importance.${skill.id}`, skill.importance, (t) => readScale(t, scale));
      const proficiency = take(`skills.proficiency.${skill.id}`, skill.proficiency, (t) =>
        readScale(t, scale),
      );
      if (importance !== null || proficiency !== null)
        data.skills.push({ wave, responseId, skillId: skill.id, importance, proficiency });
    }
    for (const m of plan.multi) {
      const spec = codebook[m.question]!;
      const chosen = new Set<string>();
      if (m.single) {
        const result = readMulti(cell(m.single), spec.options as Options, spec.separator ?? ',');
        if (result.problem) note(m.question, m.single, 'rejected', result.problem);
        for (const id of result.value ?? []) chosen.add(id);
      }
      for (const { id, column } of m.perOption) if (!isMissing(cell(column))) chosen.add(id);
      for (const optionId of chosen) data.choices.push({ wave, responseId, question: m.question, optionId });
    }
    const comment = cell(plan.comments);
    if (!isMissing(comment)) data.comments.push({ wave, responseId, comment: comment!.trim() });

    // Why a response would not count.
    const missingRequired = plan.required.filter(({ column }) => isMissing(cell(column))).map((r) => r.field);
    if (isTest) {
      response.status = 'test';
      response.statusReason = 'test response';
    } else if ((progress !== null && progress < 100) || finished === false) {
      response.status = 'partial';
      response.statusReason = `partial response${progress !== null ? ` (progress ${progress}%)` : ''}`;
    } else if (missingRequired.length) {
      response.status = 'partial';
      response.statusReason = `required question(s) unanswered: ${missingRequired.join(', ')}`;
    } else if (response.countyFips === null || response.naics === null) {
      response.status = 'unusable';
      response.statusReason = 'county or industry could not be read';
    }
    data.responses.push(response);
    if (response.status !== 'complete')
      note('(response)', undefined, 'response', response.statusReason ?? response.status);
  }
}

/** Of several submissions by one employer, the latest complete one counts; the others are noted. */
function markDuplicates(data: WaveData): void {
  const byEmployer = new Map<string, SurveyResponse[]>();
  for (const r of data.responses) {
    if (r.employerKey === null || r.status === 'test') continue;
    byEmployer.set(r.employerKey, [...(byEmployer.get(r.employerKey) ?? []), r]);
  }
  for (const group of byEmployer.values()) {
    if (group.length < 2) continue;
    const rank = (r: SurveyResponse) =>
      `${r.status === 'complete' ? 1 : 0}|${r.submittedAt ?? ''}|${String(r.line).padStart(9, '0')}`;
    const keep = [...group].sort((a, b) => (rank(a) < rank(b) ? 1 : -1))[0]!;
    for (const r of group) {
      if (r === keep) continue;
      const previous = r.status;
      r.status = 'duplicate';
      r.statusReason = `another submission by the same employer (line ${keep.line}) ${keep.status === 'complete' && previous === 'complete' ? 'is later' : 'is the complete one'}`;
      data.notes.push({
        wave: data.wave,
        file: data.file,
        line: r.line,
        column: null,
        field: '(response)',
        rawValue: null,
        kind: 'response',
        reason: r.statusReason,
      });
    }
  }
}
