import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';

/** The package version and, in a git checkout, the commit (with "-dirty" when the tree has changes). */
export function codeVersion(): { version: string; git?: string } {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const git = (args: string[]) => {
    const r = spawnSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 5000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const commit = git(['rev-parse', '--short=12', 'HEAD']);
  if (!commit) return { version };
  const dirty = git(['status', '--porcelain', '--', 'src', 'sql', 'reports']);
  return { version, git: dirty ? `${commit}-dirty` : commit };
}
