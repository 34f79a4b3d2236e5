/**
 * Disclosure control at the scale of a large partnership: one survey wave's demand table (detailed
 * occupations, their SOC major groups and all occupations, × the six demand measures, with the horizons' sum),
 * generated with realistic contributor counts so about a quarter of the detailed cells are primary. Measures
 * the complementary suppression search (heuristic plus audit rounds) against the baseline of one audit of
 * its result, i.e. the linear programs an intruder would solve, in the same run.
 *
 *   npm run bench -- disclosure
 *   npm run bench -- disclosure --occupations 400
 */
import { parseArgs } from 'node:util';
import { createRandom } from '../src/demo/random.ts';
import { suppressedBounds } from '../src/disclosure/audit.ts';
import { DEFAULT_PRIMARY_RULES, primaryReason } from '../src/disclosure/rules.ts';
import { complementarySuppression } from '../src/disclosure/suppress.ts';
import {
  demandCellId,
  demandRelations,
  demandRows,
  HORIZON_SUM,
  HORIZONS,
} from '../src/disclosure/survey-demand.ts';

const MAJORS = ['11', '13', '17', '43', '47', '49', '51', '53'];
const MEASURES = [...HORIZONS, HORIZON_SUM, 'vacancies', 'current_employees'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A wave's demand cells: every detailed cell from a few contributors' values, rollups as sums. */
function table(occupations: number) {
  const rand = createRandom(5);
  const socs = Array.from({ length: occupations }, (_, k) => {
    const major = MAJORS[k % MAJORS.length]!;
    return `${major}-${String(1011 + Math.floor(k / MAJORS.length) * 10).padStart(4, '0')}`;
  });
  const rows = demandRows(socs, () => null);
  const detailed = new Map<string, number>();
  const cells: { id: string; value: number; primary: ReturnType<typeof primaryReason> }[] = [];
  for (const soc of socs) {
    for (const measure of [...HORIZONS, 'vacancies', 'current_employees']) {
      // 0-12 employers, skewed: small cells and dominated ones are common in a real wave.
      const employers = Math.floor(rand.next() ** 1.5 * 13);
      const values = Array.from({ length: employers }, () => Math.ceil(rand.next() ** 3 * 40));
      const total = values.reduce((a, b) => a + b, 0);
      const sorted = [...values].sort((a, b) => b - a);
      const stats = { contributors: employers, total, largest: sorted[0] ?? 0, second: sorted[1] ?? 0 };
      detailed.set(`${soc}|${measure}`, total * 3.2);
      cells.push({
        id: demandCellId('w', soc, measure),
        value: total * 3.2,
        primary: primaryReason(stats, DEFAULT_PRIMARY_RULES),
      });
    }
  }
  const sumOf = (members: readonly string[], measures: readonly string[]) =>
    members.reduce((n, soc) => n + measures.reduce((m, x) => m + detailed.get(`${soc}|${x}`)!, 0), 0);
  for (const row of rows) {
    for (const measure of MEASURES) {
      if (row.level === 'detailed' && measure !== HORIZON_SUM) continue;
      const parts = measure === HORIZON_SUM ? [...HORIZONS] : [measure];
      // Rollups have many contributors; only the detailed cells are primary here.
      cells.push({
        id: demandCellId('w', row.soc, measure),
        value: sumOf(row.members, parts),
        primary: null,
      });
    }
  }
  return { cells, relations: demandRelations('w', rows, MEASURES) };
}

export async function benchDisclosure(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { occupations: { type: 'string', default: '200' }, repeat: { type: 'string', default: '3' } },
  });
  const { cells, relations } = table(Number(values.occupations));
  const primaries = cells.filter((c) => c.primary).length;
  const times = { search: [] as number[], audit: [] as number[] };
  let suppressed = 0;
  let rounds = 0;
  // Load the solver once, outside the timings.
  await suppressedBounds([], []);
  for (let k = 0; k < Number(values.repeat); k++) {
    let t = performance.now();
    const result = await complementarySuppression(cells, relations, { protection: 15 });
    times.search.push((performance.now() - t) / 1000);
    suppressed = result.suppressed.size;
    rounds = result.rounds;
    t = performance.now();
    await suppressedBounds(
      cells.map((c) => ({ id: c.id, value: result.suppressed.has(c.id) ? null : c.value, halfWidth: 0.05 })),
      relations,
    );
    times.audit.push((performance.now() - t) / 1000);
    process.stderr.write(
      `  run ${k + 1}: suppression ${times.search.at(-1)!.toFixed(2)} s, audit ${times.audit.at(-1)!.toFixed(2)} s\n`,
    );
  }
  const s = median(times.search);
  const a = median(times.audit);
  console.log(
    `\nDisclosure control of one wave's demand table: ${values.occupations} occupations, ${cells.length.toLocaleString('en-US')} cells, ${relations.length.toLocaleString('en-US')} relations, median of ${values.repeat}`,
  );
  console.log(`  primary cells            ${primaries} (${((100 * primaries) / cells.length).toFixed(1)}%)`);
  console.log(
    `  withheld after search    ${suppressed} (${suppressed - primaries} complementary, ${rounds} audit rounds)`,
  );
  console.log(`  audit (baseline)         ${a.toFixed(2)} s`);
  console.log(`  complementary search     ${s.toFixed(2)} s`);
  console.log(`  ratio search / audit     ${(s / a).toFixed(2)}x`);
  // The solver's WebAssembly heap is part of the process: peak resident memory covers both.
  console.log(`  peak memory (process)    ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}
