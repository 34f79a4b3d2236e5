import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { type Issue, SiError } from '../errors.ts';
import { FetchSchema } from '../fetch/config.ts';
import { EXTRACT_FORMATS } from '../publish/formats.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { sha256, stableStringify } from '../util/hash.ts';

function duplicates(list: readonly string[]): string[] {
  return [...new Set(list.filter((item, i) => list.indexOf(item) !== i))];
}

/** Codes are text: YAML reads an unquoted 18039 as a number and would drop leading zeros. */
const codeText = (example: string) =>
  z.string({
    error: (iss) =>
      iss.input === undefined ? 'required' : `expected text; write codes in quotes, e.g. "${example}"`,
  });

const naicsCode = codeText('31-33').regex(
  /^(\d{2,6}|31-33|44-45|48-49)$/,
  'expected a NAICS code as text, e.g. "31-33", "336" or "3363"',
);
const countyFips = codeText('18039').regex(
  /^\d{2}(?!000)\d{3}$/,
  'expected a 5-digit county FIPS code as text, e.g. "18039" (quote it in YAML)',
);
const areaFips = codeText('US000').regex(
  /^(US000|\d{5}|C\d{4}|CS\d{3})$/,
  'expected a QCEW area code: "US000", a state "18000", a county "18039" or an MSA "C2114"',
);
const ownCode = z.enum(['0', '1', '2', '3', '5', '8'], {
  error: 'expected a QCEW ownership code: "0", "1", "2", "3", "5" or "8"',
});
const period = z
  .string()
  .regex(/^(latest|\d{4}(Q[1-4]|A))$/, 'expected "latest", a quarter like "2024Q4" or a year like "2024A"');

const pathList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'expected a path or glob, or a list of them',
  })
  .transform((v) => [v].flat());

const InputSourceSchema = z
  .strictObject({
    paths: pathList.describe('Files or globs (relative to this YAML file) holding the source data.'),
    vintage: z
      .string()
      .min(1)
      .describe(
        'Data vintage as published, named in reports and extracts, e.g. "QCEW 2024 Q1-Q4, released 2025-06".',
      ),
    onBadFile: z
      .enum(['fail', 'skip'])
      .default('fail')
      .describe(
        '"fail" (default): a rejected file fails the run and nothing is replaced; "skip": rejected files are left out, reported, and the rest loads.',
      ),
  })
  .describe('One group of input files sharing a vintage.');

const InputGroupsSchema = z
  .union([InputSourceSchema, z.array(InputSourceSchema).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const PRIORITY_COMPONENTS = ['surveyDemand', 'openings', 'wages', 'supplyGap', 'hardToFill'] as const;

export const MetricsSchema = z
  .strictObject({
    occupations: z
      .strictObject({
        staffingYear: z
          .string()
          .regex(/^\d{4}$/, 'expected a year such as "2023"')
          .optional()
          .describe('OEWS year of the national staffing patterns (default: the latest loaded).'),
        fitTo: z
          .string()
          .regex(
            /^(\d{2}|\d{5,7})$/,
            'expected a state FIPS code ("18") or an OEWS metro area code ("21140")',
          )
          .optional()
          .describe(
            "Fit the staffing-pattern estimate to this OEWS area's occupation totals by iterative proportional fitting (a state or metro area).",
          ),
      })
      .default({})
      .describe(
        'Occupation employment in the region: QCEW industry employment times national staffing shares.',
      ),
    projections: z
      .strictObject({
        state: z
          .string()
          .regex(/^\d{2}$/, 'expected a state FIPS code such as "06"')
          .optional()
          .describe(
            "Use this state's long-term projections for occupational growth (national separation rates still apply).",
          ),
      })
      .default({})
      .describe('Projected openings by the BLS separations method, regionalised.'),
    wages: z
      .strictObject({
        entryPercentile: z
          .union([z.literal(10), z.literal(25)])
          .default(25)
          .describe('OEWS wage percentile taken as the entry wage (10 or 25).'),
        area: z
          .string()
          .regex(/^(\d{2}|\d{5,7}|99)$/, 'expected an OEWS area code')
          .optional()
          .describe(
            'OEWS area whose wages are shown (default: the most local area loaded; "99" for national).',
          ),
      })
      .default({ entryPercentile: 25 })
      .describe('Occupation wages from OEWS.'),
    supply: z
      .strictObject({
        allocation: z
          .enum(['all', 'equal', 'employment'])
          .default('equal')
          .describe(
            'How a program\'s completions are spread over the occupations it leads to: "all" counts them against every linked SOC, "equal" splits them evenly, "employment" splits them by regional employment.',
          ),
        awardLevels: z
          .array(z.number().int().min(1).max(21))
          .min(1)
          .default([1, 2, 3, 4, 5])
          .describe(
            "IPEDS award levels counted (AWLEVEL): 1-2 certificates under two years, 3 associate, 4 certificate 2-4 years, 5 bachelor's, 6-8 postbaccalaureate and master's, 17-19 doctor's.",
          ),
        institutions: z
          .array(z.string().regex(/^\d{6}$/, 'expected an IPEDS UNITID such as "151351"'))
          .optional()
          .describe(
            "IPEDS UNITIDs of the region's providers (default: institutions located in the region's counties).",
          ),
      })
      .default({ allocation: 'equal', awardLevels: [1, 2, 3, 4, 5] })
      .describe('Supply: program completions mapped to occupations.'),
    pathways: z
      .strictObject({
        minWageGain: z
          .number()
          .min(0)
          .default(0.05)
          .describe('Least gain in median wage for a step, as a share (0.05 = 5%).'),
        perOccupation: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(5)
          .describe('Steps listed from each entry occupation.'),
        entryJobZones: z
          .array(z.number().int().min(1).max(5))
          .default([1, 2, 3])
          .describe('O*NET Job Zones counted as entry level.'),
      })
      .default({ minWageGain: 0.05, perOccupation: 5, entryJobZones: [1, 2, 3] })
      .describe('Career pathways between occupations.'),
    priority: z
      .strictObject({
        weights: z
          .strictObject(
            Object.fromEntries(PRIORITY_COMPONENTS.map((c) => [c, z.number().min(0).optional()])) as Record<
              (typeof PRIORITY_COMPONENTS)[number],
              z.ZodOptional<z.ZodNumber>
            >,
          )
          .default({})
          .describe(
            'Weight of each component of the priority score (surveyDemand, openings, wages, supplyGap, hardToFill); default 0.25, 0.25, 0.2, 0.2, 0.1. Weights are rescaled to sum to 1.',
          ),
      })
      .default({ weights: {} })
      .describe('Priority occupations: a weighted composite of ranked components.'),
  })
  .describe('Labor-market metrics settings.');

export const DEFAULT_PRIORITY_WEIGHTS: Readonly<Record<(typeof PRIORITY_COMPONENTS)[number], number>> = {
  surveyDemand: 0.25,
  openings: 0.25,
  wages: 0.2,
  supplyGap: 0.2,
  hardToFill: 0.1,
};

/** Disclosure rules for cells built from employers' survey answers (domain reference §3). */
export const DisclosureSchema = z
  .strictObject({
    minContributors: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('A cell needs at least this many contributing employers (threshold rule; many use 5).'),
    dominance: z
      .strictObject({
        n: z
          .number()
          .int()
          .min(1, 'n must be 1 or 2 (the largest employer, or the two largest)')
          .max(2, 'n must be 1 or 2 (the largest employer, or the two largest)')
          .describe('How many of the largest employers: 1 or 2.'),
        k: z.number().min(0).max(100).describe('Percent of the cell total they may not exceed.'),
      })
      .nullable()
      .default({ n: 1, k: 80 })
      .describe('(n,k) dominance: the n largest employers may not exceed k% of the cell (default (1,80)).'),
    pPercent: z
      .number()
      .min(0)
      .max(100)
      .nullable()
      .default(null)
      .describe(
        'The p% rule with a private p: a cell is sensitive when the rest, less the two largest, is under p% of the largest. Off when null. Keep the value out of anything published.',
      ),
    protection: z
      .number()
      .min(0)
      .max(100)
      .default(15)
      .describe(
        'Protection interval, percent of a suppressed cell: what can be derived from the published cells must leave at least this much uncertainty either way.',
      ),
    rounding: z
      .number()
      .int()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Round published survey estimates, their intervals and standard errors to a multiple of this many people (e.g. 5 or 10); null publishes them to one decimal.',
      ),
    complementary: z
      .boolean()
      .default(true)
      .describe(
        'Complementary suppression across totals and their parts. Turning it off publishes derivable cells, and the audit then fails the run: for testing the audit only.',
      ),
  })
  .describe('Disclosure control.');

/**
 * Where a pipeline's disclosure rules are weaker than the defaults, in words for a warning: the settings are
 * allowed (a partnership may have its employers' consent), but nobody should weaken them unawares.
 */
export function weakerDisclosure(d: z.infer<typeof DisclosureSchema>): string[] {
  const defaults = DisclosureSchema.parse({});
  const weaker: string[] = [];
  if (d.minContributors < defaults.minContributors)
    weaker.push(`disclosure.minContributors is ${d.minContributors}, below ${defaults.minContributors}`);
  if (d.dominance === null) weaker.push('disclosure.dominance is off');
  else if (d.dominance.k > defaults.dominance!.k)
    weaker.push(`disclosure.dominance allows ${d.dominance.k}%, above ${defaults.dominance!.k}%`);
  if (d.protection < defaults.protection)
    weaker.push(`disclosure.protection is ${d.protection}%, below ${defaults.protection}%`);
  if (!d.complementary) weaker.push('disclosure.complementary is off: the audit will fail the run');
  return weaker;
}

const filterValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a value (text, number or true/false) or a list of them',
});

const formatList = z
  .array(
    z.enum(EXTRACT_FORMATS, {
      error: (iss) => {
        const hint = didYouMean(String(iss.input), EXTRACT_FORMATS);
        return `unknown format "${String(iss.input)}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected ${EXTRACT_FORMATS.join(', ')}`;
      },
    }),
  )
  .min(1)
  .refine((list) => new Set(list).size === list.length, {
    error: (iss) => `a format is listed twice: ${duplicates(iss.input as string[]).join(', ')}`,
  });

/** One table of a partner's extract: a published extract, optionally narrowed to columns and rows. */
const PartnerTableSchema = z
  .strictObject({
    extract: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'expected the name of a published extract, e.g. "demand_comparison"')
      .describe(
        'The published extract the table selects from (see `extracts/` of a run), e.g. "demand_comparison".',
      ),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a file name: lower-case letters, digits, "-" or "_"')
      .optional()
      .describe("File name of the table, without extension (default: the extract's name)."),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .refine((list) => new Set(list).size === list.length, {
        error: (iss) => `a column is listed twice: ${duplicates(iss.input as string[]).join(', ')}`,
      })
      .optional()
      .describe('Columns to publish, in this order (default: every column of the extract).'),
    filter: z
      .record(z.string(), z.union([filterValue, z.array(filterValue).min(1)]))
      .optional()
      .describe(
        'Rows to keep: column → value, or → list of values (any of them). Codes are text: quote them ("51-4121").',
      ),
    formats: formatList.optional().describe("File formats of this table (default: the partner's formats)."),
  })
  .describe("One table of a partner's extract.");

const PartnerSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case identifier such as "lakeshore-college"')
      .describe('Identifier of the partner; names its folder, `partners/<id>/`.'),
    name: z.string().min(1).describe('Name of the partner, shown in its README.'),
    formats: formatList
      .default(['csv'])
      .describe(
        'File formats of its tables: csv, parquet, json (an array of row objects), xlsx (default csv).',
      ),
    notes: z.string().optional().describe('Release notes, written into the README of the folder.'),
    tables: z
      .array(PartnerTableSchema)
      .min(1)
      .superRefine((tables, ctx) => {
        const names = tables.map((t) => t.name ?? t.extract);
        names.forEach((name, i) => {
          if (name === 'manifest')
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: 'a table cannot be called "manifest" (the folder\'s manifest.json): give it a name',
            });
        });
        for (const name of duplicates(names)) {
          ctx.addIssue({
            code: 'custom',
            path: [names.lastIndexOf(name)],
            message: `two tables would be written as "${name}": give one a different name`,
          });
        }
      })
      .describe("The partner's tables."),
  })
  .describe('A partner and the tables it receives.');

export const ExtractsSchema = z
  .strictObject({
    partners: z
      .array(PartnerSchema)
      .min(1)
      .superRefine((partners, ctx) => {
        const ids = partners.map((p) => p.id);
        for (const id of duplicates(ids)) {
          ctx.addIssue({
            code: 'custom',
            path: [ids.lastIndexOf(id), 'id'],
            message: `partner id "${id}" is used twice`,
          });
        }
      })
      .describe('One entry per partner.'),
  })
  .describe(
    'Partner extracts: per partner, a folder `partners/<id>/` in each run with chosen columns and rows of the published extracts, in chosen formats, with data dictionaries, a README and SHA256SUMS. `sector-insights extract` rebuilds them from the last good run.',
  );

export const PipelineConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema reference for editors; ignored by the pipeline.'),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case identifier such as "lakeshore-manufacturing"')
      .describe(
        'Pipeline id: lower-case letters, digits, "-" or "_". Names the run lock and the run history.',
      ),
    description: z.string().optional().describe('Free text for people reading the configuration.'),
    partnership: z
      .strictObject({
        name: z.string().min(1).describe('Name of the sector partnership, shown on reports.'),
        industry: z
          .strictObject({
            name: z.string().min(1).describe('Plain-language name of the industry, e.g. "Manufacturing".'),
            naics: z
              .array(naicsCode)
              .min(1)
              .describe(
                'NAICS codes defining the industry, as QCEW writes them ("31-33" for manufacturing).',
              ),
            detailDigits: z
              .number()
              .int()
              .min(2)
              .max(6)
              .default(4)
              .describe(
                'Profile detail: include the NAICS industries under the codes down to this many digits.',
              ),
          })
          .describe('The industry the partnership is about.'),
        region: z
          .strictObject({
            name: z.string().min(1).describe('Name of the region, e.g. "Lakeshore Valley".'),
            counties: z
              .array(countyFips)
              .min(1)
              .refine((list) => new Set(list).size === list.length, {
                error: (iss) => `a county is listed twice: ${duplicates(iss.input as string[]).join(', ')}`,
              })
              .describe(
                'County FIPS codes making up the region; region values are sums over these counties.',
              ),
          })
          .describe('The region: a set of counties.'),
        referenceArea: areaFips
          .default('US000')
          .describe('QCEW area used as the location-quotient reference (default the U.S., "US000").'),
        ownership: z
          .array(ownCode)
          .min(1)
          .default(['5'])
          .describe('QCEW ownership codes profiled (default private, "5"); LQs are computed per ownership.'),
      })
      .describe('Who the pipeline is for: the partnership, its industry and its region.'),
    inputs: z
      .strictObject({
        qcew: InputGroupsSchema.describe(
          'BLS QCEW CSV files (quarterly or annual; by_area, by_industry or singlefile layouts), with their vintage.',
        ),
        oews: InputGroupsSchema.optional().describe(
          'BLS OEWS files (CSV or XLSX): national, state, metro and all-data occupation files, and the national industry-by-occupation files (staffing patterns).',
        ),
        projections: InputGroupsSchema.optional().describe(
          'BLS Employment Projections occupation table (Table 1.10, separations and openings) and state long-term occupational projections.',
        ),
        onet: InputGroupsSchema.optional().describe(
          'O*NET database files (tab-delimited text or the Excel release): Skills, Knowledge, Abilities, Occupation Data, Scales Reference, Job Zones, Related Occupations, Education/Training/Experience.',
        ),
        ipeds: InputGroupsSchema.optional().describe(
          'IPEDS completions (c<year>_a) and institutional characteristics (hd<year>) files.',
        ),
        codes: InputGroupsSchema.optional().describe(
          'Code lists and crosswalks: NCES CIP 2020-SOC 2018 crosswalk, CIP 2020 codes, SOC 2018 definitions, NAICS 2022 structure, Census county FIPS, QCEW area titles.',
        ),
      })
      .describe('Input files per source.'),
    surveys: z
      .strictObject({
        waves: z
          .array(
            z.strictObject({
              wave: z.string().min(1).describe('Wave id, as in its codebook (e.g. "2024").'),
              codebook: z.string().min(1).describe('Codebook YAML of the wave, relative to this file.'),
              export: z.string().min(1).describe("The survey tool's CSV export of the wave."),
              invited: z
                .string()
                .min(1)
                .optional()
                .describe(
                  'CSV of the employers invited (employer_id, employer_name, county_fips, naics, employees), for response rates.',
                ),
              frameYear: z
                .string()
                .regex(/^\d{4}$/, 'expected a year such as "2024"')
                .optional()
                .describe(
                  'Year of the QCEW frame the wave is weighted to (default: the wave id when it is a year).',
                ),
            }),
          )
          .min(1)
          .superRefine((waves, ctx) => {
            waves.forEach((w, i) => {
              if (!w.frameYear && !/^\d{4}$/.test(w.wave)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [i, 'frameYear'],
                  message: `wave "${w.wave}" is not a year: give frameYear, the QCEW year to weight it to`,
                });
              }
            });
          })
          .describe('The survey waves, oldest first.'),
        soc: z
          .strictObject({
            definitions: z
              .string()
              .min(1)
              .describe('BLS SOC 2018 definitions CSV (titles to code job titles with).'),
            onet: z
              .string()
              .min(1)
              .optional()
              .describe('O*NET Occupation Data (TSV), for more titles to match.'),
            pins: z
              .string()
              .min(1)
              .optional()
              .describe('CSV pinning job titles to SOC codes (title,soc_code[,note]).'),
            threshold: z
              .number()
              .min(0)
              .max(1)
              .default(0.6)
              .describe('Least match score to code a title; below it the title goes to the review list.'),
          })
          .describe('Coding job titles to SOC 2018.'),
        estimation: z
          .strictObject({
            minRespondents: z
              .number()
              .int()
              .min(1)
              .default(3)
              .describe('Estimates from fewer responding employers are withheld.'),
            maxRse: z
              .number()
              .min(0)
              .default(0.5)
              .describe('Estimates with a larger relative standard error are flagged "use with caution".'),
            strataDigits: z
              .number()
              .int()
              .min(2)
              .max(4)
              .default(3)
              .describe('NAICS digits of the weighting strata (industry groups of the QCEW frame).'),
            minCellRespondents: z
              .number()
              .int()
              .min(1)
              .default(3)
              .describe('Strata with fewer respondents are collapsed into a neighbour.'),
          })
          .default({ minRespondents: 3, maxRse: 0.5, strataDigits: 3, minCellRespondents: 3 })
          .describe('How survey answers become regional estimates.'),
      })
      .optional()
      .describe("The partnership's employer-needs survey waves."),
    disclosure: DisclosureSchema.default(DisclosureSchema.parse({})).describe(
      "Disclosure control of survey-based cells: primary suppression rules, complementary suppression and the audit of published outputs. Employers' answers are confidential: keep the defaults or make them stricter.",
    ),
    metrics: MetricsSchema.default(MetricsSchema.parse({})).describe(
      'How the labor-market metrics are computed: occupation employment, wages, supply, pathways and priority ranking.',
    ),
    warehouse: z
      .strictObject({
        type: z
          .literal('duckdb')
          .default('duckdb')
          .describe('Warehouse engine: "duckdb" (embedded, one file).'),
        path: z.string().min(1).describe('DuckDB database file, relative to this YAML file.'),
        threads: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('DuckDB worker threads (default: one per core).'),
        memoryLimit: z
          .string()
          .regex(
            /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i,
            'expected a size such as "4GB" or "512MiB"',
          )
          .optional()
          .describe('DuckDB memory limit, e.g. "4GB" (default: 80% of RAM).'),
      })
      .describe('Where the pipeline stores its tables.'),
    outputs: z
      .strictObject({
        dir: z.string().min(1).describe('Folder for published outputs, relative to this YAML file.'),
        keepRuns: z
          .number()
          .int()
          .min(1)
          .default(10)
          .describe(
            'How many published runs to keep in the outputs folder (the latest good run is always kept).',
          ),
        pdf: z
          .enum(['auto', 'always', 'never'])
          .default('auto')
          .describe(
            'PDF of the report: "auto" prints it when Chromium is installed, "always" fails without it.',
          ),
      })
      .describe('Where reports, extracts and run manifests are published.'),
    report: z
      .strictObject({
        title: z.string().optional().describe('Report title (default: the partnership name).'),
        period: period
          .default('latest')
          .describe(
            'Period the report focuses on: "latest" (default), a quarter "2024Q4" or a year "2024A".',
          ),
      })
      .default({ period: 'latest' })
      .describe('Report options.'),
    checks: z
      .strictObject({
        severities: z
          .record(z.string(), z.enum(['warn', 'error']))
          .default({})
          .describe(
            'Severity per check id (see `sector-insights checks`), overriding the default declared with the model.',
          ),
        sampleSize: z
          .number()
          .int()
          .min(0)
          .max(100)
          .default(5)
          .describe('How many failing rows each check records as a sample.'),
      })
      .default({ severities: {}, sampleSize: 5 })
      .describe('Data-quality checks.'),
    extracts: ExtractsSchema.optional().describe(
      'Partner extracts: chosen tables, columns and rows of the published extracts, per partner and format.',
    ),
    fetch: FetchSchema.optional().describe(
      'What `sector-insights fetch` downloads into the inputs folder: QCEW slices for the region and reference area, and named public files.',
    ),
  })
  .describe('A sector-insights pipeline: one partnership, its inputs, warehouse and outputs.');

export type PipelineConfigInput = z.input<typeof PipelineConfigSchema>;
export type PipelineConfigParsed = z.output<typeof PipelineConfigSchema>;
export type InputGroup = PipelineConfigParsed['inputs']['qcew'][number];
export type PartnerConfig = NonNullable<PipelineConfigParsed['extracts']>['partners'][number];

/** A validated configuration with paths made absolute, plus where it came from. */
export interface PipelineConfig extends PipelineConfigParsed {
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** Folder of the YAML file; relative paths in it resolve here. */
  readonly dir: string;
  /** sha256 of the parsed configuration (paths as written), recorded in every run manifest. */
  readonly hash: string;
}

/** Read, parse and validate a pipeline YAML file. Throws one SiError carrying every problem found. */
export async function loadPipelineConfig(file: string): Promise<PipelineConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SiError('E_CONFIG_NOT_FOUND', `pipeline file not found: ${file}`, { cause });
  }
  return parsePipelineConfig(text, path);
}

/** Parse and validate configuration text; `file` is used for locations and relative paths. */
export function parsePipelineConfig(text: string, file: string): PipelineConfig {
  const display = displayPath(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxIssues: Issue[] = doc.errors.map((e) => ({
    code: 'yaml_syntax',
    file: display,
    line: e.linePos?.[0]?.line,
    column: e.linePos?.[0]?.col,
    message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
  }));
  if (syntaxIssues.length > 0) {
    throw new SiError('E_CONFIG_INVALID', `${display} is not valid YAML`, { issues: syntaxIssues });
  }
  const data: unknown = doc.toJS();
  const result = PipelineConfigSchema.safeParse(data ?? {});
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) =>
      toIssues(issue, doc.contents, lineCounter, display),
    );
    throw new SiError('E_CONFIG_INVALID', `${display} has ${issues.length} problem(s)`, { issues });
  }
  const parsed = result.data;
  const dir = dirname(file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  return {
    ...parsed,
    inputs: Object.fromEntries(
      Object.entries(parsed.inputs).map(([source, groups]) => [
        source,
        groups?.map((g) => ({ ...g, paths: g.paths.map(at) })),
      ]),
    ) as PipelineConfigParsed['inputs'],
    ...(parsed.surveys
      ? {
          surveys: {
            ...parsed.surveys,
            waves: parsed.surveys.waves.map((w) => ({
              ...w,
              codebook: at(w.codebook),
              export: at(w.export),
              ...(w.invited ? { invited: at(w.invited) } : {}),
            })),
            soc: {
              ...parsed.surveys.soc,
              definitions: at(parsed.surveys.soc.definitions),
              ...(parsed.surveys.soc.onet ? { onet: at(parsed.surveys.soc.onet) } : {}),
              ...(parsed.surveys.soc.pins ? { pins: at(parsed.surveys.soc.pins) } : {}),
            },
          },
        }
      : {}),
    warehouse: { ...parsed.warehouse, path: at(parsed.warehouse.path) },
    outputs: { ...parsed.outputs, dir: at(parsed.outputs.dir) },
    file,
    dir,
    hash: sha256(stableStringify(parsed)),
  };
}

/** Paths shown to users are relative to the working directory when that is shorter. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

type ZodIssue = z.core.$ZodIssue;

function toIssues(issue: ZodIssue, root: unknown, lines: LineCounter, file: string): Issue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const dotted = path.length ? path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(PipelineConfigSchema, path);
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      const pos = position(keyNode(root, path, key), lines);
      const where = path.length ? ` in ${dotted}` : '';
      return {
        code: 'unknown_key',
        file,
        ...pos,
        message: `unknown key "${key}"${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known keys: ${known.join(', ')}`,
      };
    });
  }
  const node = valueNode(root, path);
  const pos = position(node ?? parentNode(root, path), lines);
  const value = isScalar(node) ? String(node.value) : undefined;
  const missing = issue.code === 'invalid_type' && node === undefined;
  const message = missing ? `missing required key "${dotted}"` : `${dotted}: ${issue.message}`;
  return [{ code: missing ? 'missing_key' : issue.code, file, ...pos, message, value }];
}

/**
 * Where a value sits in a pipeline file, for problems found after parsing (a partner's column that the
 * built extract lacks, say); the nearest enclosing value when the path is not there.
 *
 * @example configPosition(text, ['extracts', 'partners', 0, 'tables', 1, 'extract']) // { line: 98, column: 18 }
 */
export function configPosition(
  text: string,
  path: readonly (string | number)[],
): { line?: number; column?: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return position(valueNode(doc.contents, path) ?? parentNode(doc.contents, path), lineCounter);
}

function position(node: Node | undefined | null, lines: LineCounter): { line?: number; column?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function valueNode(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !('get' in node)) return undefined;
    node = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(key, true);
  }
  return node as Node | undefined;
}

function parentNode(root: unknown, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length - 1; n >= 0; n--) {
    const node = valueNode(root, path.slice(0, n));
    if (node) return node;
  }
  return undefined;
}

function keyNode(root: unknown, path: readonly (string | number)[], key: string): Node | undefined {
  const map = path.length ? valueNode(root, path) : (root as Node);
  if (!isMap(map)) return map;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return (pair?.key as Node | undefined) ?? map;
}

/** Keys the schema accepts at a path, for "did you mean" suggestions. */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const key of [...path, undefined]) {
    current = unwrap(current, typeof key === 'number' ? 'array' : 'object');
    if (!current || key === undefined) break;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(key)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape).filter((k) => k !== '$schema') : [];
}

/** The schema under optional/default/pipe wrappers; for a union, the option of the wanted kind. */
function unwrap(schema: z.ZodType | undefined, want: 'object' | 'array'): z.ZodType | undefined {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.def.in as z.ZodType;
    } else if (s instanceof z.ZodUnion) {
      const options = s.options as z.ZodType[];
      const kind = want === 'array' ? z.ZodArray : z.ZodObject;
      s = options.find((o) => unwrap(o, want) instanceof kind) ?? options[0];
    } else break;
  }
  return s;
}

/** The JSON Schema editors use to check pipeline files (written by `npm run schema`). */
export function pipelineJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PipelineConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
