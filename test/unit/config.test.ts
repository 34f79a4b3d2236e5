import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CODEBOOK_SCHEMA_PATH,
  codebookSchemaText,
  pipelineSchemaText,
  SCHEMA_PATH,
} from '../../src/cli/commands/schema.ts';
import { SiError } from '../../src/errors.ts';
import { loadPipelineConfig, parsePipelineConfig } from '../../src/pipeline/config.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';

const VALID = `name: lakeshore
partnership:
  name: Lakeshore Partnership
  industry: { name: Manufacturing, naics: ["31-33"] }
  region: { name: Lakeshore Valley, counties: ["57001", "57003"] }
inputs:
  qcew:
    paths: data/qcew/*.csv
    vintage: QCEW 2024
warehouse: { path: wh/lakeshore.duckdb }
outputs: { dir: out }
`;

function issuesOf(text: string) {
  try {
    parsePipelineConfig(text, '/work/p/pipeline.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SiError);
    return (error as SiError).issues;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('pipeline configuration', () => {
  it('fills defaults and resolves paths relative to the YAML file', () => {
    const config = parsePipelineConfig(VALID, '/work/p/pipeline.yaml');
    expect(config.partnership.referenceArea).toBe('US000');
    expect(config.partnership.ownership).toEqual(['5']);
    expect(config.partnership.industry.detailDigits).toBe(4);
    expect(config.inputs.qcew).toEqual([
      { paths: ['/work/p/data/qcew/*.csv'], vintage: 'QCEW 2024', onBadFile: 'fail' },
    ]);
    expect(config.warehouse.path).toBe('/work/p/wh/lakeshore.duckdb');
    expect(config.outputs).toEqual({ dir: '/work/p/out', keepRuns: 10, pdf: 'auto' });
    expect(config.checks).toEqual({ severities: {}, sampleSize: 5 });
    expect(config.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the configuration as written, not where it lives or how keys are ordered', () => {
    const a = parsePipelineConfig(VALID, '/work/p/pipeline.yaml');
    const b = parsePipelineConfig(VALID, '/elsewhere/q/pipeline.yaml');
    const reordered = VALID.replace(
      'warehouse: { path: wh/lakeshore.duckdb }\noutputs: { dir: out }',
      'outputs: { dir: out }\nwarehouse: { path: wh/lakeshore.duckdb }',
    );
    expect(b.hash).toBe(a.hash);
    expect(parsePipelineConfig(reordered, '/work/p/pipeline.yaml').hash).toBe(a.hash);
    expect(
      parsePipelineConfig(VALID.replace('QCEW 2024', 'QCEW 2025'), '/work/p/pipeline.yaml').hash,
    ).not.toBe(a.hash);
  });

  it('names unknown keys with their line and column and a suggestion', () => {
    const issues = issuesOf(VALID.replace('warehouse:', 'warehous:').replace('  industry:', '  industri:'));
    const messages = issues.map((i) => `${i.line}:${i.column} ${i.message}`);
    expect(messages).toContain(
      '4:3 unknown key "industri" in partnership (did you mean "industry"?); known keys: name, industry, region, referenceArea, ownership',
    );
    expect(
      messages.some((m) => m.startsWith('10:1 unknown key "warehous" (did you mean "warehouse"?)')),
    ).toBe(true);
    expect(messages).toContain('1:1 missing required key "warehouse"');
  });

  it('asks for codes as text, since YAML drops leading zeros from numbers', () => {
    const issues = issuesOf(VALID.replace('counties: ["57001", "57003"]', 'counties: [57001, "5703"]'));
    expect(issues.map((i) => [i.line, i.message, i.value])).toEqual([
      [5, 'partnership.region.counties.0: expected text; write codes in quotes, e.g. "18039"', '57001'],
      [
        5,
        'partnership.region.counties.1: expected a 5-digit county FIPS code as text, e.g. "18039" (quote it in YAML)',
        '5703',
      ],
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf('name: x\npartnership: [unclosed\n');
    expect(issues[0]).toMatchObject({ code: 'yaml_syntax', file: '/work/p/pipeline.yaml' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf('name: Bad Name\noutputs: { dir: out, pdf: sometimes }\n');
    const codes = issues.map((i) => i.message.split(':')[0]);
    expect(codes).toEqual(expect.arrayContaining(['name', 'outputs.pdf']));
    expect(issues.length).toBeGreaterThanOrEqual(5);
  });

  it('loads every pipeline in pipelines/', async () => {
    const dir = join(PROJECT_ROOT, 'pipelines');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      await expect(loadPipelineConfig(join(dir, f))).resolves.toMatchObject({ name: expect.any(String) });
  });

  it('keeps schema/pipeline.schema.json in step with the zod schema (npm run schema writes it)', async () => {
    const committed = await readFile(SCHEMA_PATH, 'utf8');
    expect(committed).toBe(pipelineSchemaText());
    expect(await readFile(CODEBOOK_SCHEMA_PATH, 'utf8')).toBe(codebookSchemaText());
    const schema = JSON.parse(committed);
    expect(schema.properties.partnership.description).toMatch(/partnership/);
    expect(schema.additionalProperties).toBe(false);
  });
});
