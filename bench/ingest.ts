/**
 * QCEW ingest: the pipeline's loader (plan: header check and sha256 of every file; load: DuckDB's CSV reader
 * with explicit types, reject capture, value validation, row counts, atomic swap) against bare DuckDB
 * `read_csv` of the same files into a table, in the same run. Each measurement runs in its own process so
 * peak memory is its own; variants alternate so drift on a shared machine hits both.
 *
 *   npm run bench -- ingest                      # generated U.S.-shaped singlefile, 800 counties (~3.5M rows)
 *   npm run bench -- ingest --areas 3200         # every county for a year (~14M rows, ~2.6 GB)
 *   npm run bench -- ingest --dir ../shared/data/qcew/2016_q1-q4_by_area
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { glob } from 'tinyglobby';
import { generateScaleQcew } from '../src/demo/qcew.ts';
import { silentLogger } from '../src/effects.ts';
import { readHeaderLine } from '../src/ingest/files.ts';
import { loadQcew, planQcew } from '../src/ingest/qcew.ts';
import { matchHeader } from '../src/ingest/qcew-layouts.ts';
import { duckdbDialect, sqlStringLiteral } from '../src/warehouse/dialect.ts';
import { DuckdbWarehouse } from '../src/warehouse/duckdb.ts';

const HERE = import.meta.dirname;
const DATA = join(HERE, '.data');

interface Measurement {
  readonly variant: 'pipeline' | 'bare';
  readonly seconds: number;
  readonly rows: number;
  readonly maxRssMb: number;
}

async function measureOnce(
  variant: 'pipeline' | 'bare',
  files: string[],
  dbPath: string,
): Promise<Measurement> {
  await rm(dbPath, { force: true });
  await rm(`${dbPath}.wal`, { force: true });
  const warehouse = await DuckdbWarehouse.open({ path: dbPath });
  try {
    const started = performance.now();
    let rows: number;
    if (variant === 'pipeline') {
      const plan = await planQcew([{ paths: files, vintage: 'bench', onBadFile: 'fail' }]);
      const result = await loadQcew(plan, { warehouse, logger: silentLogger, tag: 'bench' });
      rows = result.tables.reduce((n, t) => n + t.rows, 0);
    } else {
      // The same explicit column types the pipeline uses, so the reader does the same parsing work.
      const header = await readHeaderLine(files[0]!);
      const match = matchHeader(header.fields);
      if (!match.layout) throw new Error(match.reason);
      const types = { text: 'string', int: 'int64', decimal: 'float64' } as const;
      const columns = match.layout.columns
        .map((c) => `${sqlStringLiteral(c.name)}: ${sqlStringLiteral(duckdbDialect.type(types[c.type]))}`)
        .join(', ');
      const list = `[${files.map(sqlStringLiteral).join(', ')}]`;
      // The reader options the pipeline uses (no dialect sniffing), so the baseline is bare DuckDB at its best.
      await warehouse.execute(
        `CREATE TABLE bare AS SELECT * FROM read_csv(${list}, header = true, columns = {${columns}}, delim = ',', quote = '"', escape = '"', auto_detect = false)`,
      );
      rows = await warehouse.rowCount('bare');
    }
    const seconds = (performance.now() - started) / 1000;
    return { variant, seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await warehouse.close();
    await rm(dbPath, { force: true });
    await rm(`${dbPath}.wal`, { force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchIngest(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      areas: { type: 'string', default: '800' },
      dir: { type: 'string' },
      repeat: { type: 'string', default: '3' },
      child: { type: 'string' },
      files: { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (values.child) {
    // A child process: measure one variant and report it as JSON on stdout.
    const m = await measureOnce(values.child as 'pipeline' | 'bare', JSON.parse(values.files!), values.db!);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  await mkdir(DATA, { recursive: true });
  let files: string[];
  let label: string;
  if (values.dir) {
    files = (await glob(join(resolve(values.dir), '*.csv'), { absolute: true })).sort();
    label = `${files.length} files in ${values.dir}`;
  } else {
    const areas = Number(values.areas);
    const file = join(DATA, `qcew-singlefile-${areas}.csv`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file} (${areas} counties)...\n`);
      const t = performance.now();
      const { rows, bytes } = await generateScaleQcew({ outFile: file, areas, seed: 7 });
      process.stderr.write(
        `  ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - t) / 1000).toFixed(1)}s\n`,
      );
    }
    files = [file];
    label = `generated singlefile, ${areas} counties`;
  }
  const repeat = Number(values.repeat);
  const results: Measurement[] = [];
  for (let i = 0; i < repeat; i++) {
    for (const variant of ['bare', 'pipeline'] as const) {
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(HERE, 'run.ts'),
          'ingest',
          '--child',
          variant,
          '--files',
          JSON.stringify(files),
          '--db',
          join(DATA, `bench-${variant}.duckdb`),
        ],
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
  const summary = (variant: 'pipeline' | 'bare') => {
    const rs = results.filter((r) => r.variant === variant);
    const seconds = median(rs.map((r) => r.seconds));
    return {
      seconds,
      rows: rs[0]!.rows,
      rate: rs[0]!.rows / seconds,
      rss: median(rs.map((r) => r.maxRssMb)),
    };
  };
  const bare = summary('bare');
  const pipe = summary('pipeline');
  if (bare.rows !== pipe.rows) throw new Error(`row counts differ: bare ${bare.rows}, pipeline ${pipe.rows}`);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\nQCEW ingest, ${label}: ${fmt(bare.rows)} rows, median of ${repeat}`);
  console.log(
    `  bare DuckDB read_csv   ${bare.seconds.toFixed(2)} s   ${fmt(bare.rate)} rows/s   peak RSS ${fmt(bare.rss)} MB`,
  );
  console.log(
    `  pipeline ingest        ${pipe.seconds.toFixed(2)} s   ${fmt(pipe.rate)} rows/s   peak RSS ${fmt(pipe.rss)} MB`,
  );
  console.log(
    `  ratio pipeline / bare  ${(pipe.seconds / bare.seconds).toFixed(2)}x time   ${(pipe.rss / bare.rss).toFixed(2)}x memory   (goal: at most 1.25x time)`,
  );
}
