import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Issue } from '../errors.ts';
import { sha256File } from '../util/hash.ts';

export interface InputGroupSpec {
  readonly paths: readonly string[];
  readonly vintage: string;
  readonly onBadFile: 'fail' | 'skip';
}

export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  readonly vintage: string;
  readonly onBadFile: 'fail' | 'skip';
}

/**
 * Expand the configured paths and globs into files, sorted, each once. A path or glob that matches nothing
 * is an issue: a pipeline silently running without a source is worse than one that stops.
 */
export async function expandInputs(
  source: string,
  groups: readonly InputGroupSpec[],
): Promise<{ files: InputFile[]; issues: Issue[] }> {
  const files = new Map<string, InputFile>();
  const issues: Issue[] = [];
  for (const group of groups) {
    for (const pattern of group.paths) {
      const matches = isDynamicPattern(pattern)
        ? await glob(pattern, { absolute: true, onlyFiles: true, expandDirectories: false })
        : (await isFile(pattern))
          ? [pattern]
          : [];
      if (matches.length === 0) {
        issues.push({
          code: 'input_not_found',
          file: pattern,
          message: `${source}: ${isDynamicPattern(pattern) ? 'no file matches' : 'file not found'}`,
        });
      }
      for (const path of matches.sort()) {
        if (!files.has(path)) files.set(path, { path, vintage: group.vintage, onBadFile: group.onBadFile });
      }
    }
  }
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)), issues };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface HeaderLine {
  readonly fields: string[];
  /** Empty file, or a first line longer than the read window. */
  readonly problem?: string;
}

/** Read and parse the first line of a delimited file without reading the rest. */
export async function readHeaderLine(path: string, delimiter = ','): Promise<HeaderLine> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0) return { fields: [], problem: 'file is empty' };
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const end = text.search(/\r?\n/);
    if (end === -1 && bytesRead === buffer.length)
      return { fields: [], problem: 'first line is longer than 64 KiB' };
    const line = end === -1 ? text : text.slice(0, end);
    try {
      const [fields] = parse(line, { delimiter, relax_quotes: true }) as string[][];
      return { fields: fields ?? [] };
    } catch (cause) {
      return { fields: [], problem: `header line is not valid CSV: ${(cause as Error).message}` };
    }
  } finally {
    await handle.close();
  }
}

export interface FileFacts {
  readonly sha256: string;
  readonly bytes: number;
}

export async function fileFacts(path: string): Promise<FileFacts> {
  const [hash, info] = await Promise.all([sha256File(path), stat(path)]);
  return { sha256: hash, bytes: info.size };
}

/** Size and modification time: enough to tell that a file may have changed, without reading it. */
export async function fileStat(path: string): Promise<{ bytes: number; mtimeMs: number }> {
  const info = await stat(path);
  return { bytes: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
}

/**
 * Which text encoding a file is in: UTF-8 (with or without BOM) when it decodes as such, else Windows-1252,
 * what spreadsheet programs and SurveyMonkey's Excel-friendly export write.
 */
export async function detectEncoding(path: string): Promise<'utf-8' | 'windows-1252'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      try {
        decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      } catch {
        return 'windows-1252';
      }
    }
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  } finally {
    await handle.close();
  }
}
