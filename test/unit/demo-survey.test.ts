import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoQcewFiles, DEFAULT_DEMO_SEED, DEMO_REGION_COUNTIES } from '../../src/demo/qcew.ts';
import { CRITICAL_JOB_BY_SOC, SKILLS } from '../../src/demo/soc-jobs.ts';
import type { DemoEmployer } from '../../src/demo/survey.ts';
import {
  buildDemoEmployers,
  buildDemoSurveyFiles,
  drawRespondents,
  generateDemoSurveys,
  responseProbability,
} from '../../src/demo/survey.ts';
import {
  DEMO_WAVES,
  encodeWindows1252,
  foldToWindows1252,
  WINDOWS_1252_HIGH,
} from '../../src/demo/survey-exports.ts';
import type { Codebook } from '../../src/ingest/survey/codebook.ts';
import { loadCodebook } from '../../src/ingest/survey/codebook.ts';
import { tempDir } from '../helpers.ts';

const CODEBOOKS = resolve(import.meta.dirname, '../../pipelines/codebooks');
const YEARS = DEMO_WAVES.map((w) => w.year);

type Built = ReturnType<typeof buildDemoSurveyFiles>;
let built: Built;
let qcew: ReturnType<typeof buildDemoQcewFiles>;

beforeAll(() => {
  built = buildDemoSurveyFiles({ seed: DEFAULT_DEMO_SEED });
  qcew = buildDemoQcewFiles({ years: YEARS });
});

const fileBytes = (name: string): Buffer => {
  const file = built.files.find((f) => f.name === name);
  if (!file) throw new Error(`no file ${name}`);
  return file.bytes;
};

/**
 * Windows-1252 text. Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as C1 controls (as ISO-8859-1 does),
 * so those are mapped to the code page's characters (’ – € …) afterwards.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0)] ?? c);
}

/** The text of a wave's export, decoded as its tool encodes it. */
function waveText(wave: string): string {
  const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
  const bytes = fileBytes(spec.file);
  return spec.tool === 'surveymonkey' ? decodeWindows1252(bytes) : bytes.toString('utf8');
}

function waveRows(wave: string): string[][] {
  return parse(waveText(wave), { bom: true, relax_column_count: false }) as string[][];
}

const HEADER_ROWS: Readonly<Record<string, number>> = { qualtrics: 3, surveymonkey: 2, 'google-forms': 1 };

function dataRows(wave: string): { header: string[][]; rows: string[][] } {
  const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
  const all = waveRows(wave);
  const n = HEADER_ROWS[spec.tool]!;
  return { header: all.slice(0, n), rows: all.slice(n) };
}

describe('demo survey: determinism and speed', () => {
  it('writes byte-identical files for the same seed, different ones for another seed', async () => {
    const a = await tempDir('si-survey-a-');
    const b = await tempDir('si-survey-b-');
    const c = await tempDir('si-survey-c-');
    try {
      const started = performance.now();
      const first = await generateDemoSurveys({ outDir: a.dir });
      const elapsed = performance.now() - started;
      const second = await generateDemoSurveys({ outDir: b.dir, seed: DEFAULT_DEMO_SEED });
      const other = await generateDemoSurveys({ outDir: c.dir, seed: 7 });
      expect(first.files.map((f) => f.slice(a.dir.length))).toEqual([
        '/invited-2022.csv',
        '/invited-2023.csv',
        '/invited-2024.csv',
        '/wave-2022-qualtrics.csv',
        '/wave-2023-surveymonkey.csv',
        '/wave-2024-google-forms.csv',
      ]);
      expect(second.respondents).toEqual(first.respondents);
      for (const file of first.files) {
        const name = file.slice(a.dir.length + 1);
        const bytes = await readFile(file);
        expect(bytes.equals(await readFile(join(b.dir, name))), name).toBe(true);
        expect(bytes.equals(fileBytes(name)), `${name} in memory`).toBe(true);
        if (name.startsWith('wave-'))
          expect(bytes.equals(await readFile(join(c.dir, name))), name).toBe(false);
      }
      expect(other.respondents).not.toEqual(first.respondents);
      // Well under a second on a laptop; the bound only catches an accidental blow-up.
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await Promise.all([a.cleanup(), b.cleanup(), c.cleanup()]);
    }
  });
});

describe('demo survey: population consistent with the demo QCEW', () => {
  it.each(YEARS)(
    '%i: establishments per county × industry and employment match the published Q4 month 3',
    (year) => {
      const employers = built.waves[String(year)]!.employers;
      for (const county of DEMO_REGION_COUNTIES) {
        const file = qcew.find((f) => f.areaFips === county.fips && f.year === year)!;
        const q4 = file.rows.filter((r) => r['own_code'] === '5' && r['qtr'] === '4');
        const mine = employers.filter((e) => e.countyFips === county.fips);
        const cells = q4.filter(
          (r) => /^3[1-3]\d$/.test(String(r['industry_code'])) && Number(r['qtrly_estabs']) > 0,
        );
        let disclosedEmployment = 0;
        for (const row of cells) {
          const naics = String(row['industry_code']);
          const inCell = mine.filter((e) => e.naics === naics);
          expect(inCell.length, `${county.fips} ${naics} establishments`).toBe(Number(row['qtrly_estabs']));
          const published = row['disclosure_code'] !== 'N';
          expect(inCell.every((e) => e.employmentPublished === published)).toBe(true);
          if (published) {
            const sum = inCell.reduce((s, e) => s + e.employees, 0);
            expect(sum, `${county.fips} ${naics} employment`).toBe(Number(row['month3_emplvl']));
            disclosedEmployment += sum;
          }
        }
        // No establishment outside the published 3-digit cells.
        expect(mine.length).toBe(cells.reduce((s, r) => s + Number(r['qtrly_estabs']), 0));
        const total = q4.find((r) => r['industry_code'] === '31-33')!;
        expect(total['disclosure_code']).toBe('');
        expect(mine.reduce((s, e) => s + e.employees, 0)).toBe(Number(total['month3_emplvl']));
        // The suppressed cells together hold the county's undisclosed remainder.
        const hidden = mine.filter((e) => !e.employmentPublished).reduce((s, e) => s + e.employees, 0);
        expect(hidden).toBe(Number(total['month3_emplvl']) - disclosedEmployment);
      }
      expect(employers.some((e) => !e.employmentPublished)).toBe(true);
    },
  );

  it('gives every establishment a plausible record', () => {
    const employers = built.waves['2024']!.employers;
    expect(new Set(employers.map((e) => e.id)).size).toBe(employers.length);
    expect(employers[0]!.id).toBe('E0001');
    expect(new Set(employers.map((e) => e.name)).size).toBe(employers.length);
    // Names with Latin-1 accents (Müller) and with letters outside Windows-1252 (Łukasz), so encodings matter.
    expect(employers.some((e) => /[à-ÿ]/.test(e.name))).toBe(true);
    expect(employers.some((e) => /[^ -ÿ]/.test(e.name))).toBe(true);
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const e of employers) {
      check(Number.isInteger(e.employees) && e.employees >= 1, `${e.id} employees ${e.employees}`);
      check(e.jobs.length >= 1 && e.jobs.length <= 5, `${e.id} has ${e.jobs.length} jobs`);
      check(
        e.jobs.reduce((s, j) => s + j.currentEmployees, 0) <= e.employees,
        `${e.id} jobs exceed employees`,
      );
      for (const job of e.jobs) {
        check(CRITICAL_JOB_BY_SOC.has(job.soc), `${e.id} unknown SOC ${job.soc}`);
        check(
          job.hires12m === job.hiresGrowth12m + job.hiresReplacement12m,
          `${e.id} ${job.soc} hires split`,
        );
        check(job.hardToFill >= 1 && job.hardToFill <= 5, `${e.id} ${job.soc} hard to fill`);
        check(job.wage.high >= job.wage.low, `${e.id} ${job.soc} wage range`);
      }
      check(e.challenges.includes(e.topChallenge), `${e.id} top challenge not among its challenges`);
    }
    expect(problems).toEqual([]);
    const sizes = employers.map((e) => e.employees).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThan(25);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(500);
    // The skill gaps manufacturers report: mechanical aptitude and print reading widest, computer skills narrow.
    const gaps = built.waves['2024']!.truth.skills;
    expect(gaps['mechanical_aptitude']!.gap).toBeGreaterThan(gaps['teamwork']!.gap);
    expect(gaps['blueprint_reading']!.gap).toBeGreaterThan(gaps['computer_skills']!.gap + 0.5);
  });

  it('draws the same population from a one-year QCEW build as from the three-year one', () => {
    const alone = buildDemoEmployers({ seed: DEFAULT_DEMO_SEED, year: 2024 });
    expect(alone).toEqual(built.waves['2024']!.employers);
    // Only 2024 offers housing as a challenge.
    expect(built.waves['2023']!.employers.some((e) => e.challenges.includes('housing'))).toBe(false);
    expect(alone.some((e) => e.challenges.includes('housing'))).toBe(true);
  });
});

describe('demo survey: respondents, truth and frame', () => {
  it('draws respondents with a size-dependent propensity', () => {
    expect(responseProbability(1)).toBeCloseTo(0.063, 3);
    expect(responseProbability(1000)).toBeGreaterThan(0.55);
    const { employers, respondents } = built.waves['2024']!;
    const ids = new Set(respondents.map((r) => r.employer.id));
    const rate = (keep: (e: DemoEmployer) => boolean) => {
      const group = employers.filter(keep);
      return group.filter((e) => ids.has(e.id)).length / group.length;
    };
    expect(rate((e) => e.employees >= 100)).toBeGreaterThan(2 * rate((e) => e.employees < 10));
    expect(respondents.filter((r) => r.completion === 'partial').length).toBeGreaterThanOrEqual(3);
    expect(respondents.filter((r) => r.duplicate !== 'none').length).toBeGreaterThanOrEqual(3);
  });

  it.each(DEMO_WAVES.map((w) => w.wave))('wave %s: the truth is the sum over every establishment', (wave) => {
    const { employers, truth, frame } = built.waves[wave]!;
    const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
    expect(truth.jobBlocks).toBe(spec.jobBlocks);
    expect(truth.establishments).toBe(employers.length);
    expect(truth.employees).toBe(employers.reduce((s, e) => s + e.employees, 0));
    const listed = employers.flatMap((e) => e.jobs.slice(0, spec.jobBlocks));
    const sum = (
      soc: string | undefined,
      key: 'currentEmployees' | 'vacancies' | 'hires12m' | 'hires1to3y' | 'hires3to5y',
    ) => listed.filter((j) => soc === undefined || j.soc === soc).reduce((s, j) => s + j[key], 0);
    for (const key of ['currentEmployees', 'vacancies', 'hires12m', 'hires1to3y', 'hires3to5y'] as const) {
      expect(truth.allJobs[key]).toBe(sum(undefined, key));
      for (const soc of Object.keys(truth.bySoc))
        expect(truth.bySoc[soc]![key], `${soc} ${key}`).toBe(sum(soc, key));
    }
    expect(Object.values(truth.bySoc).reduce((s, t) => s + t.hires12m, 0)).toBe(truth.allJobs.hires12m);
    for (const [id, n] of Object.entries(truth.challenges)) {
      expect(n).toBe(employers.filter((e) => e.challenges.includes(id)).length);
    }
    expect(Object.keys(truth.challenges).includes('housing')).toBe(wave === '2024');
    for (const skill of SKILLS) {
      const mean = (k: 'importance' | 'proficiency') =>
        employers.reduce((s, e) => s + e.skills[skill.id]![k], 0) / employers.length;
      expect(truth.skills[skill.id]!.importance).toBeCloseTo(mean('importance'), 10);
      expect(truth.skills[skill.id]!.proficiency).toBeCloseTo(mean('proficiency'), 10);
    }
    // The frame is the QCEW: region = sum of the four counties, per 3-digit industry.
    expect(frame.year).toBe(spec.year);
    expect(frame.total.establishments).toBe(employers.length);
    expect(frame.industries.reduce((s, i) => s + i.employment, 0)).toBe(truth.employees);
    for (const industry of frame.industries) {
      const cells = frame.cells.filter((c) => c.naics === industry.naics);
      expect(industry.establishments).toBe(cells.reduce((s, c) => s + c.establishments, 0));
      expect(industry.published).toBe(cells.every((c) => c.published));
    }
  });

  it('reports the truth of the jobs a wave had room for', () => {
    const employers = built.waves['2022']!.employers;
    const three = drawRespondents(employers, { seed: 1, wave: '2022' }).truth;
    const five = drawRespondents(employers, { seed: 1, wave: '2022', jobBlocks: 5 }).truth;
    expect(three.jobBlocks).toBe(3);
    expect(five.allJobs.hires12m).toBeGreaterThan(three.allJobs.hires12m);
  });
});

describe('demo survey: export shapes', () => {
  it('2022 is a Qualtrics export: BOM, CRLF, every field quoted, three header rows', () => {
    const bytes = fileBytes('wave-2022-qualtrics.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('"\r\n')).toBe(true);
    const records = parse(text, { bom: true, raw: true }) as unknown as { record: string[]; raw: string }[];
    // Records end with CRLF (line breaks inside comments are the only bare LFs) and every field is quoted.
    expect(parse(text, { bom: true, record_delimiter: '\r\n' })).toEqual(records.map((r) => r.record));
    for (const { record, raw } of records) {
      // csv-parse's raw text keeps the CR of the CRLF it split on.
      expect(raw.replace(/\r$/, '')).toBe(record.map((f) => `"${f.replaceAll('"', '""')}"`).join(','));
    }
    const [ids, texts, importIds] = records.map((r) => r.record) as [string[], string[], string[]];
    expect(ids.slice(0, 17)).toEqual([
      'StartDate',
      'EndDate',
      'Status',
      'IPAddress',
      'Progress',
      'Duration (in seconds)',
      'Finished',
      'RecordedDate',
      'ResponseId',
      'RecipientLastName',
      'RecipientFirstName',
      'RecipientEmail',
      'ExternalReference',
      'LocationLatitude',
      'LocationLongitude',
      'DistributionChannel',
      'UserLanguage',
    ]);
    expect(ids.slice(17).every((id) => /^Q\d+(_\d+)?$/.test(id))).toBe(true);
    expect(texts.slice(0, 4)).toEqual(['Start Date', 'End Date', 'Response Type', 'IP Address']);
    expect(texts).toContain('Job title - Job 1');
    expect(texts).toContain('How important is each skill when you hire? - Problem solving');
    expect(importIds[0]).toBe('{"ImportId":"startDate","timeZone":"America/Chicago"}');
    expect(importIds).toContain('{"ImportId":"QID1_TEXT"}');
    expect(importIds).toContain('{"ImportId":"QID20_8"}');
    for (const cell of importIds) expect(typeof JSON.parse(cell).ImportId).toBe('string');
  });

  it('2023 is a SurveyMonkey export: Windows-1252, CRLF, two header rows', () => {
    const bytes = fileBytes('wave-2023-surveymonkey.csv');
    expect(bytes.subarray(0, 13).toString('latin1')).toBe('Respondent ID');
    // Not UTF-8: characters such as ü and ’ are single 1252 bytes.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = waveText('2023');
    expect(encodeWindows1252(text).equals(bytes)).toBe(true);
    expect(text).toMatch(/[üéöáñ]/);
    // Typed smart quotes and dashes are the code page's own bytes (0x92, 0x97), not UTF-8 sequences.
    expect(text).toMatch(/[’—]/);
    expect(text).not.toMatch(/[\u0080-\u009f]/);
    expect(text).not.toMatch(/[ŁłễřĆ]/);
    expect(parse(text, { record_delimiter: '\r\n' })).toEqual(parse(text));
    const { header, rows } = dataRows('2023');
    const [questions, subs] = header as [string[], string[]];
    expect(questions.slice(0, 9)).toEqual([
      'Respondent ID',
      'Collector ID',
      'Start Date',
      'End Date',
      'IP Address',
      'Email Address',
      'First Name',
      'Last Name',
      'Custom Data 1',
    ]);
    expect(subs.slice(0, 9).every((s) => s === '')).toBe(true);
    expect(subs.slice(9).every((s) => s !== '')).toBe(true);
    expect(subs).toContain('Response');
    expect(subs).toContain('Open-Ended Response');
    // A question's text appears once, over the first of its columns.
    const first = questions.indexOf(
      'Which of these are workforce challenges for your organization? (Select all that apply)',
    );
    expect(subs.slice(first, first + 7)).toEqual([
      'Not enough applicants',
      'Applicants lack needed skills',
      'Keeping new hires (retention)',
      'Competing with other employers on wages',
      'Retirements of experienced workers',
      'Transportation to work',
      'Childcare',
    ]);
    expect(questions.slice(first + 1, first + 7).every((q) => q === '')).toBe(true);
    // A multi-select cell holds its option label or nothing.
    for (const row of rows) {
      for (let i = first; i < first + 7; i++) expect(['', subs[i]]).toContain(row[i]);
    }
    const skills = questions.indexOf('How important is each skill when you hire?');
    expect(subs[skills]).toBe('Problem solving');
    expect(subs[skills + 1]).toBe('Reading blueprints and drawings');
  });

  it('2024 is a Google Forms download: UTF-8 without BOM, LF, one header row', () => {
    const bytes = fileBytes('wave-2024-google-forms.csv');
    expect(bytes.subarray(0, 10).toString('utf8')).toBe('Timestamp,');
    expect(bytes.includes('\r')).toBe(false);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    const { header, rows } = dataRows('2024');
    const columns = header[0]!;
    expect(columns).toContain('How important is each skill when you hire? [Problem solving]');
    expect(columns).toContain('Job 5: Job title');
    expect(rows.every((r) => /^\d{1,2}\/\d{1,2}\/2024 \d{1,2}:\d{2}:\d{2}$/.test(r[0]!))).toBe(true);
    const challenges = columns.indexOf(
      'Which of these are workforce challenges for your organization? (Select all that apply)',
    );
    expect(rows.some((r) => r[challenges]!.includes(', '))).toBe(true);
    expect(rows.some((r) => r[challenges]!.includes('Affordable housing'))).toBe(true);
  });

  it('the questionnaire changes between waves as real ones do', () => {
    const q22 = waveRows('2022')[1]!;
    const q23 = waveRows('2023')[0]!;
    const q24 = waveRows('2024')[0]!;
    expect(q22.some((t) => t.startsWith('How difficult is it to fill each job?'))).toBe(true);
    expect(q23).toContain('Job 1: How hard is it to find qualified candidates for this job?');
    expect(q22.filter((t) => t.startsWith('Job title - Job ')).length).toBe(3);
    expect(q23.filter((t) => /^Job \d$/.test(t)).length).toBe(5);
    expect(q24.filter((t) => /^Job \d: Job title$/.test(t)).length).toBe(5);
  });
});

describe('demo survey: the mess of real exports', () => {
  /** Cells of one wave's data rows, by column, with the employer-id and name columns of its tool. */
  function table(wave: string) {
    const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
    const { header, rows } = dataRows(wave);
    const names = spec.tool === 'qualtrics' ? header[1]! : header[0]!;
    const col = (text: string) => {
      const i = names.indexOf(text);
      if (i < 0) throw new Error(`${wave}: no column ${text}`);
      return i;
    };
    const idColumn = {
      qualtrics: 'External Data Reference',
      surveymonkey: 'Custom Data 1',
      'google-forms': '',
    }[spec.tool];
    const id = col(idColumn || 'Employer ID (from your invitation email)');
    const name = col(spec.tool === 'google-forms' ? 'Company or organization name' : 'Organization name');
    const when = col(
      spec.tool === 'qualtrics' ? 'End Date' : spec.tool === 'surveymonkey' ? 'End Date' : 'Timestamp',
    );
    const cells = rows.flat();
    const count = (pattern: RegExp) => cells.filter((c) => pattern.test(c)).length;
    return { spec, header, rows, col, id, name, when, cells, count };
  }

  const toTime = (text: string) => {
    const iso = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text);
    if (iso) return Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!);
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d\d):(\d\d)(?: (AM|PM))?$/.exec(text)!;
    const hour = (+us[4]! % (us[7] ? 12 : 24)) + (us[7] === 'PM' ? 12 : 0);
    return Date.UTC(+us[3]!, +us[1]! - 1, +us[2]!, hour, +us[5]!, +us[6]!);
  };

  it.each(DEMO_WAVES.map((w) => w.wave))('wave %s has each kind of mess a few times', (wave) => {
    const t = table(wave);
    // Ranges of counts and wages ("10-20", "$18-$22", "45k-52k"), not SOC codes or dates.
    const ranges = t.cells.filter(
      (c) => /^\$?\d[\d,.]*k?\s*-\s*\$?\d[\d,.]*k?(\/hr)?$/i.test(c) && !/^\d{2}-\d{4}$/.test(c),
    );
    expect(ranges.length, 'ranges').toBeGreaterThanOrEqual(3);
    expect(t.count(/\dk\b/i), '45k amounts').toBeGreaterThanOrEqual(3);
    expect(t.count(/^\$?\d{1,3}(,\d{3})+(\.\d+)?$/), 'thousands separators').toBeGreaterThanOrEqual(3);
    expect(t.count(/^\$\d+\.\d\d\/hr$/), '$22.50/hr').toBeGreaterThanOrEqual(3);
    expect(t.count(/^N\/A$/), 'N/A').toBeGreaterThanOrEqual(3);
    expect(t.count(/^none$/i), 'none').toBeGreaterThanOrEqual(3);
    expect(t.count(/\n/), 'quoted line breaks').toBeGreaterThanOrEqual(3);
    // Job titles mostly without SOC codes, some with.
    const titles = t.rows.map(
      (r) =>
        r[
          t.col(
            t.spec.tool === 'qualtrics'
              ? 'Job title - Job 1'
              : t.spec.tool === 'surveymonkey'
                ? 'Job 1'
                : 'Job 1: Job title',
          )
        ]!,
    );
    const withSoc = titles.filter((x) => /\b\d{2}-\d{4}\b/.test(x)).length + t.count(/^\d{2}-?\d{4}(\.00)?$/);
    expect(withSoc).toBeGreaterThanOrEqual(3);
    expect(titles.filter((x) => x !== '' && !/\d{2}-\d{4}/.test(x)).length).toBeGreaterThan(
      titles.length / 2,
    );
    // Counties as FIPS codes and as names in several spellings; industries as codes and names.
    const county = t.rows.map(
      (r) => r[t.col(t.spec.tool === 'google-forms' ? 'County' : 'County where this site is located')]!,
    );
    expect(county.filter((c) => /^570\d\d$/.test(c)).length).toBeGreaterThanOrEqual(3);
    expect(county.filter((c) => / County$/.test(c)).length).toBeGreaterThanOrEqual(3);
    expect(county.filter((c) => / Co\.$/.test(c)).length).toBeGreaterThanOrEqual(3);
    expect(county.filter((c) => /^[a-z]+$/.test(c)).length).toBeGreaterThanOrEqual(3);
    const naics = t.rows.map((r) => r[t.col('Primary industry (NAICS code or description)')]!);
    expect(naics.filter((c) => /^3[1-3]\d{1,2}$/.test(c)).length).toBeGreaterThanOrEqual(3);
    expect(naics.filter((c) => /^[A-Za-z]/.test(c)).length).toBeGreaterThanOrEqual(3);

    // Two test responses.
    const tests =
      t.spec.tool === 'qualtrics'
        ? t.rows.filter((r) => r[t.col('Response Type')] === 'Survey Preview')
        : t.rows.filter((r) => /^test/i.test(r[t.name]!));
    expect(tests.length).toBe(2);

    // Duplicates: the same employer id and name twice; the later one is complete.
    const byEmployer = new Map<string, string[][]>();
    for (const r of t.rows) if (r[t.id]) byEmployer.set(r[t.id]!, [...(byEmployer.get(r[t.id]!) ?? []), r]);
    const duplicates = [...byEmployer.values()].filter((g) => g.length > 1);
    expect(duplicates.length).toBeGreaterThanOrEqual(3);
    for (const group of duplicates) {
      expect(new Set(group.map((r) => r[t.name])).size).toBe(1);
      const sorted = [...group].sort((a, b) => toTime(a[t.when]!) - toTime(b[t.when]!));
      expect(toTime(sorted[1]![t.when]!)).toBeGreaterThan(toTime(sorted[0]![t.when]!));
      if (t.spec.tool === 'qualtrics') expect(sorted[sorted.length - 1]![t.col('Progress')]).toBe('100');
    }

    // Partial responses: Qualtrics says so; elsewhere the later questions are simply blank.
    if (t.spec.tool === 'qualtrics') {
      const partial = t.rows.filter((r) => Number(r[t.col('Progress')]) < 100);
      expect(partial.length).toBeGreaterThanOrEqual(3);
      expect(partial.every((r) => r[t.col('Finished')] === 'False')).toBe(true);
    } else {
      const wbl = t.header[0]!.indexOf(
        'Which work-based learning would your company offer or expand? (Select all that apply)',
      );
      const challenges = t.header[0]!.indexOf(
        'Which of these are workforce challenges for your organization? (Select all that apply)',
      );
      const blankTail = t.rows.filter((r) => r.slice(challenges, wbl + 1).every((c) => c === ''));
      expect(blankTail.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps characters outside Windows-1252 out of the 2023 wave only', () => {
    expect(foldToWindows1252('Łukasz Müller – Nguyễn')).toBe('Lukasz Müller – Nguyen');
    const invited = fileBytes('invited-2023.csv').toString('utf8');
    expect(invited.startsWith('employer_id,employer_name,county_fips,naics,employees\n')).toBe(true);
    expect(invited).toMatch(/[Łł]ukasz|Nguyễn|Dvořák/);
    expect(waveText('2024')).toMatch(/[Łł]ukasz|Nguyễn|Dvořák|Paweł/);
  });
});

describe('demo survey: codebooks', () => {
  const codebooks = new Map<string, Codebook>();

  beforeAll(async () => {
    for (const spec of DEMO_WAVES)
      codebooks.set(spec.wave, await loadCodebook(join(CODEBOOKS, `demo-${spec.wave}.yaml`)));
  });

  const key = (text: string) =>
    text
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[?*:]+$/, '');
  const GENERIC = new Set(['response', 'open-ended response']);

  interface ExportColumn {
    readonly id?: string;
    readonly importId?: string;
    readonly text: string;
    readonly main: string;
    readonly sub?: string;
  }

  function exportColumns(wave: string): ExportColumn[] {
    const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
    const { header } = dataRows(wave);
    if (spec.tool === 'qualtrics') {
      const [ids, texts, imports] = header as [string[], string[], string[]];
      return ids.map((id, i) => {
        const text = texts[i]!;
        const at = text.lastIndexOf(' - ');
        return {
          id,
          importId: JSON.parse(imports[i]!).ImportId as string,
          text,
          main: at > 0 ? text.slice(0, at) : text,
          ...(at > 0 ? { sub: text.slice(at + 3) } : {}),
        };
      });
    }
    if (spec.tool === 'surveymonkey') {
      let carried = '';
      return header[0]!.map((own, i) => {
        if (own !== '') carried = own;
        const sub = header[1]![i]!;
        return { text: carried, main: carried, ...(sub ? { sub } : {}) };
      });
    }
    return header[0]!.map((text) => {
      const m = /^(.*?) \[([^\]]+)\]$/.exec(text);
      return m ? { text, main: m[1]!, sub: m[2]! } : { text, main: text };
    });
  }

  interface Ref {
    readonly header?: string;
    readonly sub?: string;
    readonly qid?: string;
  }

  function matches(columns: readonly ExportColumn[], ref: Ref): number[] {
    const found: number[] = [];
    columns.forEach((c, i) => {
      if (ref.qid !== undefined) {
        if (c.id === ref.qid || c.importId === ref.qid || c.importId === `${ref.qid}_TEXT`) found.push(i);
        return;
      }
      if (ref.header === undefined) return;
      const h = key(ref.header);
      const hit =
        ref.sub !== undefined
          ? key(c.main) === h && c.sub !== undefined && key(c.sub) === key(ref.sub)
          : key(c.text) === h || (key(c.main) === h && (c.sub === undefined || GENERIC.has(key(c.sub))));
      if (hit) found.push(i);
    });
    return found;
  }

  const fill = (ref: Ref, n?: number, label?: string): Ref => {
    const f = (s: string | undefined) =>
      s?.replaceAll('{n}', String(n ?? '')).replaceAll('{label}', label ?? '');
    return {
      ...(ref.header !== undefined ? { header: f(ref.header) } : {}),
      ...(ref.sub !== undefined ? { sub: f(ref.sub) } : {}),
      ...(ref.qid !== undefined ? { qid: f(ref.qid) } : {}),
    };
  };

  it.each(DEMO_WAVES.map((w) => w.wave))(
    'demo-%s.yaml validates and maps every question column once',
    (wave) => {
      const codebook = codebooks.get(wave)!;
      const spec = DEMO_WAVES.find((w) => w.wave === wave)!;
      expect(codebook.wave).toBe(wave);
      expect(codebook.format).toBe(
        { qualtrics: 'qualtrics', surveymonkey: 'surveymonkey', 'google-forms': 'plain' }[spec.tool],
      );
      expect(codebook.jobs!.blocks).toBe(spec.jobBlocks);
      expect(codebook.employer.county.required).toBe(true);
      expect(codebook.employer.naics.required).toBe(true);
      // A job row needs a SOC code or a title; a blank title alone does not void the row.
      expect(codebook.jobs!.title.required).toBe(false);

      const columns = exportColumns(wave);
      const used = new Map<number, string>();
      const use = (ref: Ref | undefined, what: string) => {
        if (!ref) return;
        const found = matches(columns, ref);
        expect(found, `${what}: ${JSON.stringify(ref)}`).toHaveLength(1);
        expect(used.has(found[0]!), `${what} maps a column already mapped by ${used.get(found[0]!)}`).toBe(
          false,
        );
        used.set(found[0]!, what);
      };
      for (const [k, ref] of Object.entries(codebook.metadata)) if (k !== 'test') use(ref, `metadata.${k}`);
      for (const [k, ref] of Object.entries(codebook.employer)) use(ref as Ref, `employer.${k}`);
      for (const i of codebook.identifying) use(i, `identifying.${i.id}`);
      const jobs = codebook.jobs!;
      for (let n = 1; n <= jobs.blocks; n++) {
        for (const [k, ref] of Object.entries(jobs))
          if (k !== 'blocks') use(fill(ref as Ref, n), `jobs.${k} ${n}`);
      }
      const skills = codebook.skills!;
      for (const item of skills.items) {
        const label = [item.label].flat()[0]!;
        use(fill(skills.importance, undefined, label), `skills.importance.${item.id}`);
        use(fill(skills.proficiency, undefined, label), `skills.proficiency.${item.id}`);
      }
      for (const question of ['challenges', 'training', 'workBasedLearning'] as const) {
        const spec = codebook[question]!;
        if (spec.separator !== undefined) use(spec, question);
        else {
          // One column per option (SurveyMonkey): the option label is the sub-header.
          for (const [id, labels] of Object.entries(spec.options)) {
            const found = [labels]
              .flat()
              .map((label) =>
                matches(columns, { ...(spec.header ? { header: spec.header } : {}), sub: label }),
              )
              .find((f) => f.length > 0);
            expect(found, `${question}.${id}`).toHaveLength(1);
            used.set(found![0]!, `${question}.${id}`);
          }
        }
      }
      use(codebook.topChallenge, 'topChallenge');
      use(codebook.comments, 'comments');
      // The test marker is its own column in Qualtrics (Status), the organization name elsewhere.
      const testColumn = codebook.metadata.test ? matches(columns, codebook.metadata.test) : [];
      expect(testColumn).toHaveLength(codebook.metadata.test ? 1 : 0);
      if (testColumn[0] !== undefined && !used.has(testColumn[0])) used.set(testColumn[0], 'metadata.test');

      const unmapped = columns.filter((_, i) => !used.has(i)).map((c) => c.id ?? c.text);
      const toolMetadata: Readonly<Record<string, string[]>> = {
        qualtrics: [
          'StartDate',
          'Duration (in seconds)',
          'RecordedDate',
          'DistributionChannel',
          'UserLanguage',
        ],
        surveymonkey: ['Collector ID', 'Start Date'],
        'google-forms': [],
      };
      expect(unmapped).toEqual(toolMetadata[spec.tool]);
    },
  );

  it.each(DEMO_WAVES.map((w) => w.wave))('demo-%s.yaml knows every label the export writes', (wave) => {
    const codebook = codebooks.get(wave)!;
    const columns = exportColumns(wave);
    const { rows } = dataRows(wave);
    const values = (ref: Ref) => {
      const [i] = matches(columns, ref);
      return rows.map((r) => r[i!]!).filter((v) => v !== '');
    };
    const scaleOk = (v: string, labels: Readonly<Record<string, number>>) =>
      Object.keys(labels).includes(v) || /^[1-5]$/.test(v);
    const optionLabels = (options: Readonly<Record<string, string | string[]>>) =>
      Object.values(options).flat();
    const unknown: string[] = [];
    const known = (ok: boolean, what: string, v: string) => {
      if (!ok) unknown.push(`${what}: ${v}`);
    };
    const jobs = codebook.jobs!;
    for (let n = 1; n <= jobs.blocks; n++) {
      for (const v of values(fill(jobs.hardToFill!, n)))
        known(scaleOk(v, jobs.hardToFill!.scale?.labels ?? {}), 'hardToFill', v);
      for (const v of values(fill(jobs.education!, n)))
        known(optionLabels(jobs.education!.options).includes(v), 'education', v);
    }
    const skills = codebook.skills!;
    for (const item of skills.items) {
      const label = [item.label].flat()[0]!;
      for (const ref of [skills.importance, skills.proficiency]) {
        for (const v of values(fill(ref, undefined, label)))
          known(scaleOk(v, skills.scale.labels), item.id, v);
      }
    }
    for (const v of values(codebook.topChallenge!)) {
      known(optionLabels(codebook.topChallenge!.options).includes(v), 'topChallenge', v);
    }
    for (const question of ['challenges', 'training', 'workBasedLearning'] as const) {
      const spec = codebook[question]!;
      if (spec.separator === undefined) continue;
      for (const v of values(spec)) {
        for (const label of v.split(spec.separator))
          known(optionLabels(spec.options).includes(label), question, label);
      }
    }
    expect(unknown).toEqual([]);
  });
});
