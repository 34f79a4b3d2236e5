/**
 * Synthetic stand-ins for the public labor-market sources of the demo partnership, written into
 * `demo-data/<source>/` in exactly the layouts the agencies publish: OEWS (national, national by industry,
 * Lakeshore), Employment Projections (Tables 1.10 and 1.2), O*NET (official text release), IPEDS (directory,
 * completions, response flags) and code lists (CIP-SOC crosswalk, CIP, SOC, NAICS, county FIPS). Codes and titles
 * are real; every value is made up, drawn from the seed on top of the demo QCEW's industry employment (published
 * magnitudes, rounded, where an occupation is not one of the demo's own), so the same seed gives byte-identical
 * files.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CODE_FILES,
  demoCipCodes,
  demoCipSocCrosswalk,
  demoCountyFips,
  demoNaicsStructure,
  demoSocStructure,
} from './labor-market-codes.ts';
import {
  demoIpedsCompletions,
  demoIpedsDirectory,
  demoIpedsFlags,
  IPEDS_FILES,
} from './labor-market-ipeds.ts';
import { buildDemoEconomy } from './labor-market-model.ts';
import {
  demoOewsNat3d,
  demoOewsNational,
  demoOewsNatsector,
  demoOewsState,
  OEWS_FILES,
} from './labor-market-oews.ts';
import {
  demoOnetEducation,
  demoOnetJobZones,
  demoOnetKnowledge,
  demoOnetOccupationData,
  demoOnetRelated,
  demoOnetScales,
  demoOnetSkills,
  ONET_FILES,
} from './labor-market-onet.ts';
import { demoEpTable12, demoEpTable110, EP_FILES } from './labor-market-projections.ts';
import { DEFAULT_DEMO_SEED } from './qcew.ts';

export interface DemoLaborMarketFile {
  /** Source folder under demo-data: oews, projections, onet, ipeds or codes. */
  readonly source: 'oews' | 'projections' | 'onet' | 'ipeds' | 'codes';
  readonly name: string;
  readonly content: string;
}

/**
 * The demo's labor-market files in memory, in a fixed order.
 *
 * @example
 * buildDemoLaborMarketFiles(7).map((f) => `${f.source}/${f.name}`)[0] // 'oews/national_M2023_dl.csv'
 */
export function buildDemoLaborMarketFiles(seed: number = DEFAULT_DEMO_SEED): DemoLaborMarketFile[] {
  const economy = buildDemoEconomy(seed);
  return [
    { source: 'oews', name: OEWS_FILES.national, content: demoOewsNational(economy) },
    { source: 'oews', name: OEWS_FILES.natsector, content: demoOewsNatsector(economy) },
    { source: 'oews', name: OEWS_FILES.nat3d, content: demoOewsNat3d(economy) },
    { source: 'oews', name: OEWS_FILES.state, content: demoOewsState(economy) },
    { source: 'projections', name: EP_FILES.table110, content: demoEpTable110(economy) },
    { source: 'projections', name: EP_FILES.table12, content: demoEpTable12(economy) },
    { source: 'onet', name: ONET_FILES.skills, content: demoOnetSkills(economy) },
    { source: 'onet', name: ONET_FILES.knowledge, content: demoOnetKnowledge(economy) },
    { source: 'onet', name: ONET_FILES.occupations, content: demoOnetOccupationData() },
    { source: 'onet', name: ONET_FILES.scales, content: demoOnetScales() },
    { source: 'onet', name: ONET_FILES.jobZones, content: demoOnetJobZones(economy) },
    { source: 'onet', name: ONET_FILES.related, content: demoOnetRelated() },
    { source: 'onet', name: ONET_FILES.education, content: demoOnetEducation(economy) },
    { source: 'ipeds', name: IPEDS_FILES.directory, content: demoIpedsDirectory() },
    { source: 'ipeds', name: IPEDS_FILES.completions, content: demoIpedsCompletions(economy) },
    { source: 'ipeds', name: IPEDS_FILES.flags, content: demoIpedsFlags() },
    { source: 'codes', name: CODE_FILES.cipSoc, content: demoCipSocCrosswalk() },
    { source: 'codes', name: CODE_FILES.cipCodes, content: demoCipCodes() },
    { source: 'codes', name: CODE_FILES.naics, content: demoNaicsStructure() },
    { source: 'codes', name: CODE_FILES.counties, content: demoCountyFips() },
    { source: 'codes', name: CODE_FILES.soc, content: demoSocStructure() },
  ];
}

export interface GenerateDemoLaborMarketOptions {
  /** The demo-data folder; each source gets a folder under it. */
  readonly outDir: string;
  readonly seed?: number;
}

/**
 * Write the demo's labor-market files under `outDir/<source>/`.
 *
 * @example
 * const { files } = await generateDemoLaborMarket({ outDir: 'demo-data', seed: 20240101 });
 * // files[0] === 'demo-data/oews/national_M2023_dl.csv'
 */
export async function generateDemoLaborMarket(
  options: GenerateDemoLaborMarketOptions,
): Promise<{ files: string[]; rows: number }> {
  const files: string[] = [];
  let rows = 0;
  for (const file of buildDemoLaborMarketFiles(options.seed ?? DEFAULT_DEMO_SEED)) {
    const dir = path.join(options.outDir, file.source);
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, file.name);
    await writeFile(target, file.content);
    files.push(target);
    rows += file.content.split(/\r?\n/).filter((line) => line !== '').length;
  }
  return { files, rows };
}
