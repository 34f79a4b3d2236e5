import { systemClock } from '../../effects.ts';
import { type Issue, SiError } from '../../errors.ts';
import { displayPath } from '../../pipeline/config.ts';
import type { Command } from '../command.ts';
import { codeVersion } from '../version.ts';

export const fetchCommand: Command = {
  name: 'fetch',
  summary:
    "Download the public files a pipeline names into its inputs folder, from their official addresses. The fetch section lists them: QCEW open-data slices (for the partnership's counties and reference area, by year), and OEWS, Employment Projections, O*NET, IPEDS and crosswalk files. Interrupted downloads resume, checksums are verified, named zip entries are unpacked, and fetch-manifest.json records each file's address, vintage, sha256 and validators, so a re-run downloads only what changed.",
  args: [{ name: '<pipeline.yaml>', description: 'the pipeline configuration, with a fetch: section' }],
  options: {
    'dry-run': { type: 'boolean', description: 'list what would be fetched, without any request' },
    force: { type: 'boolean', description: 'download every file again, even when the copy held is current' },
  },
  examples: [
    'sector-insights fetch pipelines/michiana.yaml --dry-run',
    'sector-insights fetch pipelines/michiana.yaml',
    'A fetch section (paths are under the inputs folder, "inputs/" beside the YAML file by default):',
    '  fetch:',
    '    userAgent: "sector-insights (data@partnership.example.org)"',
    '    qcew:',
    '      years: ["2023", "2024"]          # region counties + reference area, quarters 1-4',
    '    files:',
    '      - url: https://www.bls.gov/oes/special-requests/oesm23nat.zip',
    '        vintage: OEWS May 2023',
    '        to: oews/oesm23nat.zip',
    '        extract: [national_M2023_dl.xlsx]',
    '      - url: https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx',
    '        vintage: Employment Projections 2024-34',
    '        to: projections/occupation.xlsx',
    '      - url: https://www.onetcenter.org/dl_files/database/db_29_0_text.zip',
    '        vintage: O*NET 29.0',
    '        to: onet/db_29_0_text.zip',
    '        extract: [Skills.txt, Knowledge.txt, Occupation Data.txt, Job Zones.txt]',
    '      - url: https://nces.ed.gov/ipeds/datacenter/data/C2023_A.zip',
    '        vintage: IPEDS completions 2022-23',
    '        to: ipeds/C2023_A.zip',
    '        extract: [c2023_a.csv]         # c2023_a_rv.csv once NCES revises the year',
    '      - url: https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx',
    '        vintage: NCES CIP 2020-SOC 2018 crosswalk',
    '        to: codes/CIP2020_SOC2018_Crosswalk.xlsx',
  ],
  async run(args, context) {
    const { loadFetchPlan } = await import('../../fetch/load.ts');
    const { describePlan, fetchInputs, formatBytes, summarise, unlistedFiles } = await import(
      '../../fetch/run.ts'
    );
    const plan = await loadFetchPlan(args.positionals[0]!);
    const where = displayPath(plan.dir);
    const out = context.stdout;

    if (args.values['dry-run']) {
      const planned = await describePlan(plan.dir, plan.items);
      out(`would fetch ${planned.length} file(s) into ${where}/ (no request made):\n`);
      for (const p of planned) {
        const state =
          p.state === 'partial'
            ? `resume after ${formatBytes(p.partialBytes)}`
            : p.state === 'recorded' && p.item.sha256
              ? 'held: kept if its sha256 still matches'
              : STATE_LABELS[p.state];
        const via = p.item.from === p.item.url ? '' : ` via ${p.item.from}`;
        out(`  ${p.item.path}  ${p.item.url}${via}  [${p.item.vintage}]  ${state}\n`);
        for (const e of p.item.extract) {
          out(`    unpack "${e.pattern}" to ${e.path ?? `${e.dir ?? dirOf(p.item.path)}/`}\n`);
        }
      }
      return 0;
    }

    const version = codeVersion().version;
    const result = await fetchInputs({
      dir: plan.dir,
      items: plan.items,
      settings: plan.config,
      userAgent:
        plan.config.userAgent ??
        `sector-insights/${version} (labor-market data for a sector partnership; Node.js)`,
      logger: context.logger,
      clock: systemClock,
      force: args.values['force'] === true,
    });
    for (const f of result.files) {
      if (f.status === 'unchanged' && !context.verbose) continue;
      const detail =
        f.status === 'failed'
          ? (f.error?.message ?? 'failed')
          : `${f.bytes === undefined ? '' : formatBytes(f.bytes)}${f.resumedFrom ? ` (resumed after ${formatBytes(f.resumedFrom)})` : ''}`;
      out(`  ${f.status.padEnd(10)} ${f.path}  ${detail}\n`.replace(/ +\n$/, '\n'));
    }
    out(`${where}/: ${summarise(result.files)}; manifest ${displayPath(result.manifest)}\n`);

    const unlisted = await unlistedFiles(plan.dir, result.files, plan.items, plan.inputPatterns);
    if (unlisted.length) {
      out(
        `note: ${unlisted.length} fetched file(s) are not named under "inputs:" in ${displayPath(plan.file)}, so runs will not load them: ${unlisted.slice(0, 3).join(', ')}${unlisted.length > 3 ? ', …' : ''}\n`,
      );
    }

    const failed = result.files.filter((f) => f.status === 'failed');
    if (!failed.length) return 0;
    const issues: Issue[] = failed.map((f) => {
      const e = f.error!;
      const official = e.url === f.url ? '' : ` (official address ${f.url})`;
      return {
        code: e.kind === 'http' ? `http_${e.status ?? 'error'}` : e.kind,
        file: e.url,
        message: `${e.reason}${official}`,
      };
    });
    const hint =
      failed.map((f) => f.error?.hint).find((h) => h !== undefined) ??
      'run the same command again: finished files are kept and partial downloads resume';
    throw new SiError(
      failed.some((f) => f.error?.kind === 'checksum' || f.error?.kind === 'content')
        ? 'E_INPUT_INVALID'
        : 'E_INPUT_NOT_FOUND',
      `${failed.length} of ${result.files.length} file(s) could not be fetched${failed.length < result.files.length ? `; the other ${result.files.length - failed.length} are in ${where}/` : ''}`,
      { issues, hint, retryable: failed.every((f) => f.error?.retryable) },
    );
  },
};

const STATE_LABELS = {
  missing: 'to download',
  present: 'present, not in the manifest: fetch and compare',
  recorded: 'held: revalidate with the server',
} as const;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}
