import { describe, expect, it } from 'vitest';
import { type Model, ModelMetaSchema } from '../../src/models/project.ts';
import { buildExtract, modelExtractSpec } from '../../src/publish/extract.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { useTempWarehouse } from '../helpers.ts';

describe('extracts declared by models', () => {
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ warehouse } = temp);
  });

  const model = (
    columns: Record<string, { description: string; unit?: string; decimals?: number }>,
  ): Model => ({
    name: 'mart_wages',
    layer: 'marts',
    file: 'marts/mart_wages.sql',
    sql: '',
    meta: ModelMetaSchema.parse({
      description: 'Wages by occupation.',
      columns,
      checks: [{ not_null: ['soc_code'] }],
      extract: {
        name: 'wages',
        title: 'Wages',
        source: 'BLS OEWS',
        inputs: ['oews'],
        order_by: ['soc_code'],
      },
    }),
  });

  it('types columns from the table, takes decimals from the unit or the YAML, and sorts as declared', async () => {
    await warehouse.execute(`CREATE TABLE mart_wages AS SELECT * FROM (VALUES
      ('51-4121', 'Welders', 48123.456, 0.123456, 12::BIGINT, true),
      ('11-1011', '=HYPERLINK("x")', NULL, 0.5, 3::BIGINT, false)
    ) t(soc_code, soc_title, median_wage, share, employers, top_coded)`);
    const m = model({
      soc_code: { description: 'SOC code.' },
      soc_title: { description: 'Title.' },
      median_wage: { description: 'Median wage.', unit: 'USD per year' },
      share: { description: 'Share.', unit: 'fraction', decimals: 2 },
      employers: { description: 'Employers.' },
      top_coded: { description: 'Top-coded.' },
    });
    const spec = await modelExtractSpec(warehouse, m);
    expect(spec.columns).toEqual([
      { name: 'soc_code', type: 'string' },
      { name: 'soc_title', type: 'string', nullable: true },
      { name: 'median_wage', type: 'number', decimals: 0, nullable: true },
      { name: 'share', type: 'number', decimals: 2, nullable: true },
      { name: 'employers', type: 'integer', nullable: true },
      { name: 'top_coded', type: 'boolean', nullable: true },
    ]);
    const extract = await buildExtract(warehouse, spec, m, 'oews May 2023');
    expect(extract.files.get('wages.csv')).toBe(
      [
        'soc_code,soc_title,median_wage,share,employers,top_coded',
        `11-1011,"'=HYPERLINK(""x"")",,0.5,3,false`,
        '51-4121,Welders,48123,0.12,12,true',
        '',
      ].join('\n'),
    );
    expect(extract.files.get('wages.dictionary.md')).toContain(
      '| median_wage | number (0 dp), may be empty | USD per year | Median wage. |',
    );
  });

  it('refuses to publish a column the YAML does not describe', async () => {
    await warehouse.execute(`CREATE TABLE mart_wages AS SELECT '51-4121' AS soc_code, 1.5 AS undocumented`);
    const m = model({ soc_code: { description: 'SOC code.' } });
    const spec = await modelExtractSpec(warehouse, m);
    await expect(buildExtract(warehouse, spec, m, 'v')).rejects.toThrow(
      /column undocumented of extract wages has no description/,
    );
  });
});
