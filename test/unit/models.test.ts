import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'sql-parser-cst';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { SiError } from '../../src/errors.ts';
import { buildLayer, compileProject } from '../../src/models/build.ts';
import { compileChecks, runChecks, unknownCheckIds } from '../../src/models/checks.ts';
import { isExternal } from '../../src/models/project.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { bigqueryDialect, duckdbDialect } from '../../src/warehouse/dialect.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { tempDir } from '../helpers.ts';

const SQL_DIR = join(PROJECT_ROOT, 'sql');
const BIGQUERY = bigqueryDialect({ projectId: 'my-project', dataset: 'lakeshore' });

function parsesAsBigQuery(sql: string): void {
  parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] });
}

describe("the project's SQL models", () => {
  it('render for DuckDB and BigQuery, in an order where every model follows what it reads', async () => {
    for (const dialect of [duckdbDialect, BIGQUERY]) {
      const project = await compileProject(SQL_DIR, dialect);
      const names = project.ordered.map((r) => r.model.name);
      // Every model once, layer by layer (staging, intermediate, marts), each after what it reads.
      expect([...names].sort()).toEqual(project.models.map((m) => m.name).sort());
      const layerOf = (n: string) => ['stg', 'int', 'mart'].indexOf(n.split('_')[0]!);
      expect(names.map(layerOf)).toEqual([...names.map(layerOf)].sort((x, y) => x - y));
      expect(names.map(layerOf)).not.toContain(-1);
      expect(names).toEqual(expect.arrayContaining(['stg_qcew', 'int_qcew_geo_lq', 'mart_industry_profile']));
      for (const [i, r] of project.ordered.entries()) {
        for (const ref of r.refs) expect(names.indexOf(ref)).toBeLessThan(i);
      }
    }
  });

  it('render BigQuery SQL that parses as BigQuery (every model and every check)', async () => {
    const project = await compileProject(SQL_DIR, BIGQUERY);
    for (const r of project.ordered.filter((x) => !isExternal(x.model))) {
      expect(r.sql).toContain('`my-project.lakeshore.');
      expect(r.sql).not.toMatch(/TRY_CAST|::|"[a-z_]+"\./);
      expect(() => parsesAsBigQuery(r.sql), r.model.name).not.toThrow();
    }
    const checks = compileChecks(project.models, project.renderer);
    expect(checks.length).toBeGreaterThan(10);
    for (const c of checks) expect(() => parsesAsBigQuery(c.failingSql), c.id).not.toThrow();
  });

  it('uses a BigQuery parser that rejects DuckDB-only syntax (the gate can fail)', () => {
    expect(() => parsesAsBigQuery('SELECT x::DOUBLE FROM t')).toThrow();
    expect(() => parsesAsBigQuery('SELECT TRY_CAST(x AS DOUBLE) FROM t')).toThrow();
    expect(() => parsesAsBigQuery('SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t')).toThrow();
  });
});

describe('dialect helpers', () => {
  it('safe_divide gives NULL, not Infinity, when dividing by zero on DuckDB', async () => {
    const wh = await DuckdbWarehouse.open({ path: ':memory:' });
    try {
      const sql = `SELECT ${duckdbDialect.safeDivide('1.0', '0')} AS a, ${duckdbDialect.safeDivide('6.0', '3')} AS b, ${duckdbDialect.safeDivide('1.0', 'NULL')} AS c`;
      expect(await wh.query(sql)).toEqual([{ a: null, b: 2, c: null }]);
    } finally {
      await wh.close();
    }
  });

  it('quotes identifiers and literals per dialect', () => {
    expect(duckdbDialect.quoteIdent('we"ird')).toBe('"we""ird"');
    expect(BIGQUERY.quoteIdent('a`b')).toBe('`a\\`b`');
    expect(duckdbDialect.stringLiteral("O'Brien")).toBe("'O''Brien'");
    expect(BIGQUERY.stringLiteral("O'Brien")).toBe("'O\\'Brien'");
    expect(BIGQUERY.tableRef('mart_x')).toBe('`my-project.lakeshore.mart_x`');
    expect(BIGQUERY.safeDivide('a', 'b')).toBe('SAFE_DIVIDE(a, b)');
    expect(duckdbDialect.type('float64')).toBe('DOUBLE');
    expect(BIGQUERY.type('float64')).toBe('FLOAT64');
  });
});

describe('model projects', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(() => cleanup());

  async function model(layer: string, name: string, sql: string, meta = 'description: test model\n') {
    await mkdir(join(dir, layer), { recursive: true });
    await writeFile(join(dir, layer, `${name}.sql`), sql);
    await writeFile(join(dir, layer, `${name}.yml`), meta);
  }

  it('names an unknown ref with a suggestion', async () => {
    await model('staging', 'stg_a', 'SELECT 1 AS x');
    await model('marts', 'mart_b', 'SELECT * FROM {{ref "stg_b"}}');
    await expect(compileProject(dir, duckdbDialect)).rejects.toThrow(
      'marts/mart_b.sql: ref to unknown model "stg_b" (did you mean "stg_a"?)',
    );
  });

  it('refuses a staging model reading a mart, and cycles', async () => {
    await model('staging', 'stg_a', 'SELECT * FROM {{ref "mart_b"}}');
    await model('marts', 'mart_b', 'SELECT 1 AS x');
    await expect(compileProject(dir, duckdbDialect)).rejects.toThrow(
      'a staging model cannot read the marts model mart_b',
    );
    await model('staging', 'stg_a', 'SELECT * FROM {{ref "stg_c"}}');
    await model('staging', 'stg_c', 'SELECT * FROM {{ref "stg_a"}}');
    await expect(compileProject(dir, duckdbDialect)).rejects.toThrow(
      'models depend on each other in a cycle: stg_a, stg_c',
    );
  });

  it('requires the layer prefix and a description file', async () => {
    await mkdir(join(dir, 'staging'), { recursive: true });
    await writeFile(join(dir, 'staging', 'qcew.sql'), 'SELECT 1');
    await writeFile(join(dir, 'staging', 'stg_x.sql'), 'SELECT 1');
    const error = await compileProject(dir, duckdbDialect).catch((e: SiError) => e);
    expect(error).toBeInstanceOf(SiError);
    expect((error as SiError).issues.map((i) => i.message)).toEqual([
      'models in staging/ are named stg_*',
      'missing stg_x.yml beside the model (description and checks)',
    ]);
  });

  it('runs checks, recording counts and samples whether they pass or fail, with configured severities', async () => {
    await model(
      'staging',
      'stg_people',
      "SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', NULL), (2, 'c', -5), (3, 'x', 7)) AS t(id, code, n)",
      `description: people
checks:
  - unique: id
  - not_null: [n, code]
  - accepted_values: { column: code, values: [a, b, c] }
  - name: n_not_negative
    fails_when: n < 0
    severity: warn
  - min_rows: 10
`,
    );
    const project = await compileProject(dir, duckdbDialect);
    const checks = compileChecks(project.models, project.renderer, { 'stg_people.min_rows': 'warn' });
    expect(checks.map((c) => [c.id, c.severity])).toEqual([
      ['stg_people.unique.id', 'error'],
      ['stg_people.not_null.n', 'error'],
      ['stg_people.not_null.code', 'error'],
      ['stg_people.accepted_values.code', 'error'],
      ['stg_people.n_not_negative', 'warn'],
      ['stg_people.min_rows', 'warn'],
    ]);
    expect(unknownCheckIds(checks, ['stg_people.uniqe.id'])[0]!.message).toContain(
      'did you mean "stg_people.unique.id"?',
    );
    const wh = await DuckdbWarehouse.open({ path: ':memory:' });
    try {
      await buildLayer(wh, project, 'staging', silentLogger);
      const results = await runChecks(wh, checks, 2);
      const byId = Object.fromEntries(results.map((r) => [r.id, r]));
      expect(byId['stg_people.unique.id']).toMatchObject({
        status: 'fail',
        failing: 1,
        rows: 4,
        sample: [{ id: 2, n_rows: 2 }],
      });
      expect(byId['stg_people.not_null.n']).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [{ id: 2, code: 'b', n: null }],
      });
      expect(byId['stg_people.not_null.code']).toMatchObject({
        status: 'pass',
        failing: 0,
        rows: 4,
        sample: [],
      });
      expect(byId['stg_people.accepted_values.code']).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [{ code: 'x' }],
      });
      expect(byId['stg_people.n_not_negative']).toMatchObject({
        status: 'fail',
        failing: 1,
        severity: 'warn',
      });
      expect(byId['stg_people.min_rows']).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [{ n_rows: 4 }],
      });
    } finally {
      await wh.close();
    }
  });

  it('never samples rows of a confidential model', async () => {
    await model(
      'staging',
      'stg_answers',
      "SELECT 'Acme Corp' AS employer, NULL AS hires",
      'description: answers\nconfidential: true\nchecks:\n  - not_null: hires\n',
    );
    const project = await compileProject(dir, duckdbDialect);
    const wh = await DuckdbWarehouse.open({ path: ':memory:' });
    try {
      await buildLayer(wh, project, 'staging', silentLogger);
      const [result] = await runChecks(wh, compileChecks(project.models, project.renderer), 5);
      expect(result).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [],
        message: 'sample withheld: the model is confidential',
      });
      expect(JSON.stringify(result)).not.toContain('Acme');
    } finally {
      await wh.close();
    }
  });
});
