import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stableStringify } from '../util/hash.ts';

/** Written into the inputs folder: where every fetched file came from, what it is, and how to recheck it. */
export const MANIFEST_FILE = 'fetch-manifest.json';

export interface FetchManifestEntry {
  /** Path under the inputs folder. */
  readonly path: string;
  /** The official address (for an unpacked entry: its archive's). */
  readonly url: string;
  /** The address actually requested, when a mirror stood in for the official one. */
  readonly from?: string;
  readonly source: string;
  readonly vintage: string;
  readonly bytes: number;
  readonly sha256: string;
  /** When these bytes were downloaded (or unpacked). */
  readonly fetchedAt: string;
  /** When the server last confirmed them (a 304, or the same bytes again). */
  readonly checkedAt: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly contentType?: string;
  /** For a file unpacked from a zip: the archive's path, its sha256 then, and the entry's name. */
  readonly archive?: { readonly path: string; readonly sha256: string; readonly entry: string };
}

export interface FetchManifest {
  readonly files: Record<string, FetchManifestEntry>;
}

export async function readFetchManifest(dir: string): Promise<FetchManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return { files: {} };
  }
  try {
    const parsed = JSON.parse(text) as Partial<FetchManifest>;
    return { files: parsed.files && typeof parsed.files === 'object' ? parsed.files : {} };
  } catch {
    // A damaged manifest only costs re-downloads: every file is then checked against the server again.
    return { files: {} };
  }
}

/**
 * Keeps the manifest in memory and rewrites it (atomically) after every change, so an interrupted run still
 * records each file it finished. Writes are queued: concurrent downloads never interleave them.
 */
export class ManifestWriter {
  private readonly files: Record<string, FetchManifestEntry>;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    manifest: FetchManifest,
  ) {
    this.files = { ...manifest.files };
  }

  get(path: string): FetchManifestEntry | undefined {
    return this.files[path];
  }

  set(entry: FetchManifestEntry): Promise<void> {
    this.files[entry.path] = entry;
    return this.save();
  }

  private save(): Promise<void> {
    const write = async () => {
      const file = join(this.dir, MANIFEST_FILE);
      const text = `${JSON.stringify(JSON.parse(stableStringify({ files: this.files })), null, 2)}\n`;
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    };
    this.queue = this.queue.then(write, write);
    return this.queue;
  }
}
