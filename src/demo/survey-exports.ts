/**
 * The three survey-tool export shapes of the demo employer-needs survey, written byte for byte as the tools write
 * them, and the questionnaire of each wave (the texts and option labels the codebooks in pipelines/codebooks map):
 *
 * - Qualtrics (2022): UTF-8 with BOM, CRLF, every field quoted; three header rows (column ids, question texts,
 *   ImportId JSON); multi-selects in one cell joined by ",".
 * - SurveyMonkey (2023): Windows-1252, CRLF; two header rows (question text once, then "Response",
 *   "Open-Ended Response", an option label or a matrix row label per column); a chosen option's cell holds its label.
 * - Google Forms (2024): UTF-8 without BOM, LF; one header row; grids as `Question [Row]`; multi-selects joined
 *   by ", ".
 *
 * The questionnaire changes a little between waves, as real ones do: the hard-to-fill question is reworded after
 * 2022, some skill and option labels change, housing joins the challenges in 2024, and job blocks go from 3 to 5.
 */

import { mulberry32 } from './random.ts';
import type { EducationId } from './soc-jobs.ts';
import { challengesOffered, SKILLS, TRAINING_OPTIONS, WBL_OPTIONS } from './soc-jobs.ts';
import type { DemoSubmission, DemoTypedJob } from './survey.ts';

export type DemoSurveyTool = 'qualtrics' | 'surveymonkey' | 'google-forms';

export interface DemoWaveSpec {
  readonly wave: string;
  readonly year: number;
  readonly tool: DemoSurveyTool;
  readonly jobBlocks: number;
  /** File name of the export. */
  readonly file: string;
  readonly title: string;
  /** Organization names typed into the two test responses. */
  readonly testNames: readonly [string, string];
}

export const DEMO_WAVES: readonly DemoWaveSpec[] = [
  {
    wave: '2022',
    year: 2022,
    tool: 'qualtrics',
    jobBlocks: 3,
    file: 'wave-2022-qualtrics.csv',
    title: 'Lakeshore Valley Manufacturing Workforce Needs Survey 2022',
    testNames: ['asdf', 'Test Co'],
  },
  {
    wave: '2023',
    year: 2023,
    tool: 'surveymonkey',
    jobBlocks: 5,
    file: 'wave-2023-surveymonkey.csv',
    title: 'Lakeshore Valley Manufacturing Workforce Needs Survey 2023',
    testNames: ['TEST - please ignore', 'test test'],
  },
  {
    wave: '2024',
    year: 2024,
    tool: 'google-forms',
    jobBlocks: 5,
    file: 'wave-2024-google-forms.csv',
    title: 'Lakeshore Valley Manufacturing Workforce Needs Survey 2024',
    testNames: ['TEST - please ignore', 'Testing 123'],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Questionnaires

type JobTextField = Exclude<keyof DemoTypedJob, 'hardToFill' | 'education'>;

const JOB_TEXT_FIELDS: readonly JobTextField[] = [
  'title',
  'soc',
  'currentEmployees',
  'vacancies',
  'hires12m',
  'hiresGrowth12m',
  'hiresReplacement12m',
  'hires1to3y',
  'hires3to5y',
  'wage',
];

/** What one wave asked, in its own words. */
export interface DemoQuestionnaire {
  readonly employerId?: string;
  readonly name: string;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly county: string;
  readonly naics: string;
  readonly employees: string;
  readonly jobFields: Readonly<Record<JobTextField, string>>;
  readonly hardToFill: string;
  /** Labels of 1..5; numbers are written when absent. */
  readonly hardToFillLabels?: readonly string[];
  readonly education: string;
  readonly educationLabels: Readonly<Record<EducationId, string>>;
  readonly importance: string;
  readonly importanceLabels?: readonly string[];
  readonly proficiency: string;
  readonly proficiencyLabels?: readonly string[];
  /** Skill id → row label, in matrix order. */
  readonly skillLabels: Readonly<Record<string, string>>;
  readonly challenges: string;
  /** Challenge id → option label, for the options this wave offered. */
  readonly challengeLabels: Readonly<Record<string, string>>;
  readonly topChallenge: string;
  readonly training: string;
  readonly trainingLabels: Readonly<Record<string, string>>;
  readonly workBasedLearning: string;
  readonly workBasedLearningLabels: Readonly<Record<string, string>>;
  readonly comment: string;
}

const EDUCATION_LABELS: Readonly<Record<EducationId, string>> = {
  none: 'No formal education required',
  high_school: 'High school diploma or GED',
  certificate: 'Postsecondary certificate or license',
  associate: 'Associate degree',
  bachelor: "Bachelor's degree or higher",
};

const labelsOf = (items: readonly { id: string; label: string }[]) =>
  Object.fromEntries(items.map((i) => [i.id, i.label]));

const SKILL_LABELS_2022: Readonly<Record<string, string>> = {
  ...labelsOf(SKILLS),
  attendance_reliability: 'Attendance/reliability',
};
const SKILL_LABELS_LATER: Readonly<Record<string, string>> = {
  ...labelsOf(SKILLS),
  blueprint_reading: 'Reading blueprints and drawings',
  math: 'Shop math',
};

function challengeLabels(year: number): Record<string, string> {
  const labels = labelsOf(challengesOffered(year));
  // "Child care" became "Childcare" when the survey moved tools.
  if (year >= 2023) labels['childcare'] = 'Childcare';
  return labels;
}

const PROFICIENCY_LABELS = ['Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

const QUESTIONNAIRE_2022: DemoQuestionnaire = {
  name: 'Organization name',
  contactName: 'Your name',
  contactEmail: 'Your email',
  county: 'County where this site is located',
  naics: 'Primary industry (NAICS code or description)',
  employees: 'Number of employees at this site (full- and part-time)',
  jobFields: {
    title: 'Job title',
    soc: 'SOC code (if known)',
    currentEmployees: 'Current employees in this job',
    vacancies: 'Current openings',
    hires12m: 'Hires expected in the next 12 months',
    hiresGrowth12m: 'Of these: new positions (growth)',
    hiresReplacement12m: 'Of these: replacing workers who leave or retire',
    hires1to3y: 'Hires expected in 1-3 years',
    hires3to5y: 'Hires expected in 3-5 years',
    wage: 'Starting wage',
  },
  hardToFill: 'How difficult is it to fill each job?',
  hardToFillLabels: [
    'Very easy',
    'Somewhat easy',
    'Neither easy nor difficult',
    'Somewhat difficult',
    'Very difficult',
  ],
  education: 'Minimum education required for each job',
  educationLabels: EDUCATION_LABELS,
  importance: 'How important is each skill when you hire?',
  importanceLabels: [
    'Not at all important',
    'Slightly important',
    'Moderately important',
    'Very important',
    'Extremely important',
  ],
  proficiency: 'How would you rate your applicants in each skill?',
  proficiencyLabels: PROFICIENCY_LABELS,
  skillLabels: SKILL_LABELS_2022,
  challenges: 'Which of these are workforce challenges for your organization? (Select all that apply)',
  challengeLabels: challengeLabels(2022),
  topChallenge: 'Which one is your biggest workforce challenge?',
  training: 'Which kinds of training would you like for your workers? (Select all that apply)',
  trainingLabels: labelsOf(TRAINING_OPTIONS),
  workBasedLearning: 'Which work-based learning would your company offer or expand? (Select all that apply)',
  workBasedLearningLabels: labelsOf(WBL_OPTIONS),
  comment: 'Anything else you would like the partnership to know?',
};

const LATER_JOB_FIELDS: Readonly<Record<JobTextField, string>> = {
  title: 'Job title',
  soc: 'SOC code (if known)',
  currentEmployees: 'Current employees',
  vacancies: 'Current openings',
  hires12m: 'Hires in the next 12 months',
  hiresGrowth12m: 'New positions (growth)',
  hiresReplacement12m: 'Replacements (turnover and retirement)',
  hires1to3y: 'Hires in 1-3 years',
  hires3to5y: 'Hires in 3-5 years',
  wage: 'Starting wage (hourly or annual)',
};

const QUESTIONNAIRE_2023: DemoQuestionnaire = {
  ...QUESTIONNAIRE_2022,
  contactEmail: 'Your email address',
  employees: 'How many people work at this site (full- and part-time)?',
  jobFields: LATER_JOB_FIELDS,
  hardToFill: 'How hard is it to find qualified candidates for this job?',
  hardToFillLabels: ['Very easy', 'Easy', 'Moderate', 'Hard', 'Very hard'],
  education: 'Minimum education required',
  importanceLabels: ['Not important', 'Somewhat important', 'Important', 'Very important', 'Critical'],
  proficiency: "How would you rate applicants' proficiency in each skill?",
  skillLabels: SKILL_LABELS_LATER,
  challengeLabels: challengeLabels(2023),
};

const QUESTIONNAIRE_2024: DemoQuestionnaire = {
  ...QUESTIONNAIRE_2023,
  employerId: 'Employer ID (from your invitation email)',
  name: 'Company or organization name',
  county: 'County',
  employees: 'Number of employees at this site',
  // Google Forms linear scales and grids write the numbers.
  hardToFillLabels: undefined,
  importanceLabels: undefined,
  proficiencyLabels: undefined,
  challengeLabels: challengeLabels(2024),
};

/**
 * The questionnaire of a demo wave.
 *
 * @example demoQuestionnaire('2023').hardToFill // 'How hard is it to find qualified candidates for this job?'
 */
export function demoQuestionnaire(wave: string): DemoQuestionnaire {
  if (wave === '2022') return QUESTIONNAIRE_2022;
  if (wave === '2023') return QUESTIONNAIRE_2023;
  if (wave === '2024') return QUESTIONNAIRE_2024;
  throw new Error(`no demo questionnaire for wave ${wave}`);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV and encodings

/**
 * CSV text: fields quoted when they hold a comma, quote or line break (or always, as Qualtrics does), quotes
 * doubled, records ended by `eol`. Line breaks inside fields are kept as typed.
 *
 * @example formatCsv([['a', 'b,c']], { eol: '\r\n', quoteAll: false }) // 'a,"b,c"\r\n'
 */
export function formatCsv(
  rows: readonly (readonly string[])[],
  options: { readonly eol: '\r\n' | '\n'; readonly quoteAll: boolean },
): string {
  const field = (text: string) =>
    options.quoteAll || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  return rows.map((row) => row.map(field).join(',')).join(options.eol) + options.eol;
}

/**
 * Windows-1252's 0x80-0x9F: the characters where it differs from ISO-8859-1 (0xA0-0xFF are the same code points;
 * 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned). Written out rather than read off TextDecoder, whose
 * 'windows-1252' on Node 20 decodes these bytes as C1 control characters, like ISO-8859-1.
 */
export const WINDOWS_1252_HIGH: Readonly<Record<number, string>> = {
  128: '\u20ac',
  130: '\u201a',
  131: '\u0192',
  132: '\u201e',
  133: '\u2026',
  134: '\u2020',
  135: '\u2021',
  136: '\u02c6',
  137: '\u2030',
  138: '\u0160',
  139: '\u2039',
  140: '\u0152',
  142: '\u017d',
  145: '\u2018',
  146: '\u2019',
  147: '\u201c',
  148: '\u201d',
  149: '\u2022',
  150: '\u2013',
  151: '\u2014',
  152: '\u02dc',
  153: '\u2122',
  154: '\u0161',
  155: '\u203a',
  156: '\u0153',
  158: '\u017e',
  159: '\u0178',
};

const CP1252 = new Map<string, number>([
  ...Object.entries(WINDOWS_1252_HIGH).map(([byte, ch]): [string, number] => [ch, Number(byte)]),
  ...Array.from({ length: 0x60 }, (_, i): [string, number] => [String.fromCharCode(0xa0 + i), 0xa0 + i]),
]);

/** Letters NFD does not split into a base letter and a mark. */
const UNDECOMPOSABLE: Readonly<Record<string, string>> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i' };

/**
 * What a 1252 form keeps of text typed outside the code page: accents Windows-1252 has stay, others lose their
 * mark (Ł → L, ễ → e), anything else becomes "?".
 *
 * @example foldToWindows1252('Łukasz Müller') // 'Lukasz Müller'
 */
export function foldToWindows1252(text: string): string {
  const table = CP1252;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || table.has(ch)) {
      out += ch;
      continue;
    }
    const base = UNDECOMPOSABLE[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every((c) => c.codePointAt(0)! < 0x80 || table.has(c)) && base !== '' ? base : '?';
  }
  return out;
}

/**
 * Encode text as Windows-1252 bytes; throws on a character the code page lacks (fold first).
 *
 * @example encodeWindows1252('Müller’s') // <Buffer 4d fc 6c 6c 65 72 92 73>
 */
export function encodeWindows1252(text: string): Buffer {
  const table = CP1252;
  const bytes = Buffer.alloc(text.length);
  let i = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const byte = code < 0x80 ? code : table.get(ch);
    if (byte === undefined)
      throw new RangeError(`"${ch}" (U+${code.toString(16).toUpperCase()}) is not in Windows-1252`);
    bytes[i++] = byte;
  }
  return bytes.subarray(0, i);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates (local wall-clock time kept as UTC fields: the tools export local time without a zone)

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** `2022-03-14 09:12:33` */
function qualtricsDate(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** `03/14/2023 09:12:33 AM` */
function surveyMonkeyDate(ms: number): string {
  const p = parts(ms);
  const h12 = p.h % 12 === 0 ? 12 : p.h % 12;
  return `${pad(p.mo)}/${pad(p.d)}/${p.y} ${pad(h12)}:${pad(p.mi)}:${pad(p.s)} ${p.h < 12 ? 'AM' : 'PM'}`;
}

/** `3/14/2024 9:12:33` */
function googleFormsDate(ms: number): string {
  const p = parts(ms);
  return `${p.mo}/${p.d}/${p.y} ${p.h}:${pad(p.mi)}:${pad(p.s)}`;
}

/** A small seeded stream for tool-side ids, from a submission's key. */
function idStream(key: number): () => number {
  return mulberry32(key);
}

// ---------------------------------------------------------------------------------------------------------------
// Answers → cells

const rating = (value: number | undefined, labels: readonly string[] | undefined): string =>
  value === undefined ? '' : (labels?.[value - 1] ?? String(value));

function choices(ids: readonly string[] | undefined, labels: Readonly<Record<string, string>>): string[] {
  return (ids ?? []).flatMap((id) => (labels[id] === undefined ? [] : [labels[id]!]));
}

const jobOf = (s: DemoSubmission, n: number): DemoTypedJob => s.answers.jobs[n - 1] ?? {};

/** One export column: its header texts and how a submission fills it. */
interface Column {
  /** Qualtrics column id (row 1). */
  readonly id?: string;
  /** Question text (Qualtrics row 2, SurveyMonkey row 1 of the question's first column, Google Forms header). */
  readonly text: string;
  /** SurveyMonkey row 2. */
  readonly sub?: string;
  /** Qualtrics row 3. */
  readonly importId?: string;
  /** SurveyMonkey: the first column of a question carries its text; later ones leave row 1 empty. */
  readonly continues?: boolean;
  readonly cell: (s: DemoSubmission) => string;
}

// ---------------------------------------------------------------------------------------------------------------
// Qualtrics

const importId = (id: string, timeZone = false) =>
  timeZone ? `{"ImportId":"${id}","timeZone":"America/Chicago"}` : `{"ImportId":"${id}"}`;

function qualtricsResponseId(key: number): string {
  const next = idStream(key);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let id = 'R_';
  for (let i = 0; i < 15; i++) id += alphabet[Math.floor(next() * alphabet.length)];
  return id;
}

const WEEK = 7 * 86_400_000;

function qualtricsColumns(q: DemoQuestionnaire, jobBlocks: number): Column[] {
  const personal = (s: DemoSubmission) => s.channel === 'email' && s.employer !== undefined;
  const meta: Column[] = [
    {
      id: 'StartDate',
      text: 'Start Date',
      importId: importId('startDate', true),
      cell: (s) => qualtricsDate(s.startedAt),
    },
    {
      id: 'EndDate',
      text: 'End Date',
      importId: importId('endDate', true),
      cell: (s) => qualtricsDate(s.submittedAt),
    },
    {
      id: 'Status',
      text: 'Response Type',
      importId: importId('status'),
      cell: (s) => (s.test ? 'Survey Preview' : 'IP Address'),
    },
    { id: 'IPAddress', text: 'IP Address', importId: importId('ipAddress'), cell: (s) => s.ip },
    { id: 'Progress', text: 'Progress', importId: importId('progress'), cell: (s) => String(s.progress) },
    {
      id: 'Duration (in seconds)',
      text: 'Duration (in seconds)',
      importId: importId('duration'),
      cell: (s) => String(Math.round((s.submittedAt - s.startedAt) / 1000)),
    },
    {
      id: 'Finished',
      text: 'Finished',
      importId: importId('finished'),
      cell: (s) => (s.finished ? 'True' : 'False'),
    },
    {
      id: 'RecordedDate',
      text: 'Recorded Date',
      importId: importId('recordedDate', true),
      // Unfinished responses are recorded when Qualtrics closes them, a week after the last activity.
      cell: (s) => qualtricsDate(s.finished ? s.submittedAt : s.submittedAt + WEEK),
    },
    {
      id: 'ResponseId',
      text: 'Response ID',
      importId: importId('_recordId'),
      cell: (s) => qualtricsResponseId(s.key),
    },
    {
      id: 'RecipientLastName',
      text: 'Recipient Last Name',
      importId: importId('recipientLastName'),
      cell: (s) => (personal(s) ? s.employer!.contact.lastName : ''),
    },
    {
      id: 'RecipientFirstName',
      text: 'Recipient First Name',
      importId: importId('recipientFirstName'),
      cell: (s) => (personal(s) ? s.employer!.contact.firstName : ''),
    },
    {
      id: 'RecipientEmail',
      text: 'Recipient Email',
      importId: importId('recipientEmail'),
      cell: (s) => (personal(s) ? s.employer!.contact.email : ''),
    },
    {
      id: 'ExternalReference',
      text: 'External Data Reference',
      importId: importId('externalDataReference'),
      cell: (s) => s.answers.employerId ?? '',
    },
    {
      id: 'LocationLatitude',
      text: 'Location Latitude',
      importId: importId('locationLatitude'),
      cell: (s) => s.latitude,
    },
    {
      id: 'LocationLongitude',
      text: 'Location Longitude',
      importId: importId('locationLongitude'),
      cell: (s) => s.longitude,
    },
    {
      id: 'DistributionChannel',
      text: 'Distribution Channel',
      importId: importId('distributionChannel'),
      cell: (s) => s.channel,
    },
    { id: 'UserLanguage', text: 'User Language', importId: importId('userLanguage'), cell: () => 'EN' },
  ];
  const text = (n: number, label: string, cell: (s: DemoSubmission) => string | undefined): Column => ({
    id: `Q${n}`,
    text: label,
    importId: importId(`QID${n}_TEXT`),
    cell: (s) => cell(s) ?? '',
  });
  const columns: Column[] = [
    ...meta,
    text(1, q.name, (s) => s.answers.name),
    text(2, q.contactName, (s) => s.answers.contactName),
    text(3, q.contactEmail, (s) => s.answers.contactEmail),
    text(4, q.county, (s) => s.answers.county),
    text(5, q.naics, (s) => s.answers.naics),
    text(6, q.employees, (s) => s.answers.employees),
  ];
  // One form-field question per job field with a box per job (Q7_1 = job 1's title, Q7_2 = job 2's …), so the
  // job number is the field number, as in the TPM-style questionnaires built in Qualtrics.
  JOB_TEXT_FIELDS.forEach((field, f) => {
    const qid = 7 + f;
    for (let n = 1; n <= jobBlocks; n++) {
      columns.push({
        id: `Q${qid}_${n}`,
        text: `${q.jobFields[field]} - Job ${n}`,
        importId: importId(`QID${qid}_${n}`),
        cell: (s) => jobOf(s, n)[field] ?? '',
      });
    }
  });
  const matrix = (qid: number, question: string, rows: readonly [string, (s: DemoSubmission) => string][]) =>
    rows.map(
      ([row, cell], r): Column => ({
        id: `Q${qid}_${r + 1}`,
        text: `${question} - ${row}`,
        importId: importId(`QID${qid}_${r + 1}`),
        cell,
      }),
    );
  const jobRows = (f: (job: DemoTypedJob) => string) =>
    Array.from({ length: jobBlocks }, (_, i): [string, (s: DemoSubmission) => string] => [
      `Job ${i + 1}`,
      (s) => f(jobOf(s, i + 1)),
    ]);
  const qHard = 7 + JOB_TEXT_FIELDS.length;
  columns.push(
    ...matrix(
      qHard,
      q.hardToFill,
      jobRows((job) => rating(job.hardToFill, q.hardToFillLabels)),
    ),
  );
  columns.push(
    ...matrix(
      qHard + 1,
      q.education,
      jobRows((job) => (job.education ? q.educationLabels[job.education] : '')),
    ),
  );
  const skills = Object.entries(q.skillLabels);
  columns.push(
    ...matrix(
      qHard + 2,
      q.importance,
      skills.map(([id, label]) => [
        label,
        (s: DemoSubmission) => rating(s.answers.importance[id], q.importanceLabels),
      ]),
    ),
    ...matrix(
      qHard + 3,
      q.proficiency,
      skills.map(([id, label]) => [
        label,
        (s: DemoSubmission) => rating(s.answers.proficiency[id], q.proficiencyLabels),
      ]),
    ),
  );
  const single = (qid: number, label: string, cell: (s: DemoSubmission) => string): Column => ({
    id: `Q${qid}`,
    text: label,
    importId: importId(`QID${qid}`),
    cell,
  });
  columns.push(
    single(qHard + 4, q.challenges, (s) => choices(s.answers.challenges, q.challengeLabels).join(',')),
    single(qHard + 5, q.topChallenge, (s) =>
      choices(s.answers.topChallenge ? [s.answers.topChallenge] : [], q.challengeLabels).join(''),
    ),
    single(qHard + 6, q.training, (s) => choices(s.answers.training, q.trainingLabels).join(',')),
    single(qHard + 7, q.workBasedLearning, (s) =>
      choices(s.answers.workBasedLearning, q.workBasedLearningLabels).join(','),
    ),
    text(qHard + 8, q.comment, (s) => s.answers.comment),
  );
  return columns;
}

/**
 * A Qualtrics "CSV" export (legacy layout, choice text): UTF-8 with BOM, CRLF, every field quoted.
 *
 * @example formatQualtricsExport(demoQuestionnaire('2022'), 3, submissions).subarray(0, 3) // <Buffer ef bb bf>
 */
export function formatQualtricsExport(
  q: DemoQuestionnaire,
  jobBlocks: number,
  submissions: readonly DemoSubmission[],
): Buffer {
  const columns = qualtricsColumns(q, jobBlocks);
  const rows = [
    columns.map((c) => c.id ?? ''),
    columns.map((c) => c.text),
    columns.map((c) => c.importId ?? ''),
    ...submissions.map((s) => columns.map((c) => c.cell(s))),
  ];
  return Buffer.from(`\uFEFF${formatCsv(rows, { eol: '\r\n', quoteAll: true })}`, 'utf8');
}

// ---------------------------------------------------------------------------------------------------------------
// SurveyMonkey

const SM_EMAIL_COLLECTOR = '431208716';
const SM_WEB_COLLECTOR = '431208733';

function surveyMonkeyColumns(
  q: DemoQuestionnaire,
  jobBlocks: number,
  respondentIds: Map<DemoSubmission, string>,
): Column[] {
  const personal = (s: DemoSubmission) => s.channel === 'email' && s.employer !== undefined;
  const meta = (text: string, cell: (s: DemoSubmission) => string): Column => ({ text, sub: '', cell });
  const open = (text: string, cell: (s: DemoSubmission) => string | undefined): Column => ({
    text,
    sub: 'Open-Ended Response',
    cell: (s) => cell(s) ?? '',
  });
  const response = (text: string, cell: (s: DemoSubmission) => string): Column => ({
    text,
    sub: 'Response',
    cell,
  });
  /** A question with one column per sub-question or option; row 1 carries the text once. */
  const split = (text: string, subs: readonly [string, (s: DemoSubmission) => string][]): Column[] =>
    subs.map(([sub, cell], i) => ({ text, sub, cell, continues: i > 0 }));
  const columns: Column[] = [
    meta('Respondent ID', (s) => respondentIds.get(s) ?? ''),
    meta('Collector ID', (s) => (s.channel === 'email' ? SM_EMAIL_COLLECTOR : SM_WEB_COLLECTOR)),
    meta('Start Date', (s) => surveyMonkeyDate(s.startedAt)),
    meta('End Date', (s) => surveyMonkeyDate(s.submittedAt)),
    meta('IP Address', (s) => s.ip),
    meta('Email Address', (s) => (personal(s) ? s.employer!.contact.email : '')),
    meta('First Name', (s) => (personal(s) ? s.employer!.contact.firstName : '')),
    meta('Last Name', (s) => (personal(s) ? s.employer!.contact.lastName : '')),
    meta('Custom Data 1', (s) => s.answers.employerId ?? ''),
    open(q.name, (s) => s.answers.name),
    open(q.contactName, (s) => s.answers.contactName),
    open(q.contactEmail, (s) => s.answers.contactEmail),
    open(q.county, (s) => s.answers.county),
    open(q.naics, (s) => s.answers.naics),
    open(q.employees, (s) => s.answers.employees),
  ];
  for (let n = 1; n <= jobBlocks; n++) {
    columns.push(
      ...split(
        `Job ${n}`,
        JOB_TEXT_FIELDS.map((field): [string, (s: DemoSubmission) => string] => [
          q.jobFields[field],
          (s) => jobOf(s, n)[field] ?? '',
        ]),
      ),
      response(`Job ${n}: ${q.hardToFill}`, (s) => rating(jobOf(s, n).hardToFill, q.hardToFillLabels)),
      response(`Job ${n}: ${q.education}`, (s) => {
        const education = jobOf(s, n).education;
        return education ? q.educationLabels[education] : '';
      }),
    );
  }
  const skills = Object.entries(q.skillLabels);
  const multi = (
    text: string,
    labels: Readonly<Record<string, string>>,
    ids: (s: DemoSubmission) => readonly string[] | undefined,
  ) =>
    split(
      text,
      Object.entries(labels).map(([id, label]): [string, (s: DemoSubmission) => string] => [
        label,
        (s) => (ids(s)?.includes(id) ? label : ''),
      ]),
    );
  columns.push(
    ...split(
      q.importance,
      skills.map(([id, label]): [string, (s: DemoSubmission) => string] => [
        label,
        (s) => rating(s.answers.importance[id], q.importanceLabels),
      ]),
    ),
    ...split(
      q.proficiency,
      skills.map(([id, label]): [string, (s: DemoSubmission) => string] => [
        label,
        (s) => rating(s.answers.proficiency[id], q.proficiencyLabels),
      ]),
    ),
    ...multi(q.challenges, q.challengeLabels, (s) => s.answers.challenges),
    response(q.topChallenge, (s) =>
      s.answers.topChallenge ? (q.challengeLabels[s.answers.topChallenge] ?? '') : '',
    ),
    ...multi(q.training, q.trainingLabels, (s) => s.answers.training),
    ...multi(q.workBasedLearning, q.workBasedLearningLabels, (s) => s.answers.workBasedLearning),
    open(q.comment, (s) => s.answers.comment),
  );
  return columns;
}

/**
 * A SurveyMonkey "All individual responses" CSV (expanded): Windows-1252, CRLF, two header rows. Text the code
 * page cannot hold is folded the way a 1252 form would have kept it.
 *
 * @example formatSurveyMonkeyExport(demoQuestionnaire('2023'), 5, submissions).subarray(0, 13).toString() // 'Respondent ID'
 */
export function formatSurveyMonkeyExport(
  q: DemoQuestionnaire,
  jobBlocks: number,
  submissions: readonly DemoSubmission[],
): Buffer {
  // Respondent ids grow with submission time, as SurveyMonkey's do.
  const respondentIds = new Map<DemoSubmission, string>();
  let id = 114_212_000_000;
  for (const s of submissions) {
    id += 1_000 + Math.floor(idStream(s.key)() * 4_000_000);
    respondentIds.set(s, String(id));
  }
  const columns = surveyMonkeyColumns(q, jobBlocks, respondentIds);
  const rows = [
    columns.map((c) => (c.continues ? '' : c.text)),
    columns.map((c) => c.sub ?? ''),
    ...submissions.map((s) => columns.map((c) => c.cell(s))),
  ];
  // SurveyMonkey lists the newest response first.
  const [first, second, ...data] = rows;
  const text = formatCsv([first!, second!, ...data.reverse()], { eol: '\r\n', quoteAll: false });
  return encodeWindows1252(foldToWindows1252(text));
}

// ---------------------------------------------------------------------------------------------------------------
// Google Forms

function googleFormsColumns(q: DemoQuestionnaire, jobBlocks: number): Column[] {
  const text = (label: string, cell: (s: DemoSubmission) => string | undefined): Column => ({
    text: label,
    cell: (s) => cell(s) ?? '',
  });
  const columns: Column[] = [
    text('Timestamp', (s) => googleFormsDate(s.submittedAt)),
    text(q.employerId ?? 'Employer ID', (s) => s.answers.employerId),
    text(q.name, (s) => s.answers.name),
    text(q.contactName, (s) => s.answers.contactName),
    text(q.contactEmail, (s) => s.answers.contactEmail),
    text(q.county, (s) => s.answers.county),
    text(q.naics, (s) => s.answers.naics),
    text(q.employees, (s) => s.answers.employees),
  ];
  for (let n = 1; n <= jobBlocks; n++) {
    for (const field of JOB_TEXT_FIELDS)
      columns.push(text(`Job ${n}: ${q.jobFields[field]}`, (s) => jobOf(s, n)[field]));
    columns.push(
      text(`Job ${n}: ${q.hardToFill}`, (s) => rating(jobOf(s, n).hardToFill, q.hardToFillLabels)),
      text(`Job ${n}: ${q.education}`, (s) => {
        const education = jobOf(s, n).education;
        return education ? q.educationLabels[education] : '';
      }),
    );
  }
  for (const [id, label] of Object.entries(q.skillLabels)) {
    columns.push(
      text(`${q.importance} [${label}]`, (s) => rating(s.answers.importance[id], q.importanceLabels)),
    );
  }
  for (const [id, label] of Object.entries(q.skillLabels)) {
    columns.push(
      text(`${q.proficiency} [${label}]`, (s) => rating(s.answers.proficiency[id], q.proficiencyLabels)),
    );
  }
  columns.push(
    text(q.challenges, (s) => choices(s.answers.challenges, q.challengeLabels).join(', ')),
    text(q.topChallenge, (s) => (s.answers.topChallenge ? q.challengeLabels[s.answers.topChallenge] : '')),
    text(q.training, (s) => choices(s.answers.training, q.trainingLabels).join(', ')),
    text(q.workBasedLearning, (s) =>
      choices(s.answers.workBasedLearning, q.workBasedLearningLabels).join(', '),
    ),
    text(q.comment, (s) => s.answers.comment),
  );
  return columns;
}

/**
 * A Google Forms responses download (Sheets → CSV): UTF-8 without BOM, LF, one header row.
 *
 * @example formatGoogleFormsExport(demoQuestionnaire('2024'), 5, submissions).toString().startsWith('Timestamp,') // true
 */
export function formatGoogleFormsExport(
  q: DemoQuestionnaire,
  jobBlocks: number,
  submissions: readonly DemoSubmission[],
): Buffer {
  const columns = googleFormsColumns(q, jobBlocks);
  const rows = [columns.map((c) => c.text), ...submissions.map((s) => columns.map((c) => c.cell(s)))];
  return Buffer.from(formatCsv(rows, { eol: '\n', quoteAll: false }), 'utf8');
}

/**
 * A wave's export in its tool's shape.
 *
 * @example formatWaveExport(DEMO_WAVES[0]!, submissions) // the Qualtrics CSV of 2022
 */
export function formatWaveExport(spec: DemoWaveSpec, submissions: readonly DemoSubmission[]): Buffer {
  const q = demoQuestionnaire(spec.wave);
  if (spec.tool === 'qualtrics') return formatQualtricsExport(q, spec.jobBlocks, submissions);
  if (spec.tool === 'surveymonkey') return formatSurveyMonkeyExport(q, spec.jobBlocks, submissions);
  return formatGoogleFormsExport(q, spec.jobBlocks, submissions);
}
