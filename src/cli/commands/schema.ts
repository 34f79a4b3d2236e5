import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CodebookSchema } from '../../ingest/survey/codebook.ts';
import { displayPath, pipelineJsonSchema } from '../../pipeline/config.ts';
import { PROJECT_ROOT } from '../../project-root.ts';
import type { Command } from '../command.ts';

export const SCHEMA_PATH = join(PROJECT_ROOT, 'schema', 'pipeline.schema.json');

export const CODEBOOK_SCHEMA_PATH = join(PROJECT_ROOT, 'schema', 'codebook.schema.json');

export function pipelineSchemaText(): string {
  return `${JSON.stringify({ ...pipelineJsonSchema(), title: 'sector-insights pipeline' }, null, 2)}\n`;
}

export function codebookSchemaText(): string {
  const schema = z.toJSONSchema(CodebookSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'sector-insights survey codebook' }, null, 2)}\n`;
}

export const schemaCommand: Command = {
  name: 'schema',
  summary:
    'Write the JSON Schemas of pipeline files and survey codebooks (schema/pipeline.schema.json, schema/codebook.schema.json) so editors can check them.',
  args: [],
  options: { stdout: { type: 'boolean', description: 'print the schema instead of writing the file' } },
  async run(args, context) {
    const text = pipelineSchemaText();
    if (args.values['stdout']) {
      context.stdout(text);
      return 0;
    }
    await mkdir(join(PROJECT_ROOT, 'schema'), { recursive: true });
    await writeFile(SCHEMA_PATH, text);
    await writeFile(CODEBOOK_SCHEMA_PATH, codebookSchemaText());
    context.stdout(`wrote ${displayPath(SCHEMA_PATH)} and ${displayPath(CODEBOOK_SCHEMA_PATH)}\n`);
    return 0;
  },
};
