import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type Issue, SiError } from '../../errors.ts';

/**
 * The codebook of one survey wave: the canonical questions of an employer-needs survey and where each sits
 * in the export of the tool that ran it. Canonical ids (employer.county, jobs.hires12m, skills items, challenge
 * options…) stay the same from wave to wave while question texts and options change, so waves compare.
 */

const columnRefShape = {
  header: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Question text as the export shows it (case, spacing and punctuation ignored). May hold {n} (job block number) or {label} (matrix row).',
    ),
  sub: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Sub-question or option text: SurveyMonkey\'s second header row, the part after " - " in Qualtrics, the [bracket] in Google Forms.',
    ),
  qid: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Qualtrics question id (first header row, e.g. "Q3_1") or ImportId (third header row, e.g. "QID3").',
    ),
  column: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('1-based column position, when nothing else identifies it.'),
  required: z.boolean().default(false).describe('A complete response must answer it.'),
};

const hasRef = (r: { header?: string; qid?: string; column?: number }) =>
  r.header !== undefined || r.qid !== undefined || r.column !== undefined;
const refError = { error: 'give at least one of header, qid or column' };

/** Where a question's answers are in the export. */
export const ColumnRefSchema = z.strictObject(columnRefShape).refine(hasRef, refError);
export type ColumnRef = z.output<typeof ColumnRefSchema>;

const options = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'option ids are lower-case identifiers'),
    z.union([z.string(), z.array(z.string()).min(1)]),
  )
  .describe(
    'Answer options: canonical id → the label(s) the export writes (a list when the wording changed).',
  );

const ScaleSchema = z
  .strictObject({
    min: z.number().int().default(1).describe('Lowest value of the scale.'),
    max: z.number().int().default(5).describe('Highest value of the scale.'),
    labels: z
      .record(z.string(), z.number().int())
      .default({})
      .describe('Labels the export may write instead of numbers, e.g. "Very important": 5.'),
  })
  .describe('A rating scale.');

const ChoiceSchema = z.strictObject({ ...columnRefShape, options }).refine(hasRef, refError);
const MultiSchema = z
  .strictObject({
    ...columnRefShape,
    options,
    separator: z
      .string()
      .optional()
      .describe(
        'How one column joins several choices (Google Forms ", ", Qualtrics ","); not needed when each option has its own column.',
      ),
  })
  .refine(hasRef, refError);
const RatingSchema = z
  .strictObject({ ...columnRefShape, scale: ScaleSchema.optional() })
  .refine(hasRef, refError);

const IdentifyingSchema = z
  .strictObject({ id: z.string().regex(/^[a-z][a-z0-9_]*$/), ...columnRefShape })
  .refine(hasRef, refError)
  .describe('A column that identifies a person or employer: stored apart, never published or logged.');

export const CodebookSchema = z
  .strictObject({
    wave: z.string().min(1).describe('Wave id, e.g. "2024"; the same id in the pipeline configuration.'),
    title: z.string().min(1).describe('Name of the questionnaire as fielded.'),
    format: z
      .enum(['auto', 'qualtrics', 'surveymonkey', 'plain'])
      .default('auto')
      .describe(
        'Export shape: Qualtrics (3 header rows), SurveyMonkey (2), plain/Google Forms (1); "auto" detects it.',
      ),
    metadata: z
      .strictObject({
        responseId: ColumnRefSchema.optional().describe('Response id column (Qualtrics ResponseId).'),
        submittedAt: ColumnRefSchema.optional().describe(
          'Submission time (Qualtrics EndDate, Google Forms Timestamp).',
        ),
        progress: ColumnRefSchema.optional().describe(
          'Percent complete (Qualtrics Progress); below 100 is partial.',
        ),
        finished: ColumnRefSchema.optional().describe('Finished flag (Qualtrics Finished: True/1).'),
        test: z
          .strictObject({
            ...columnRefShape,
            values: z
              .array(z.string())
              .min(1)
              .describe('Values marking a test response, e.g. "Survey Preview".'),
          })
          .refine(hasRef, refError)
          .optional()
          .describe('Column marking test responses.'),
      })
      .default({})
      .describe('Survey-tool metadata columns.'),
    employer: z
      .strictObject({
        id: ColumnRefSchema.optional().describe(
          'Employer id (e.g. a UI account or member number), when asked.',
        ),
        name: ColumnRefSchema.optional().describe(
          'Employer name (identifying: stored apart, used only to find duplicates).',
        ),
        county: ColumnRefSchema.describe('County of the site: a FIPS code or a county name.'),
        naics: ColumnRefSchema.describe('Industry: a NAICS code or an industry name.'),
        employees: ColumnRefSchema.optional().describe('Employees at the site.'),
        sizeBand: z
          .strictObject({
            ...columnRefShape,
            bands: z
              .record(z.string(), z.tuple([z.number().min(0), z.number().min(0)]))
              .describe('Size band label → [low, high] employees, e.g. "10-49": [10, 49].'),
          })
          .refine(hasRef, refError)
          .optional()
          .describe('Size band, when employees are asked as a band.'),
      })
      .describe('Who answered: the employer site.'),
    identifying: z
      .array(IdentifyingSchema)
      .default([])
      .describe('Other identifying columns (contact name, email, phone, IP address, location).'),
    jobs: z
      .strictObject({
        blocks: z
          .number()
          .int()
          .min(1)
          .max(50)
          .describe('How many job blocks the questionnaire repeats; {n} runs 1..blocks.'),
        title: ColumnRefSchema.describe('Job title as the employer wrote it.'),
        soc: ColumnRefSchema.optional().describe('SOC code, when asked.'),
        currentEmployees: ColumnRefSchema.optional().describe('Current employees in the job.'),
        vacancies: ColumnRefSchema.optional().describe('Current vacancies.'),
        hires12m: ColumnRefSchema.optional().describe('Projected hires in the next 12 months.'),
        hires1to3y: ColumnRefSchema.optional().describe('Projected hires in 1-3 years.'),
        hires3to5y: ColumnRefSchema.optional().describe('Projected hires in 3-5 years.'),
        hiresGrowth12m: ColumnRefSchema.optional().describe(
          'Of the 12-month hires, those for new positions (growth).',
        ),
        hiresReplacement12m: ColumnRefSchema.optional().describe(
          'Of the 12-month hires, those replacing leavers.',
        ),
        hardToFill: RatingSchema.optional().describe('How hard the job is to fill (a scale, default 1-5).'),
        wage: ColumnRefSchema.optional().describe('Starting wage: an amount or a range, hourly or annual.'),
        education: ChoiceSchema.optional().describe('Education required.'),
        credentials: ColumnRefSchema.optional().describe('Credentials required (free text).'),
      })
      .optional()
      .describe('The block repeated per critical job.'),
    skills: z
      .strictObject({
        scale: ScaleSchema.default({ min: 1, max: 5, labels: {} }),
        items: z
          .array(
            z.strictObject({
              id: z.string().regex(/^[a-z][a-z0-9_]*$/),
              label: z
                .union([z.string(), z.array(z.string()).min(1)])
                .describe('Row label(s) in the export.'),
              onet: z
                .string()
                .min(1)
                .optional()
                .describe(
                  'The O*NET skill or knowledge element the skill corresponds to, by name ("Mathematics") or id ("2.A.1.e"), so the skill profile of demand can set the survey gap beside it. Default: the label, when it is an element name.',
                ),
            }),
          )
          .min(1)
          .describe('The skills rated, with stable ids.'),
        importance: ColumnRefSchema.describe('Importance of each skill; {label} is the row label.'),
        proficiency: ColumnRefSchema.describe(
          "Applicants' proficiency in each skill; {label} is the row label.",
        ),
      })
      .optional()
      .describe('The skills matrix.'),
    challenges: MultiSchema.optional().describe('Workforce challenges (multi-select).'),
    topChallenge: ChoiceSchema.optional().describe(
      'The top-priority challenge (one of the challenge options).',
    ),
    training: MultiSchema.optional().describe('Training interest (multi-select).'),
    workBasedLearning: MultiSchema.optional().describe('Work-based learning interest (multi-select).'),
    comments: ColumnRefSchema.optional().describe(
      'Free-text comments: kept in the warehouse, never published.',
    ),
  })
  .describe('The codebook of one survey wave.');

export type Codebook = z.output<typeof CodebookSchema>;
export type CodebookInput = z.input<typeof CodebookSchema>;

/** Read and validate a codebook YAML file, with every problem located by line and column. */
export async function loadCodebook(file: string, display = file): Promise<Codebook> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SiError('E_CONFIG_NOT_FOUND', `codebook not found: ${display}`, { cause });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const issues: Issue[] = doc.errors.map((e) => ({
    code: 'yaml_syntax',
    file: display,
    line: e.linePos?.[0]?.line,
    column: e.linePos?.[0]?.col,
    message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
  }));
  if (issues.length) throw new SiError('E_CONFIG_INVALID', `${display} is not valid YAML`, { issues });
  const result = CodebookSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    issues.push({
      code: issue.code,
      file: display,
      line: pos?.line,
      column: pos?.col,
      message: `${path.join('.') || '(top level)'}: ${issue.message}`,
    });
  }
  throw new SiError('E_CONFIG_INVALID', `${display} has ${issues.length} problem(s)`, { issues });
}
