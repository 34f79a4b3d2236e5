import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { loadCodebook } from '../../src/ingest/survey/codebook.ts';
import { readWave } from '../../src/ingest/survey/read-wave.ts';
import { countyLookup, industryLookup } from '../../src/ingest/survey/values.ts';
import { tempDir } from '../helpers.ts';

const counties = countyLookup([
  { fips: '57001', title: 'Alder County, Lakeshore' },
  { fips: '57003', title: 'Birch County, Lakeshore' },
]);
const industries = industryLookup([
  { code: '332', title: 'Fabricated metal product manufacturing' },
  { code: '326', title: 'Plastics and rubber products manufacturing' },
]);

const csv = (rows: string[][], eol = '\r\n') =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join(eol) + eol;

describe('reading survey exports with their codebooks', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(() => cleanup());

  async function codebook(yaml: string) {
    const path = join(dir, 'codebook.yaml');
    await writeFile(path, yaml);
    return loadCodebook(path);
  }

  it('reads a Qualtrics export: three header rows, ImportIds, partial and test responses, duplicates', async () => {
    const book = await codebook(`
wave: "2022"
title: Employer needs 2022
format: qualtrics
metadata:
  responseId: { qid: _recordId }
  submittedAt: { header: End Date }
  progress: { header: Progress }
  finished: { header: Finished }
  test: { header: Response Type, values: [Survey Preview] }
employer:
  name: { qid: QID1 }
  county: { qid: QID2, required: true }
  naics: { qid: QID3, required: true }
  employees: { qid: QID4 }
identifying:
  - { id: ip_address, header: IP Address }
jobs:
  blocks: 2
  title: { header: "Job {n} - Job title", required: true }
  hires12m: { header: "Job {n} - Hires in the next 12 months" }
  wage: { header: "Job {n} - Starting wage" }
skills:
  items:
    - { id: math, label: Math }
    - { id: safety, label: [Safety, Workplace safety] }
  importance: { header: "How important is each skill? - {label}" }
  proficiency: { header: "How proficient are applicants? - {label}" }
challenges:
  qid: QID9
  options: { finding: Finding applicants, retention: Keeping workers }
comments: { qid: QID10 }
`);
    const ids = [
      'EndDate',
      'Status',
      'IPAddress',
      'Progress',
      'Finished',
      'ResponseId',
      'Q1',
      'Q2',
      'Q3',
      'Q4',
      'Q5_1',
      'Q5_2',
      'Q5_3',
      'Q6_1',
      'Q6_2',
      'Q6_3',
      'Q7_1',
      'Q7_2',
      'Q8_1',
      'Q8_2',
      'Q9',
      'Q10',
    ];
    const texts = [
      'End Date',
      'Response Type',
      'IP Address',
      'Progress',
      'Finished',
      'Response ID',
      'Organization name',
      'County',
      'Industry',
      'Employees',
      'Job 1 - Job title',
      'Job 1 - Hires in the next 12 months',
      'Job 1 - Starting wage',
      'Job 2 - Job title',
      'Job 2 - Hires in the next 12 months',
      'Job 2 - Starting wage',
      'How important is each skill? - Math',
      'How important is each skill? - Workplace safety',
      'How proficient are applicants? - Math',
      'How proficient are applicants? - Workplace safety',
      'Challenges',
      'Comments',
    ];
    const imports = [
      'endDate',
      'status',
      'ipAddress',
      'progress',
      'finished',
      '_recordId',
      'QID1_TEXT',
      'QID2',
      'QID3',
      'QID4_TEXT',
      'QID5_1',
      'QID5_2',
      'QID5_3',
      'QID6_1',
      'QID6_2',
      'QID6_3',
      'QID7_1',
      'QID7_2',
      'QID8_1',
      'QID8_2',
      'QID9',
      'QID10_TEXT',
    ].map((i) => `{"ImportId":"${i}"}`);
    const row = (o: Record<number, string>) => ids.map((_, i) => o[i] ?? '');
    const rows = [
      ids,
      texts,
      imports,
      row({
        0: '2022-03-01 10:00:00',
        1: 'IP Address',
        2: '10.0.0.1',
        3: '100',
        4: 'True',
        5: 'R_1',
        6: 'Acme Tool',
        7: 'Alder County',
        8: '332',
        9: '1,200',
        10: 'CNC Machinist',
        11: '10-20',
        12: '$22.50/hr',
        16: '5',
        17: '4',
        18: '2',
        19: '3',
        20: 'Finding applicants,Keeping workers',
        21: 'Hiring is hard,\nreally hard',
      }),
      row({
        0: '2022-03-02 10:00:00',
        1: 'Survey Preview',
        3: '100',
        4: 'True',
        5: 'R_2',
        6: 'Preview',
        7: '57001',
        8: '332',
        10: 'Welder',
        11: '3',
      }),
      row({
        0: '2022-03-03 10:00:00',
        1: 'IP Address',
        3: '45',
        4: 'False',
        5: 'R_3',
        6: 'Beta Plastics',
        7: 'Birch',
        8: 'Plastics',
      }),
      row({
        0: '2022-03-04 10:00:00',
        1: 'IP Address',
        3: '100',
        4: 'True',
        5: 'R_4',
        6: 'acme tool ',
        7: '57001',
        8: '332',
        9: 'lots',
        10: 'Machinist',
        11: 'N/A',
        13: 'Welder',
        14: 'none',
        20: 'Keeping workers,Other stuff',
      }),
    ];
    const path = join(dir, 'qualtrics.csv');
    await writeFile(path, `\uFEFF${csv(rows)}`);
    const data = await readWave({ path, display: 'qualtrics.csv', codebook: book, counties, industries });
    expect(data.shape).toBe('qualtrics');
    expect(data.responses.map((r) => [r.responseId, r.line, r.status, r.statusReason])).toEqual([
      ['R_1', 4, 'duplicate', 'another submission by the same employer (line 8) is later'],
      ['R_2', 6, 'test', 'test response'],
      ['R_3', 7, 'partial', 'partial response (progress 45%)'],
      ['R_4', 8, 'complete', null],
    ]);
    expect(data.responses[0]).toMatchObject({
      countyFips: '57001',
      naics: '332',
      employees: 1200,
      submittedAt: '2022-03-01T10:00:00',
    });
    expect(data.responses[2]).toMatchObject({ countyFips: '57003', naics: '326' });
    expect(data.jobs.filter((j) => j.responseId === 'R_1')).toEqual([
      expect.objectContaining({
        block: 1,
        title: 'CNC Machinist',
        hires12m: 15,
        wageLow: 22.5,
        wageUnit: 'hour',
        wageHourly: 22.5,
      }),
    ]);
    expect(
      data.jobs.filter((j) => j.responseId === 'R_4').map((j) => [j.block, j.title, j.hires12m]),
    ).toEqual([
      [1, 'Machinist', null],
      [2, 'Welder', 0],
    ]);
    expect(data.skills.filter((s) => s.responseId === 'R_1')).toEqual([
      { wave: '2022', responseId: 'R_1', skillId: 'math', importance: 5, proficiency: 2 },
      { wave: '2022', responseId: 'R_1', skillId: 'safety', importance: 4, proficiency: 3 },
    ]);
    expect(data.choices.map((c) => [c.responseId, c.optionId])).toEqual([
      ['R_1', 'finding'],
      ['R_1', 'retention'],
      ['R_4', 'retention'],
    ]);
    expect(data.comments).toEqual([
      { wave: '2022', responseId: 'R_1', comment: 'Hiring is hard,\nreally hard' },
    ]);
    expect(data.identities.filter((i) => i.responseId === 'R_1')).toEqual([
      { wave: '2022', responseId: 'R_1', field: 'employer_name', value: 'Acme Tool' },
      { wave: '2022', responseId: 'R_1', field: 'ip_address', value: '10.0.0.1' },
    ]);
    const rejected = data.notes
      .filter((n) => n.kind === 'rejected')
      .map((n) => [n.line, n.column, n.field, n.rawValue, n.reason]);
    expect(rejected).toEqual([
      [8, 10, 'employer.employees', 'lots', 'expected a number (e.g. 12, 1,200, 10-20, none)'],
      [8, 21, 'challenges', 'Keeping workers,Other stuff', 'not among the options: "other stuff"'],
    ]);
    expect(data.notes.filter((n) => n.kind === 'flagged').map((n) => [n.line, n.field, n.reason])).toEqual([
      // County names and "none" are certain readings and make no line; a range and a shortened
      // industry name are guesses a person should see.
      [4, 'jobs.hires12m (job 1)', 'range 10-20, estimated at its midpoint'],
      [7, 'employer.naics', 'industry name "Plastics" resolved to NAICS 326'],
    ]);
  });

  it('reads a SurveyMonkey export in Windows-1252: question and sub-question rows, one column per option', async () => {
    const book = await codebook(`
wave: "2023"
title: Employer needs 2023
employer:
  name: { header: Organization name }
  county: { header: County, required: true }
  naics: { header: Industry, required: true }
jobs:
  blocks: 1
  title: { header: "Job 1 title" }
  vacancies: { header: "Job 1 openings now" }
skills:
  items: [{ id: math, label: Math }]
  importance: { header: How important is each skill?, sub: "{label}" }
  proficiency: { header: How proficient are applicants?, sub: "{label}" }
challenges:
  header: Challenges
  options: { finding: Finding applicants, retention: Keeping workers }
`);
    const rows = [
      [
        'Respondent ID',
        'Collector ID',
        'Organization name',
        'County',
        'Industry',
        'Job 1 title',
        'Job 1 openings now',
        'How important is each skill?',
        'How proficient are applicants?',
        'Challenges',
        '',
      ],
      [
        '',
        '',
        'Response',
        'Response',
        'Response',
        'Open-Ended Response',
        'Response',
        'Math',
        'Math',
        'Finding applicants',
        'Keeping workers',
      ],
      [
        '1001',
        '9',
        'Müller Tool & Die',
        '57003',
        'Fabricated metal',
        'Welder/Fabricator',
        '4',
        'Very important',
        '2',
        '',
        'Keeping workers',
      ],
    ];
    const path = join(dir, 'surveymonkey.csv');
    await writeFile(path, Buffer.from(new TextEncoder().encode('')), { flag: 'w' });
    // Windows-1252: "ü" is the single byte 0xFC.
    const text = csv(rows);
    const bytes = Buffer.from([...text].map((ch) => (ch === 'ü' ? 0xfc : ch.charCodeAt(0))));
    await writeFile(path, bytes);
    const data = await readWave({
      path,
      display: 'surveymonkey.csv',
      codebook: {
        ...book,
        skills: { ...book.skills!, scale: { min: 1, max: 5, labels: { 'Very important': 5 } } },
      },
      counties,
      industries,
    });
    expect([data.shape, data.encoding]).toEqual(['surveymonkey', 'windows-1252']);
    expect(data.responses).toEqual([
      expect.objectContaining({
        responseId: '2023:surveymonkey.csv:3',
        status: 'complete',
        countyFips: '57003',
        naics: '332',
      }),
    ]);
    expect(data.identities[0]).toMatchObject({ field: 'employer_name', value: 'Müller Tool & Die' });
    expect(data.jobs[0]).toMatchObject({ title: 'Welder/Fabricator', vacancies: 4 });
    expect(data.skills).toEqual([
      { wave: '2023', responseId: '2023:surveymonkey.csv:3', skillId: 'math', importance: 5, proficiency: 2 },
    ]);
    expect(data.choices.map((c) => c.optionId)).toEqual(['retention']);
  });

  it('reads a Google Forms export: one header row, [grid rows], choices joined by ", "', async () => {
    const book = await codebook(`
wave: "2024"
title: Employer needs 2024
employer:
  county: { header: County, required: true }
  naics: { header: Industry, required: true }
skills:
  items: [{ id: math, label: Math }]
  importance: { header: "How important is each skill? [{label}]" }
  proficiency: { header: "How proficient are applicants? [{label}]" }
challenges:
  header: Challenges
  separator: ", "
  options: { finding: Finding applicants, retention: Keeping workers }
`);
    const text =
      'Timestamp,County,Industry,How important is each skill? [Math],How proficient are applicants? [Math],Challenges\n3/5/2024 14:02:11,alder,332,4,3,"Keeping workers, Finding applicants"\n';
    const path = join(dir, 'forms.csv');
    await writeFile(path, text);
    const data = await readWave({ path, display: 'forms.csv', codebook: book, counties, industries });
    expect(data.shape).toBe('plain');
    expect(data.responses[0]).toMatchObject({ line: 2, status: 'complete', countyFips: '57001' });
    expect(data.skills[0]).toMatchObject({ importance: 4, proficiency: 3 });
    expect(data.choices.map((c) => c.optionId)).toEqual(['finding', 'retention']);
  });

  it('refuses an export whose header lacks a required question, naming it', async () => {
    const book = await codebook(`
wave: "2024"
title: t
employer:
  county: { header: County, required: true }
  naics: { header: Industry sector, required: true }
`);
    const path = join(dir, 'forms.csv');
    await writeFile(path, 'County,Industry\n57001,332\n');
    const error = await readWave({ path, display: 'forms.csv', codebook: book, counties, industries }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SiError);
    expect(error.issues).toEqual([
      {
        code: 'missing_column',
        file: 'forms.csv',
        line: 1,
        message: 'employer.naics: no column matches header "Industry sector"',
      },
    ]);
  });

  it('refuses an export where one job block lacks a question the others have (a changed header)', async () => {
    const book = await codebook(`
wave: "2024"
title: t
employer:
  county: { header: County, required: true }
  naics: { header: Industry, required: true }
jobs:
  blocks: 3
  title: { header: "Job {n} - Job title" }
  vacancies: { header: "Job {n} - Current openings" }
`);
    const path = join(dir, 'forms.csv');
    // Job 2's header is misspelt; job 3 is not in the export at all, which is allowed.
    await writeFile(
      path,
      'County,Industry,Job 1 - Job title,Job 1 - Current openings,Job 2 - Job title,Job 2 - Current openngs\n57001,332,Welder,2,Machinist,3\n',
    );
    const error = await readWave({ path, display: 'forms.csv', codebook: book, counties, industries }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SiError);
    expect(error.issues).toEqual([
      {
        code: 'missing_column',
        file: 'forms.csv',
        line: 1,
        message:
          'jobs.vacancies (job 2): no column matches header "Job 2 - Current openings", though job 1 has one',
      },
    ]);
  });

  it('reports a malformed export with its line, without quoting the answer, and never hangs', async () => {
    const book = await codebook(`
wave: "2024"
title: t
employer:
  name: { header: Name }
  county: { header: County, required: true }
  naics: { header: Industry, required: true }
`);
    const path = join(dir, 'forms.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => `Firm ${i},57001,332`);
    rows.splice(2500, 0, 'Acme "Secret" Corp,57001,332');
    await writeFile(path, `Name,County,Industry\n${rows.join('\n')}\n`);
    const error = await readWave({ path, display: 'forms.csv', codebook: book, counties, industries }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SiError);
    expect(error.message).toBe('forms.csv: the file is not readable CSV');
    expect(error.issues).toEqual([
      expect.objectContaining({
        file: 'forms.csv',
        line: 2502,
        message: 'a field has a quote inside it without being quoted itself',
      }),
    ]);
    expect(JSON.stringify(error.issues)).not.toContain('Secret');
  });
});
