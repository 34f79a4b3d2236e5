/**
 * Survey ingest: reading a survey export with its codebook (decoding, CSV parsing, header matching, reading
 * every answer: numbers, ranges, wages, ratings, choices, names; noting every problem) against csv-parse alone
 * on the same file, in the same run. The export is generated: a Google Forms-shaped CSV of the demo 2024
 * codebook with 10 job blocks, 50,000 responses by default, with the usual mess.
 *
 *   npm run bench -- survey
 *   npm run bench -- survey --responses 10000
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { createChunkedFileWriter } from '../src/demo/qcew-writer.ts';
import { createRandom } from '../src/demo/random.ts';
import { type Codebook, loadCodebook } from '../src/ingest/survey/codebook.ts';
import { fill } from '../src/ingest/survey/columns.ts';
import { JOB_FIELDS, type JobField, readWave } from '../src/ingest/survey/read-wave.ts';
import { countyLookup, industryLookup } from '../src/ingest/survey/values.ts';
import { PROJECT_ROOT } from '../src/project-root.ts';

const DATA = join(import.meta.dirname, '.data');
const BLOCKS = 10;

const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Header texts of a plain export of the codebook, in column order. */
function headers(book: Codebook): string[] {
  const h = (ref: { header?: string } | undefined, vars = {}) =>
    ref?.header ? [fill(ref, vars).header!] : [];
  const jobs = book.jobs!;
  const jobFields = [
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
    'hardToFill',
    'education',
    'credentials',
  ] as const;
  return [
    ...h(book.metadata.submittedAt),
    ...h(book.employer.id),
    ...h(book.employer.name),
    ...book.identifying.flatMap((i) => h(i)),
    ...h(book.employer.county),
    ...h(book.employer.naics),
    ...h(book.employer.employees),
    ...Array.from({ length: BLOCKS }, (_, k) => jobFields.flatMap((f) => h(jobs[f], { n: k + 1 }))).flat(),
    ...book.skills!.items.flatMap((item) => h(book.skills!.importance, { label: [item.label].flat()[0] })),
    ...book.skills!.items.flatMap((item) => h(book.skills!.proficiency, { label: [item.label].flat()[0] })),
    ...h(book.challenges),
    ...h(book.topChallenge),
    ...h(book.training),
    ...h(book.workBasedLearning),
    ...h(book.comments),
  ];
}

async function generate(path: string, book: Codebook, responses: number): Promise<void> {
  const rand = createRandom(11);
  const titles = [
    'CNC Machinist',
    'Welder/Fabricator',
    'Maint. Tech II',
    'Assembler',
    'QC Inspector',
    'Forklift Driver',
    'Production Supervisor',
    'Machine Operator',
  ];
  const counties = ['57001', 'Alder County', 'birch', '57005', 'Dunmore Co.'];
  const naics = ['332', '326', 'Fabricated metal', '336', '333'];
  const counts = () => rand.pick(['3', '12', '1,200', '10-20', 'none', 'N/A', '', '45']);
  const wages = () => rand.pick(['$22.50/hr', '45k', '$45,000', '18-22', '19', '']);
  const options = (o: Record<string, string | string[]> | undefined) =>
    Object.values(o ?? {}).map((l) => [l].flat()[0]!);
  const pickSome = (labels: string[]) => labels.filter(() => rand.next() < 0.3).join(', ');
  const out = createChunkedFileWriter(path);
  await out.push(`${headers(book).map(quote).join(',')}\n`);
  for (let r = 0; r < responses; r++) {
    const cells: string[] = [
      `3/${1 + (r % 28)}/2024 10:${String(r % 60).padStart(2, '0')}:00`,
      `E${String(r).padStart(6, '0')}`,
      `Employer ${r}`,
      ...book.identifying.map((i) => `${i.id} ${r}`),
      rand.pick(counties),
      rand.pick(naics),
      counts(),
    ];
    for (let k = 0; k < BLOCKS; k++) {
      const answer: Record<JobField, () => string> = {
        title: () => rand.pick(titles),
        soc: () => (rand.next() < 0.2 ? '51-4041' : ''),
        currentEmployees: counts,
        vacancies: counts,
        hires12m: counts,
        hiresGrowth12m: counts,
        hiresReplacement12m: counts,
        hires1to3y: counts,
        hires3to5y: counts,
        wage: wages,
        hardToFill: () => String(1 + Math.floor(rand.next() * 5)),
        education: () => rand.pick(options(book.jobs?.education?.options)),
        credentials: () => '',
      };
      for (const field of JOB_FIELDS) if (book.jobs![field]) cells.push(answer[field]());
    }
    for (let k = 0; k < 2 * book.skills!.items.length; k++)
      cells.push(String(1 + Math.floor(rand.next() * 5)));
    cells.push(
      pickSome(options(book.challenges?.options)),
      rand.pick(options(book.topChallenge?.options)),
      pickSome(options(book.training?.options)),
      pickSome(options(book.workBasedLearning?.options)),
      r % 10 === 0 ? 'Hiring is hard,\nand getting harder' : '',
    );
    await out.push(`${cells.map(quote).join(',')}\n`);
  }
  await out.close();
}

async function csvParseOnly(path: string): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true }));
  for await (const _ of parser) rows++;
  return rows - 1;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchSurvey(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { responses: { type: 'string', default: '50000' }, repeat: { type: 'string', default: '3' } },
  });
  const responses = Number(values.responses);
  const book = await loadCodebook(join(PROJECT_ROOT, 'pipelines', 'codebooks', 'demo-2024.yaml'));
  const wide: Codebook = { ...book, jobs: { ...book.jobs!, blocks: BLOCKS } };
  await mkdir(DATA, { recursive: true });
  const path = join(DATA, `survey-${responses}.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} (${responses} responses, ${BLOCKS} job blocks)...\n`);
    await generate(path, wide, responses);
  }
  const counties = countyLookup(
    ['57001', '57003', '57005', '57007'].map((fips, k) => ({
      fips,
      title: `${['Alder', 'Birch', 'Cedar', 'Dunmore'][k]} County, Lakeshore`,
    })),
  );
  const industries = industryLookup([
    { code: '332', title: 'Fabricated metal product manufacturing' },
    { code: '326', title: 'Plastics and rubber products manufacturing' },
  ]);
  const times = { parse: [] as number[], ingest: [] as number[] };
  let rows = 0;
  let jobs = 0;
  let notes = 0;
  for (let k = 0; k < Number(values.repeat); k++) {
    let t = performance.now();
    rows = await csvParseOnly(path);
    times.parse.push((performance.now() - t) / 1000);
    t = performance.now();
    const data = await readWave({ path, display: path, codebook: wide, counties, industries });
    times.ingest.push((performance.now() - t) / 1000);
    jobs = data.jobs.length;
    notes = data.notes.length;
    process.stderr.write(
      `  run ${k + 1}: csv-parse ${times.parse.at(-1)!.toFixed(2)} s, survey read ${times.ingest.at(-1)!.toFixed(2)} s\n`,
    );
  }
  const p = median(times.parse);
  const s = median(times.ingest);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `\nSurvey ingest, ${fmt(rows)} responses × ${BLOCKS} job blocks (${fmt(jobs)} jobs, ${fmt(notes)} cells noted), median of ${values.repeat}`,
  );
  console.log(`  csv-parse alone        ${p.toFixed(2)} s   ${fmt(rows / p)} responses/s`);
  console.log(`  survey read (codebook) ${s.toFixed(2)} s   ${fmt(rows / s)} responses/s`);
  console.log(`  ratio survey / csv-parse  ${(s / p).toFixed(2)}x`);
}
