/**
 * Benchmarks: `npm run bench [-- <name> [options]]`. Each prints ratios against a baseline measured in the
 * same run; none runs in `npm test`.
 */
import { benchDisclosure } from './disclosure.ts';
import { benchIngest } from './ingest.ts';
import { benchMarts } from './marts.ts';
import { benchSurvey } from './survey.ts';

const BENCHES: Record<string, (argv: string[]) => Promise<void>> = {
  disclosure: benchDisclosure,
  ingest: benchIngest,
  marts: benchMarts,
  survey: benchSurvey,
};

const [name = 'ingest', ...rest] = process.argv.slice(2);
const bench = BENCHES[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
await bench(rest);
