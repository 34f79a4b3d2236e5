/**
 * Demo O*NET files in the official tab-delimited text layout (`Skills.txt`, `Knowledge.txt`, ...): never quoted,
 * `n/a` where a value does not apply (the Not Relevant column of importance rows, confidence bounds of a zero
 * percentage), data values with two decimals and standard errors and bounds with four (O*NET 28.2 on).
 *
 * Ratings are drawn from each occupation's factor scores (labor-market-facts.ts): importance (IM, 1-5) from the
 * element's base and loadings plus noise, level (LV, 0-7) from importance. Level rows of elements that hardly
 * matter are marked Not Relevant; imprecise ones Recommend Suppress. Related occupations are ranked by the
 * similarity of the noise-free profiles, among the demo's occupations and some real ones outside its files.
 */

import type { OnetOccupation, SkillFactors } from './labor-market-facts.ts';
import {
  LABOR_OCCUPATIONS,
  ONET_EDUCATION_ELEMENTS,
  ONET_HEADERS,
  ONET_KNOWLEDGE,
  ONET_SCALES,
  ONET_SKILLS,
  RELATED_ELSEWHERE,
} from './labor-market-facts.ts';
import type { DemoEconomy } from './labor-market-model.ts';
import { cellRandom } from './labor-market-model.ts';

type Element = (typeof ONET_SKILLS)[number];

const tsv = (rows: readonly (readonly (string | number)[])[]) =>
  `${rows.map((r) => r.join('\t')).join('\n')}\n`;
const fixed = (value: number, decimals: number) => value.toFixed(decimals);
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Importance on a 0-1 scale from the profile, before noise. */
function expectedImportance(
  element: Element,
  factors: SkillFactors,
  boost?: Readonly<Record<string, number>>,
) {
  const [id, , base, ...loadings] = element;
  let x = base + (boost?.[id] ?? 0);
  for (let f = 0; f < 5; f++) x += loadings[f]! * factors[f]!;
  return x;
}

/** Every O*NET occupation of the demo, `.00` codes and specialties, in code order. */
export function demoOnetOccupations(): OnetOccupation[] {
  return LABOR_OCCUPATIONS.flatMap((o) => o.onet).sort((a, b) => (a.code < b.code ? -1 : 1));
}

const jobZoneOf = (code: string) =>
  LABOR_OCCUPATIONS.find((o) => o.onet.some((x) => x.code === code))!.jobZone;
const specOf = (code: string) => LABOR_OCCUPATIONS.find((o) => o.onet.some((x) => x.code === code))!;

/** The month the demo's occupation was last rated (O*NET updates occupations in waves). */
function ratingDate(seed: number, code: string): string {
  const rnd = cellRandom(seed, 'onet-date', code);
  return `08/${rnd.pick([2020, 2021, 2022, 2023])}`;
}

function ratings(
  economy: DemoEconomy,
  elements: readonly Element[],
  domain: 'Skills' | 'Knowledge',
): (readonly string[])[] {
  const rows: string[][] = [[...ONET_HEADERS.ratings]];
  const analyst = domain === 'Skills';
  for (const occupation of demoOnetOccupations()) {
    const date = ratingDate(economy.seed, occupation.code);
    for (const element of elements) {
      const [id, name] = element;
      const rnd = cellRandom(economy.seed, 'onet', domain, occupation.code, id);
      const x = expectedImportance(element, occupation.factors, occupation.boost) + rnd.normal(0, 0.06);
      const importance = Math.round(clamp(1 + 4 * x, 1, 5) * 100) / 100;
      const notRelevant = importance < 1.45;
      const level = notRelevant
        ? Math.round(rnd.next() * 45) / 100
        : Math.round(clamp((importance - 1) * 1.3 + 0.3 + rnd.normal(0, 0.2), 0, 7) * 100) / 100;
      const n = analyst ? 8 : rnd.int(19, 33);
      for (const [scale, value, low, high] of [
        ['IM', importance, 1, 5],
        ['LV', level, 0, 7],
      ] as const) {
        const se = analyst
          ? rnd.pick(
              scale === 'IM' ? [0, 0.125, 0.125, 0.1637, 0.183] : [0, 0.125, 0.1637, 0.183, 0.2266, 0.25],
            )
          : rnd.next() * (scale === 'IM' ? 0.3 : 0.55) + 0.08;
        const lower = clamp(value - 1.96 * se, low, high);
        const upper = clamp(value + 1.96 * se, low, high);
        // Low precision: a standard error above half the value (small ratings of incumbent surveys).
        const suppress = !analyst && scale === 'LV' && se > value / 2 ? 'Y' : 'N';
        rows.push([
          occupation.code,
          id,
          name,
          scale,
          fixed(value, 2),
          String(n),
          fixed(se, 4),
          fixed(lower, 4),
          fixed(upper, 4),
          suppress,
          scale === 'IM' ? 'n/a' : notRelevant ? 'Y' : 'N',
          date,
          analyst ? 'Analyst' : 'Incumbent',
        ]);
      }
    }
  }
  return rows;
}

/** `Skills.txt`: the 35 skills, analyst ratings. */
export function demoOnetSkills(economy: DemoEconomy): string {
  return tsv(ratings(economy, ONET_SKILLS, 'Skills'));
}

/** `Knowledge.txt`: the 33 knowledge areas, incumbent ratings. */
export function demoOnetKnowledge(economy: DemoEconomy): string {
  return tsv(ratings(economy, ONET_KNOWLEDGE, 'Knowledge'));
}

/** `Occupation Data.txt`. */
export function demoOnetOccupationData(): string {
  return tsv([
    ONET_HEADERS.occupations,
    ...demoOnetOccupations().map((o) => [o.code, o.title, o.description]),
  ]);
}

/** `Scales Reference.txt`: every O*NET scale, as published. */
export function demoOnetScales(): string {
  return tsv([ONET_HEADERS.scales, ...ONET_SCALES]);
}

/** `Job Zones.txt`. */
export function demoOnetJobZones(economy: DemoEconomy): string {
  return tsv([
    ONET_HEADERS.jobZones,
    ...demoOnetOccupations().map((o) => [
      o.code,
      String(jobZoneOf(o.code)),
      ratingDate(economy.seed, o.code),
      'Analyst',
    ]),
  ]);
}

/** Column-centred importance profile over skills and knowledge, for similarity. */
function profiles(): Map<string, number[]> {
  const all = [
    ...demoOnetOccupations().map((o) => ({ code: o.code, factors: o.factors, boost: o.boost })),
    ...RELATED_ELSEWHERE.map((o) => ({ code: o.code, factors: o.factors, boost: undefined })),
  ];
  const elements = [...ONET_SKILLS, ...ONET_KNOWLEDGE];
  const raw = all.map((o) => elements.map((e) => expectedImportance(e, o.factors, o.boost)));
  const means = elements.map((_, j) => raw.reduce((s, r) => s + r[j]!, 0) / raw.length);
  return new Map(all.map((o, i) => [o.code, raw[i]!.map((v, j) => v - means[j]!)]));
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/** `Related Occupations.txt`: 20 related occupations each (5 Primary-Short, 5 Primary-Long, 10 Supplemental). */
export function demoOnetRelated(): string {
  const vectors = profiles();
  const rows: string[][] = [[...ONET_HEADERS.related]];
  for (const occupation of demoOnetOccupations()) {
    const own = vectors.get(occupation.code)!;
    const ranked = [...vectors]
      .filter(([code]) => code !== occupation.code)
      .map(([code, v]) => ({ code, similarity: cosine(own, v) }))
      .sort((a, b) => b.similarity - a.similarity || (a.code < b.code ? -1 : 1))
      .slice(0, 20);
    ranked.forEach((r, i) => {
      const tier = i < 5 ? 'Primary-Short' : i < 10 ? 'Primary-Long' : 'Supplemental';
      rows.push([occupation.code, r.code, tier, String(i + 1)]);
    });
  }
  return tsv(rows);
}

/** Peak category of each scale for an occupation, from its education, Job Zone and training. */
function peaks(code: string): Record<string, number> {
  const spec = specOf(code);
  const rl = {
    'No formal educational credential': 1.6,
    'High school diploma or equivalent': 2,
    'Postsecondary nondegree award': 3,
    "Associate's degree": 5,
    "Bachelor's degree": 6,
  }[spec.education];
  const oj = {
    None: 2,
    'Short-term on-the-job training': 2.5,
    'Moderate-term on-the-job training': 4,
    'Long-term on-the-job training': 5.5,
    Apprenticeship: 7,
  }[spec.training];
  return { RL: rl, RW: [1, 2, 3.5, 5.5, 7, 8][spec.jobZone]!, PT: 2 + spec.jobZone * 0.6, OJ: oj };
}

/** Percentages over categories 1..count, two decimals, summing to exactly 100. */
function distribution(peak: number, count: number, rnd: ReturnType<typeof cellRandom>): number[] {
  const weights = Array.from({ length: count }, (_, i) => {
    const distance = Math.abs(i + 1 - peak);
    return distance > 4 ? 0 : Math.exp(-distance * 0.9) * (0.4 + 1.2 * rnd.next());
  });
  const total = weights.reduce((s, w) => s + w, 0);
  const cents = weights.map((w) => Math.round((w / total) * 10000));
  const largest = cents.indexOf(Math.max(...cents));
  cents[largest]! += 10000 - cents.reduce((s, c) => s + c, 0);
  return cents.map((c) => c / 100);
}

/** `Education, Training, and Experience.txt`: category distributions (RL, RW, PT, OJ) per occupation. */
export function demoOnetEducation(economy: DemoEconomy): string {
  const rows: string[][] = [[...ONET_HEADERS.education]];
  for (const occupation of demoOnetOccupations()) {
    const date = ratingDate(economy.seed, occupation.code);
    const peak = peaks(occupation.code);
    for (const [id, name, scale, count] of ONET_EDUCATION_ELEMENTS) {
      const rnd = cellRandom(economy.seed, 'onet-ete', occupation.code, scale);
      const n = rnd.int(18, 32);
      distribution(peak[scale]!, count, rnd).forEach((p, i) => {
        const se = Math.sqrt((p * (100 - p)) / n);
        const bounds =
          p === 0
            ? ['n/a', 'n/a']
            : [fixed(clamp(p - 1.96 * se, 0, 100), 4), fixed(clamp(p + 1.96 * se, 0, 100), 4)];
        rows.push([
          occupation.code,
          id,
          name,
          scale,
          String(i + 1),
          fixed(p, 2),
          String(n),
          fixed(se, 4),
          ...bounds,
          'N',
          date,
          'Incumbent',
        ]);
      });
    }
  }
  return tsv(rows);
}

export const ONET_FILES = {
  skills: 'Skills.txt',
  knowledge: 'Knowledge.txt',
  occupations: 'Occupation Data.txt',
  scales: 'Scales Reference.txt',
  jobZones: 'Job Zones.txt',
  related: 'Related Occupations.txt',
  education: 'Education, Training, and Experience.txt',
} as const;
