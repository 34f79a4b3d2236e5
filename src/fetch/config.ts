import { z } from 'zod';

/**
 * The `fetch:` section of a pipeline file: which public files `sector-insights fetch` downloads from their
 * official addresses into the inputs folder. QCEW slices are derived from the partnership (its counties and
 * reference area) and the years listed here; every other source is an explicit `files` entry.
 *
 * @example
 * fetch:
 *   dir: inputs
 *   userAgent: "sector-insights (data@partnership.example.org)"
 *   qcew:
 *     years: ["2023", "2024"]
 *   files:
 *     - url: https://www.bls.gov/oes/special-requests/oesm23nat.zip
 *       vintage: OEWS May 2023
 *       to: oews/oesm23nat.zip
 *       extract: [national_M2023_dl.xlsx]
 *     - url: https://www.onetcenter.org/dl_files/database/db_29_0_text.zip
 *       vintage: O*NET 29.0
 *       to: onet/db_29_0_text.zip
 *       extract: [Skills.txt, Knowledge.txt, Job Zones.txt]
 */

/** A path inside the inputs folder: relative, with forward slashes, never climbing out of it. */
const insidePath = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !/^([a-zA-Z]:)?[\\/]/.test(p) &&
      !p.includes('\\') &&
      !p.split('/').some((part) => part === '..' || part === '.' || part === ''),
    'expected a relative path inside the inputs folder, with "/" between folders and no "..", e.g. "oews/oesm23nat.zip"',
  );

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/i, 'expected an http:// or https:// address without spaces');

const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'expected a sha256 checksum: 64 hexadecimal digits')
  .transform((s) => s.toLowerCase());

/** Years are text; an unquoted 2024 in YAML is accepted and made text. */
const yearText = z
  .union([z.string(), z.number().int()], { error: 'expected a year such as "2024"' })
  .transform(String)
  .pipe(z.string().regex(/^(19|20)\d{2}$/, 'expected a four-digit year such as "2024"'));

const quarterText = z
  .union([z.string(), z.number().int()], { error: 'expected a quarter 1-4, or "a" for annual averages' })
  .transform((v) => String(v).toLowerCase())
  .pipe(z.enum(['1', '2', '3', '4', 'a'], { error: 'expected a quarter 1-4, or "a" for annual averages' }));

const areaCode = z
  .string({ error: 'expected a QCEW area code as text, e.g. "18000" (quote it in YAML)' })
  .regex(
    /^(US000|USMSA|USCMS|USNMS|\d{5}|C\d{4}|CS\d{3})$/,
    'expected a QCEW area code: "US000", a state "18000", a county "18039", an MSA "C2114" or a CSA "CS515"',
  );

export const ExtractSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({
      entry: z.string().min(1).describe('Name of the entry in the archive (full path, or its file name).'),
      to: insidePath
        .optional()
        .describe(
          'Path of the unpacked file under the inputs folder (default: beside the archive, under its own name).',
        ),
    }),
  ],
  { error: 'expected an entry name, or { entry, to }' },
);

export const FetchFileSchema = z
  .strictObject({
    url: httpUrl.describe('Official address of the file.'),
    vintage: z
      .string()
      .min(1)
      .describe('Data vintage as published, recorded in the fetch manifest, e.g. "OEWS May 2023".'),
    to: insidePath
      .optional()
      .describe('Path under the inputs folder (default: the file name of the address).'),
    sha256: sha256Hex
      .optional()
      .describe(
        'Expected sha256 of the file. A download that does not match is discarded; a present file that matches is not fetched again.',
      ),
    extract: z
      .array(ExtractSchema)
      .min(1)
      .optional()
      .describe(
        'Entries of a zip archive to unpack beside it; "*" matches any characters in a name, e.g. "Skills.txt" or "*_dl.xlsx".',
      ),
  })
  .describe('One public file to download.');

export const FetchQcewSchema = z
  .strictObject({
    years: z.array(yearText).min(1).describe('Years of QCEW data to fetch for the region.'),
    quarters: z
      .array(quarterText)
      .min(1)
      .default(['1', '2', '3', '4'])
      .describe('Quarters "1"-"4" (default all four), or "a" for annual averages.'),
    areas: z
      .array(areaCode)
      .default([])
      .describe(
        "More QCEW areas to fetch besides the region's counties and the reference area (states, MSAs for comparison).",
      ),
    from: z
      .enum(['api', 'archive'])
      .default('api')
      .describe(
        '"api" (default): one open-data CSV slice per area and quarter (BLS keeps the most recent five years there); "archive": the yearly by-area zip file, from which the areas are unpacked (every year since 1990, but hundreds of megabytes).',
      ),
    vintage: z
      .string()
      .min(1)
      .default('QCEW {year}')
      .describe('Vintage recorded for each file; "{year}" is replaced by the year.'),
    dir: insidePath.default('qcew').describe('Folder under the inputs folder for the QCEW files.'),
  })
  .describe("QCEW open-data slices for the partnership's counties and reference area.");

export const FetchSchema = z
  .strictObject({
    dir: z
      .string()
      .min(1)
      .default('inputs')
      .describe('The inputs folder the files are downloaded into, relative to this YAML file.'),
    userAgent: z
      .string()
      .min(1)
      .optional()
      .describe(
        'User-Agent sent with every request. BLS refuses anonymous clients: name the program and a contact address, e.g. "sector-insights (data@example.org)".',
      ),
    baseUrl: httpUrl
      .optional()
      .describe(
        'Fetch every file from this mirror instead of the official host; the path of the official address is kept. The manifest still records the official address.',
      ),
    mirrors: z
      .record(httpUrl, httpUrl)
      .default({})
      .describe(
        'Per-source mirrors: an official address prefix mapped to the prefix to fetch from instead, e.g. { "https://data.bls.gov": "https://mirror.example.org/bls" }.',
      ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(4)
      .default(2)
      .describe('Downloads at a time (default 2; agencies throttle busier clients).'),
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(10).default(4).describe('Tries per file before giving up.'),
        delayMs: z
          .number()
          .int()
          .min(0)
          .default(1000)
          .describe('Wait before the first retry; doubled after each further failure.'),
      })
      .default({ attempts: 4, delayMs: 1000 })
      .describe('Retries after server errors (5xx, 429) and broken connections.'),
    timeoutSeconds: z
      .number()
      .min(1)
      .default(60)
      .describe('Give up on a request when no data arrives for this long (then retry).'),
    qcew: FetchQcewSchema.optional(),
    files: z.array(FetchFileSchema).default([]).describe('Other public files to download.'),
  })
  .describe(
    'Public files `sector-insights fetch` downloads from their official addresses into the inputs folder, with their vintage, checksums and validators recorded in fetch-manifest.json.',
  );

export type FetchConfigInput = z.input<typeof FetchSchema>;
export type FetchConfig = z.output<typeof FetchSchema>;
export type FetchFileConfig = z.output<typeof FetchFileSchema>;
export type FetchQcewConfig = z.output<typeof FetchQcewSchema>;
