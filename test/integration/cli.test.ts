import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { tempDir } from '../helpers.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'sector-insights.js');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

function cli(args: string[], cwd = PROJECT_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the sector-insights command', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let demo: ReturnType<typeof cli>;
  const pipeline = () => join(dir, 'pipelines', 'demo.yaml');

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    demo = cli(['demo', '--workdir', dir]);
  });
  afterAll(() => cleanup());

  it('runs the demo end to end and says where the report, extract and manifest are', () => {
    expect(demo.stderr).toContain('✓ publish');
    expect(demo.code).toBe(0);
    const lines = demo.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run \d{8}T\d{6}Z-[0-9a-f]{4} succeeded in \d+\.\ds$/);
    for (const label of ['report', 'extract', 'dictionary', 'manifest']) {
      const line = lines.find((l) => l.trim().startsWith(`${label} `))!;
      expect(existsSync(line.trim().split(/\s+/)[1]!), label).toBe(true);
    }
  });

  it.runIf(existsSync(CHROMIUM) || process.env['CI'] === 'true')(
    'prints the report to a multi-page PDF with real Chromium',
    async () => {
      const pdf = join(dir, 'out', 'demo', 'latest', 'report.pdf');
      const bytes = await readFile(pdf);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1])).toBeGreaterThanOrEqual(2);
      const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
      expect(fonts).toMatch(/DejaVuSans|LiberationSans/);
      const text = spawnSync('pdftotext', ['-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain('Manufacturing in Lakeshore Valley');
    },
  );

  it('lists past runs and answers read-only queries as a table, CSV or JSON', () => {
    const history = cli(['history', pipeline()]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^run id\s+started \(UTC\)\s+duration\s+status/);
    expect(history.stdout).toContain('succeeded  ingest,stage,model,metrics,check,publish');
    const sql =
      "SELECT geo_id, industry_code, period FROM mart_industry_profile WHERE geo_type = 'county' AND industry_code = '31-33' AND period = '2024 Q4' ORDER BY geo_id";
    expect(cli(['query', pipeline(), sql, '--format', 'csv']).stdout).toBe(
      'geo_id,industry_code,period\n57001,31-33,2024 Q4\n57003,31-33,2024 Q4\n57005,31-33,2024 Q4\n57007,31-33,2024 Q4\n',
    );
    expect(JSON.parse(cli(['query', pipeline(), sql, '-f', 'json']).stdout)[0]).toEqual({
      geo_id: '57001',
      industry_code: '31-33',
      period: '2024 Q4',
    });
    expect(cli(['query', pipeline(), sql]).stdout).toMatch(
      /geo_id\s+industry_code\s+period\n-+\s+-+\s+-+\n57001\s+31-33\s+2024 Q4\n[\s\S]*\(4 rows\)\n$/,
    );
  });

  it('rebuilds the partner extracts of the last good run with the same bytes, and names an unknown partner', async () => {
    const folder = join(dir, 'out', 'demo', 'latest', 'partners', 'lakeshore-college');
    expect(demo.stdout).toMatch(/\n {2}partners {4}\S+\/partners \(lakeshore-college\)\n/);
    const sums = await readFile(join(folder, 'SHA256SUMS'), 'utf8');
    const r = cli(['extract', pipeline()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^partner extracts from run \d{8}T\d{6}Z-[0-9a-f]{4}\n {2}lakeshore-college\s+\S+\/partners\/lakeshore-college \(12 files\)\n$/,
    );
    expect(await readFile(join(folder, 'SHA256SUMS'), 'utf8')).toBe(sums);
    expect(cli(['extract', pipeline(), '--partner', 'lakeshore-colege'])).toMatchObject({
      code: 2,
      stderr:
        'error[E_USAGE]: no partner "lakeshore-colege" in ' +
        `${join(dir, 'pipelines', 'demo.yaml')} (did you mean "lakeshore-college"?); partners: lakeshore-college\n`,
    });
  });

  it('refuses writes and file access from query, in one line', () => {
    for (const sql of [
      'DROP TABLE mart_industry_profile',
      "COPY mart_industry_profile TO '/tmp/x.csv'",
      "SELECT * FROM read_csv('/etc/passwd')",
    ]) {
      const r = cli(['query', pipeline(), sql]);
      expect(r.code).toBe(8);
      expect(r.stderr).toBe('error[E_QUERY]: queries are read-only and cannot read or write files\n');
    }
  });

  it('gives one clear line and a non-zero exit for usage errors, and the stack with --verbose', () => {
    expect(cli(['rn'])).toMatchObject({
      code: 2,
      stderr:
        'error[E_USAGE]: unknown command "rn" (did you mean "run"?)\nhint: sector-insights --help lists the commands\n',
    });
    expect(cli(['run', 'nope.yaml'])).toMatchObject({
      code: 2,
      stderr: 'error[E_CONFIG_NOT_FOUND]: pipeline file not found: nope.yaml\n',
    });
    expect(cli(['run'])).toMatchObject({
      code: 2,
      stderr: 'error[E_USAGE]: run: missing <pipeline.yaml>\nhint: sector-insights run --help\n',
    });
    expect(cli(['run', 'x.yaml', '--only', 'metric']).stderr).toBe(
      'error[E_USAGE]: --only must be one of ingest, stage, model, metrics, check, publish; got "metric" (did you mean "metrics"?)\n',
    );
    const verbose = cli(['run', 'nope.yaml', '--verbose']);
    expect(verbose.stderr).toContain('at loadPipelineConfig');
    const help = cli(['query', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format <format>');
    expect(cli(['--help']).stdout).toMatch(/Commands:\n\s+run\s/);
  });

  it('validates a pipeline without loading it, printing every problem with file, line and column', async () => {
    const bad = join(dir, 'pipelines', 'bad.yaml');
    const text = (await readFile(pipeline(), 'utf8'))
      .replace('detailDigits: 4', 'detailDigit: 4')
      .replace('"57007"]', '"57007", "57011"]');
    await writeFile(bad, text);
    const csv = join(dir, 'demo-data', 'qcew', '2024.q1-q4 57003 Birch County, Lakeshore.csv');
    const original = await readFile(csv, 'utf8');
    await writeFile(
      csv,
      original.replace(
        /\r\n"57003","5","31-33","74","0","2024","2",""/,
        '\r\n"57003","5","31-33","74","0","2024","9",""',
      ),
    );
    try {
      let r = cli(['validate', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        'bad.yaml:12:5: unknown key "detailDigit" in partnership.industry (did you mean "detailDigits"?)',
      );
      await writeFile(bad, text.replace('detailDigit: 4', 'detailDigits: 4'));
      r = cli(['validate', bad]);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(
        /2024\.q1-q4 57003 Birch County, Lakeshore\.csv:\d+:7: qtr: expected a quarter 1-4 in a quarterly file \(value "9"\)/,
      );
      expect(r.stdout).toContain(
        'partnership.region.counties: county 57011 is in none of the QCEW files loaded (1 rejected file(s) left out)',
      );
      expect(r.stdout).toMatch(/\n2 problem\(s\) found\n$/);
      const run = cli(['run', bad]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/error\[E_INPUT_INVALID\]: run .* failed: 1 QCEW file\(s\) rejected/);
      expect(run.stderr).toContain('the last published outputs are unchanged');
    } finally {
      await writeFile(csv, original);
    }
    expect(cli(['validate', pipeline()])).toMatchObject({ code: 0 });
  });
});
