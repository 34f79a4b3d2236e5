import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256 } from './hash.ts';

/** sha256 over every file under some folders (relative paths and contents), to version code such as SQL models. */
export async function hashTrees(root: string, folders: readonly string[]): Promise<string> {
  const parts: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else parts.push(`${relative(root, path)}\n${sha256(await readFile(path))}`);
    }
  };
  for (const folder of folders) await walk(join(root, folder));
  return sha256(parts.join('\n'));
}
