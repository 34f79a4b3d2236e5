/**
 * Metrics: building every model and mart (stage, model, metrics) for a region of 8 counties and, separately,
 * for a region of every county of a generated national QCEW year, with the real national staffing patterns,
 * Employment Projections, O*NET, IPEDS and crosswalks of ../shared/data; against a bare DuckDB run of the LQ
 * query (every county × industry × quarter against the U.S.) over the same loaded table, in the same run.
 *
 * The warehouse is loaded once (the ingest benchmark measures loading); each measurement runs in its own
 * process on a fresh copy of it, so peak memory is its own.
 *
 *   npm run bench -- marts                # 800 generated counties (~3.5M QCEW rows)
 *   npm run bench -- marts --areas 3200   # every county of a year (~14M rows)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generateScaleQcew } from '../src/demo/qcew.ts';
import { silentLogger, systemClock } from '../src/effects.ts';
import { loadPipelineConfig, type PipelineConfigInput } from '../src/pipeline/config.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { sqlStringLiteral } from '../src/warehouse/dialect.ts';
import { DuckdbWarehouse } from '../src/warehouse/duckdb.ts';

const HERE = import.meta.dirname;
const DATA = join(HERE, '.data');
const SHARED = join(HERE, '../../shared/data');

type Variant = 'bare' | 'region' | 'counties';

interface Measurement {
  readonly variant: Variant;
  readonly seconds: number;
  readonly rows: number;
  readonly maxRssMb: number;
}

/** The bare baseline: location quotients of every county cell against the U.S., as one query. */
const BARE_LQ = `
CREATE TABLE bare_lq AS
WITH cells AS (
  SELECT area_fips, own_code, industry_code, year, qtr, month3_emplvl
  FROM raw_qcew_quarterly WHERE disclosure_code IS DISTINCT FROM 'N'
),
area_totals AS (
  SELECT area_fips, year, qtr, month3_emplvl AS total FROM cells WHERE own_code = '0' AND industry_code = '10'
),
us AS (SELECT * FROM cells WHERE area_fips = 'US000'),
us_total AS (SELECT year, qtr, total FROM area_totals WHERE area_fips = 'US000')
SELECT c.area_fips, c.own_code, c.industry_code, c.year, c.qtr,
       (c.month3_emplvl / t.total) / (u.month3_emplvl / ut.total) AS lq
FROM cells c
JOIN area_totals t USING (area_fips, year, qtr)
JOIN us u ON u.own_code = c.own_code AND u.industry_code = c.industry_code AND u.year = c.year AND u.qtr = c.qtr
JOIN us_total ut ON ut.year = c.year AND ut.qtr = c.qtr
WHERE c.area_fips <> 'US000' AND t.total > 0 AND u.month3_emplvl > 0`;

function pipelineConfig(
  dir: string,
  counties: readonly string[],
  files: Record<string, string[]>,
): PipelineConfigInput {
  return {
    name: 'bench-marts',
    partnership: {
      name: 'Benchmark Partnership',
      industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 4 },
      region: { name: 'Benchmark Region', counties: [...counties] },
      referenceArea: 'US000',
    },
    inputs: Object.fromEntries(
      Object.entries(files).map(([source, paths]) => [source, { paths, vintage: 'bench' }]),
    ) as PipelineConfigInput['inputs'],
    metrics: { supply: { allocation: 'employment' } },
    warehouse: { path: join(dir, 'run.duckdb') },
    outputs: { dir: join(dir, 'out'), pdf: 'never' },
  };
}

async function measureOnce(variant: Variant, dir: string): Promise<Measurement> {
  const started = performance.now();
  let rows = 0;
  if (variant === 'bare') {
    const warehouse = await DuckdbWarehouse.open({ path: join(dir, 'run.duckdb') });
    try {
      await warehouse.execute(BARE_LQ);
      rows = await warehouse.rowCount('bare_lq');
    } finally {
      await warehouse.close();
    }
  } else {
    const config = await loadPipelineConfig(join(dir, `${variant}.yaml`));
    for (const only of ['stage', 'model', 'metrics'] as const) {
      const manifest = await runPipeline(config, {
        clock: systemClock,
        logger: silentLogger,
        only,
        version: { version: 'bench' },
        chromiumPath: '/usr/bin/chromium',
      });
      if (manifest.status !== 'succeeded') throw new Error(`${variant} ${only}: ${manifest.error?.message}`);
      rows += manifest.models.reduce((n, m) => n + m.rows, 0);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { variant, seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A U.S. total file for the generated counties (they have none): each cell summed over every county. */
async function writeUsTotals(scaleFile: string, out: string): Promise<void> {
  const warehouse = await DuckdbWarehouse.open({ path: ':memory:' });
  try {
    const src = `read_csv(${sqlStringLiteral(scaleFile)}, header = true, all_varchar = true)`;
    const [header] = await warehouse.query<{ names: string[] }>(
      `SELECT list(column_name) AS names FROM (DESCRIBE SELECT * FROM ${src})`,
    );
    const sums = new Set([
      'qtrly_estabs',
      'month1_emplvl',
      'month2_emplvl',
      'month3_emplvl',
      'total_qtrly_wages',
    ]);
    const select = header!.names.map((c) => {
      if (c === 'area_fips') return `'US000' AS area_fips`;
      if (c === 'disclosure_code' || c.endsWith('disclosure_code')) return `'' AS ${c}`;
      if (sums.has(c)) return `CAST(sum(CAST(${c} AS BIGINT)) AS VARCHAR) AS ${c}`;
      if (['own_code', 'industry_code', 'agglvl_code', 'size_code', 'year', 'qtr'].includes(c)) return c;
      return `'' AS ${c}`;
    });
    await warehouse.execute(
      `COPY (SELECT ${select.join(', ')} FROM ${src} WHERE disclosure_code IS DISTINCT FROM 'N'
             GROUP BY own_code, industry_code, agglvl_code, size_code, year, qtr)
       TO ${sqlStringLiteral(out)} (HEADER, DELIMITER ',', QUOTE '"', FORCE_QUOTE *)`,
    );
  } finally {
    await warehouse.close();
  }
}

export async function benchMarts(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      areas: { type: 'string', default: '800' },
      repeat: { type: 'string', default: '3' },
      child: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  if (values.child) {
    const m = await measureOnce(values.child as Variant, values.dir!);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  if (!existsSync(join(SHARED, 'MANIFEST.tsv')))
    throw new Error(`the shared data folder is missing: ${SHARED}`);
  const areas = Number(values.areas);
  const dir = join(DATA, `marts-${areas}`);
  await mkdir(dir, { recursive: true });
  const scale = join(DATA, `qcew-singlefile-${areas}.csv`);
  if (!existsSync(scale)) {
    process.stderr.write(`generating ${scale} (${areas} counties)...\n`);
    await generateScaleQcew({ outFile: scale, areas, seed: 7 });
  }
  const us = join(DATA, `qcew-singlefile-${areas}-US000.csv`);
  if (!existsSync(us)) await writeUsTotals(scale, us);
  const files: Record<string, string[]> = {
    qcew: [scale, us],
    oews: [join(SHARED, 'oews/natsector_M2023_dl.csv'), join(SHARED, 'oews/national_M2023_dl.csv')],
    projections: [join(SHARED, 'projections/bls_ep_occupation_2024-34__Table_1.10.csv')],
    onet: [join(SHARED, 'onet_29/*.tsv')],
    ipeds: [join(SHARED, 'ipeds/c2023_a_processed.csv'), join(SHARED, 'ipeds/hd2023.csv')],
    codes: [
      join(SHARED, 'crosswalks/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'),
      join(SHARED, 'crosswalks/CIPCode2020.csv'),
      join(SHARED, 'crosswalks/soc_2018_definitions.csv'),
      join(SHARED, 'crosswalks/2022_NAICS_Structure.csv'),
    ],
  };
  // Load once into a prepared warehouse; every measurement starts from a copy of it.
  const prepared = join(dir, 'prepared.duckdb');
  const loadConfig = join(dir, 'load.yaml');
  const counties = await (async () => {
    await writeFile(loadConfig, stringify(pipelineConfig(dir, ['80001'], files)));
    const config = await loadPipelineConfig(loadConfig);
    if (!existsSync(prepared)) {
      process.stderr.write('loading the prepared warehouse...\n');
      const t = performance.now();
      const manifest = await runPipeline(
        { ...config, warehouse: { ...config.warehouse, path: prepared } },
        {
          clock: systemClock,
          logger: silentLogger,
          only: 'ingest',
          version: { version: 'bench' },
          chromiumPath: '/usr/bin/chromium',
        },
      );
      if (manifest.status !== 'succeeded') throw new Error(`load: ${manifest.error?.message}`);
      process.stderr.write(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
    const warehouse = await DuckdbWarehouse.open({ path: prepared });
    try {
      const rows = await warehouse.query<{ area_fips: string }>(
        `SELECT DISTINCT area_fips FROM raw_qcew_quarterly WHERE area_fips <> 'US000' ORDER BY 1`,
      );
      return rows.map((r) => r.area_fips);
    } finally {
      await warehouse.close();
    }
  })();
  await writeFile(join(dir, 'region.yaml'), stringify(pipelineConfig(dir, counties.slice(0, 8), files)));
  await writeFile(join(dir, 'counties.yaml'), stringify(pipelineConfig(dir, counties, files)));
  const repeat = Number(values.repeat);
  const results: Measurement[] = [];
  for (let i = 0; i < repeat; i++) {
    for (const variant of ['bare', 'region', 'counties'] as const) {
      for (const f of ['run.duckdb', 'run.duckdb.wal']) await rm(join(dir, f), { force: true });
      await rm(join(dir, 'out'), { recursive: true, force: true });
      await copyFile(prepared, join(dir, 'run.duckdb'));
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(HERE, 'run.ts'), 'marts', '--child', variant, '--dir', dir],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (child.status !== 0) throw new Error(`${variant} run failed:\n${child.stderr}`);
      const m = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
      results.push(m);
      process.stderr.write(
        `  ${variant.padEnd(8)} run ${i + 1}: ${m.seconds.toFixed(2)} s, ${m.rows.toLocaleString('en-US')} rows, peak RSS ${m.maxRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  const summary = (variant: Variant) => {
    const rs = results.filter((r) => r.variant === variant);
    return {
      seconds: median(rs.map((r) => r.seconds)),
      rss: median(rs.map((r) => r.maxRssMb)),
      rows: rs[0]!.rows,
    };
  };
  const bare = summary('bare');
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `\nMetrics, generated QCEW year of ${areas} counties + real OEWS, EP, O*NET, IPEDS; median of ${repeat}`,
  );
  console.log(
    `  bare DuckDB LQ query           ${bare.seconds.toFixed(2)} s   ${fmt(bare.rows)} rows   peak RSS ${fmt(bare.rss)} MB`,
  );
  for (const [variant, label] of [
    ['region', 'every mart, 8-county region'],
    ['counties', `every mart, ${counties.length}-county region`],
  ] as const) {
    const s = summary(variant);
    console.log(
      `  ${label.padEnd(30)} ${s.seconds.toFixed(2)} s   ${fmt(s.rows)} rows   peak RSS ${fmt(s.rss)} MB   ` +
        `${(s.seconds / bare.seconds).toFixed(2)}x time, ${(s.rss / bare.rss).toFixed(2)}x memory of the bare LQ query`,
    );
  }
}
