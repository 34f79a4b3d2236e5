import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../src/pipeline/validate.ts';
import { QCEW_2016, SHARED_DATA, sharedDataAvailable, tempDir, writePipeline } from '../helpers.ts';

describe.runIf(sharedDataAvailable())('validate reads the public sources too', () => {
  it('names the file, line, column, value and reason of a bad Employment Projections cell', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const real = await readFile(
        join(SHARED_DATA, 'projections/bls_ep_occupation_2024-34__Table_1.10.csv'),
        'utf8',
      );
      const lines = real.split('\n');
      // Line 5 is "Top executives": its 2024 employment (4th field) becomes text.
      lines[4] = lines[4]!.replace(/^(\s*Top executives,11-1000,Summary,)[0-9.]+/, '$1lots');
      const table = join(dir, 'Table_1.10.csv');
      await writeFile(table, lines.join('\n'));
      const config = await writePipeline(dir, {
        inputs: {
          qcew: { paths: join(QCEW_2016, '*.csv'), vintage: '2016' },
          projections: { paths: table, vintage: '2024-34' },
        },
      });
      const report = await validatePipeline(config.file);
      expect(report.configProblems).toEqual([]);
      expect(report.inputProblems).toEqual([
        expect.objectContaining({
          file: expect.stringMatching(/Table_1\.10\.csv$/),
          line: 5,
          column: 4,
          value: 'lots',
          message: expect.stringMatching(/^employment_base: not a number/),
        }),
      ]);
    } finally {
      await cleanup();
    }
  });
});
