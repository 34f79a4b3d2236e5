import { type Issue, SiError } from '../errors.ts';
import type { OnetOccupation, SocDefinition, SocPin } from './soc-titles.ts';

/**
 * Match the job titles employers write in surveys ("CNC Machinist", "Maint. Tech II", "RN - night shift")
 * to SOC 2018 detailed occupations, in a way a reviewer can follow: every result says how it was found
 * (a pin, an exact title, an O*NET title, or a similarity score), what the title became after
 * normalisation, and the runners-up. Below the threshold nothing is guessed.
 *
 * Order of methods:
 * 1. `pinned`: staff pinned the normalised title to a code (score 1).
 * 2. `exact`: the normalised title equals a SOC detailed title or one of its parts ("Welders, Cutters,
 *    Solderers, and Brazers" is also "welder", "cutter", …) that belongs to one code only (score 1).
 * 3. `onet-exact`: the same against O*NET-SOC titles (e.g. "Quality Control Analysts", 19-4099.01),
 *    reported as their 6-digit SOC code (score 1).
 * 4. `similarity`: TF-IDF weighted cosine between the title's words and each SOC or O*NET title (and its
 *    parts); a code scores its best title, plus a little for words its SOC definition shares (below).
 *    `none` when the best score is under the threshold: then `soc` is null.
 */

export type SocMatchMethod = 'pinned' | 'exact' | 'onet-exact' | 'similarity' | 'none';

export interface SocCandidate {
  readonly soc: string;
  /** The SOC 2018 title of `soc`. */
  readonly title: string;
  /** 0–1, three decimals. */
  readonly score: number;
  /** Which title earned it: `SOC title`, `SOC title part "press machine operator"`, `O*NET 51-9161.00 "…"`. */
  readonly via: string;
}

export interface SocMatch {
  readonly input: string;
  /** The words compared, after normalisation (abbreviations expanded, noise dropped, plurals folded). */
  readonly normalized: string;
  readonly soc: string | null;
  readonly socTitle: string | null;
  readonly score: number;
  readonly method: SocMatchMethod;
  /** The best codes, at most three, best first; each code once. */
  readonly candidates: readonly SocCandidate[];
  /**
   * Someone should look: the score is under the threshold, the two best codes are within 0.05, the best
   * differs from the runner-up only in words the title lacks, the best is an "All Other" code, or a word was
   * read as a typo. Never set for pins.
   */
  readonly needsReview: boolean;
}

export interface SocMatcherOptions {
  /** From `loadSocDefinitions`; only the detailed occupations are matched. */
  readonly soc: readonly SocDefinition[];
  /** From `loadOnetOccupations`: more titles, each counted for its SOC code. */
  readonly onet?: readonly OnetOccupation[];
  /** From `loadSocPins`. */
  readonly pins?: readonly SocPin[];
  /** Lowest score that assigns a code (default 0.6). */
  readonly threshold?: number;
}

export interface SocMatcher {
  match(title: string): SocMatch;
}

/** Two codes whose scores are this close are a coin toss: someone should look. */
export const SOC_TIE_MARGIN = 0.05;
/**
 * How much the SOC definition may add: `score = t + DEFINITION_WEIGHT · d · (1 − t)`, with t the title
 * cosine and d the cosine against the definition's words. It never lowers a score and can fill at most a
 * tenth of the gap to 1: titles decide, definitions only separate titles that score alike.
 */
export const DEFINITION_WEIGHT = 0.1;
/**
 * "All Other" codes are SOC's last resort for jobs no detailed occupation describes; their title scores
 * are multiplied by this, and they never match exactly ("Engineer" is not "Engineers, All Other").
 */
export const RESIDUAL_FACTOR = 0.9;
/**
 * A part of a title that leaves out a narrowing qualifier ("Maintenance Workers, Machinery" read as
 * "maintenance worker") is not quite that title: its score is multiplied by this. "General" does not
 * narrow, so "Maintenance and Repair Workers, General" keeps its full score as "maintenance worker".
 */
export const NARROWED_FACTOR = 0.97;

export interface NormalizedTitle {
  /** Content words in order of appearance, each once. */
  readonly tokens: readonly string[];
  /** `tokens` joined by spaces. */
  readonly normalized: string;
  /** `tokens` sorted: word order does not matter ("Operator, Forklift"). */
  readonly key: string;
}

/**
 * Normalise a job title as the matcher compares it:
 * - lower case, accents and apostrophes dropped, `&` read as "and";
 * - parenthetical notes dropped ("(2nd shift)", "(temp to hire)"), except credentials inside them, which say
 *   what the job is: "Truck Driver (CDL-A)" keeps CDL;
 * - schedule and level noise dropped: shifts, nights, weekends, full/part time, PRN, temp, roman numerals and
 *   numbers, Sr./Jr./senior/junior, trainee, apprentice (SOC codes apprentices to the trade they learn),
 *   certified;
 * - "lead" dropped before the job ("Lead Welder" is a welder) but kept when it is the job ("Production
 *   Lead"): SOC 2018 classifies team and work leaders with the workers they lead (51-1011 "Excludes team or
 *   work leaders"), so such titles need a person to decide and the unmatched word keeps the score low;
 * - abbreviations expanded (`ABBREVIATIONS`: tech, maint, mfg, rn, lpn, cna, qc, assy, op, mech, cdl, …);
 *   "elec" is "electrician" as the last word and "electrical" before another; "CNC" stays, and SOC's
 *   "Computer Numerically Controlled" becomes "cnc" (likewise HVAC, forklift, hi-lo);
 * - SOC's "First-Line" dropped (employers say "Production Supervisor"), and "All Other";
 * - plurals folded (nurses → nurse, secretaries → secretary), technologist → technician and
 *   assembly → assembler (employers' "Surgical Tech", "Assembly Operator").
 *
 * @example
 * normalizeJobTitle('Maint. Tech II (2nd shift)').normalized; // 'maintenance technician'
 * normalizeJobTitle('RN - nights').normalized; // 'registered nurse'
 */
export function normalizeJobTitle(title: string): NormalizedTitle {
  let text = foldPhrases(plainLower(title));
  const credentials: string[] = [];
  text = text.replace(/\(([^)]*)\)?|\[([^\]]*)\]?/g, (_, round?: string, square?: string) => {
    for (const word of splitWords(round ?? square ?? '')) if (CREDENTIALS.has(word)) credentials.push(word);
    return ' ';
  });
  return finish(wordsToTokens([...splitWords(text), ...credentials]));
}

/** Lower case without accents or apostrophes ("Café Owner's" → "cafe owners"). */
function plainLower(text: string): string {
  // Most titles are ASCII: skip the Unicode decomposition for them.
  const ascii = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return ascii.toLowerCase().replace(/['’`]/g, '');
}

function finish(tokens: readonly string[]): NormalizedTitle {
  const unique = [...new Set(tokens)];
  return { tokens: unique, normalized: unique.join(' '), key: [...unique].sort().join(' ') };
}

function splitWords(text: string): string[] {
  return text.split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** Words to tokens: noise and stop words out, abbreviations expanded, plurals folded. */
function wordsToTokens(words: readonly string[]): string[] {
  const kept = words.filter((w) => !STOP_WORDS.has(w) && !NOISE.has(w) && w.length > 1 && !/^\d/.test(w));
  const out: string[] = [];
  kept.forEach((word, i) => {
    const last = i === kept.length - 1;
    // "Lead" before the job is seniority; as the job itself it stays (see normalizeJobTitle).
    if ((word === 'lead' || word === 'leader') && !last) return;
    const expanded =
      word === 'elec' ? [last ? 'electrician' : 'electrical'] : (EXPANSIONS.get(word) ?? [word]);
    for (const e of expanded) out.push(stem(e));
  });
  return out;
}

function foldPhrases(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement);
  return out;
}

/** Multi-word spellings of one thing, and noise that only makes sense as a phrase. Applied in order. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/\bcomputer[\s-]+numerical(?:ly)?[\s-]+control(?:led)?\b/g, ' cnc '],
  [
    /\bheating,?\s+(?:ventilation,?\s+)?(?:and\s+)?air[\s-]+conditioning(?:,?\s+(?:and\s+)?refrigeration)?\b/g,
    ' hvac ',
  ],
  [/\bfork[\s-]*lift\b|\bhi[\s-]*lo\b/g, ' forklift '],
  // Schedule and hiring phrases, SOC's "First-Line" and "All Other": one pass.
  [
    new RegExp(
      [
        '\\b(?:1st|2nd|3rd|first|second|third|day|night|swing|graveyard|evening|overnight|weekend|rotating)s?[\\s-]*shifts?\\b',
        '\\b(?:first|front)[\\s-]+line\\b',
        '\\b(?:full|part)[\\s-]*time\\b',
        '\\bper[\\s-]*diem\\b',
        '\\btemp[\\s-]*to[\\s-]*(?:hire|perm)\\b',
        '\\bentry[\\s-]*level\\b',
        '\\bsign[\\s-]*on[\\s-]*bonus\\b',
        '\\ball\\s+other\\b',
      ].join('|'),
      'g',
    ),
    ' ',
  ],
  [/&/g, ' and '],
];

/**
 * Abbreviations in manufacturing, healthcare and logistics job titles, expanded to SOC's words. CDL of any
 * class means a heavy truck: BLS's "heavy" is over 26,000 lb, the weight that needs a CDL.
 */
export const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  tech: ['technician'],
  techs: ['technician'],
  maint: ['maintenance'],
  mnt: ['maintenance'],
  mfg: ['manufacturing'],
  manuf: ['manufacturing'],
  prod: ['production'],
  rn: ['registered', 'nurse'],
  lpn: ['licensed', 'practical', 'nurse'],
  lvn: ['licensed', 'vocational', 'nurse'],
  cna: ['nursing', 'assistant'],
  stna: ['nursing', 'assistant'],
  cma: ['medical', 'assistant'],
  np: ['nurse', 'practitioner'],
  crna: ['nurse', 'anesthetist'],
  emt: ['emergency', 'medical', 'technician'],
  cst: ['surgical', 'technician'],
  pta: ['physical', 'therapist', 'assistant'],
  cota: ['occupational', 'therapy', 'assistant'],
  phleb: ['phlebotomist'],
  pharm: ['pharmacy'],
  lab: ['laboratory'],
  med: ['medical'],
  qc: ['quality', 'control'],
  qa: ['quality', 'assurance'],
  assy: ['assembler'],
  assem: ['assembler'],
  ops: ['operations'],
  op: ['operator'],
  opr: ['operator'],
  oper: ['operator'],
  mach: ['machine'],
  mech: ['mechanic'],
  cdl: ['heavy', 'truck', 'driver'],
  otr: ['heavy', 'truck', 'driver'],
  forklift: ['industrial', 'truck', 'operator'],
  whse: ['warehouse'],
  matl: ['material'],
  insp: ['inspector'],
  equip: ['equipment'],
  svc: ['service'],
  csr: ['customer', 'service', 'representative'],
  rep: ['representative'],
  admin: ['administrative'],
  asst: ['assistant'],
  mgr: ['manager'],
  mngr: ['manager'],
  supv: ['supervisor'],
  supvr: ['supervisor'],
  coord: ['coordinator'],
  spec: ['specialist'],
  eng: ['engineer'],
  engr: ['engineer'],
  acct: ['accounting'],
  hr: ['human', 'resources'],
  shpg: ['shipping'],
  rcvg: ['receiving'],
  inv: ['inventory'],
};

// A Map, not the object: "constructor" or "toString" in a title must not find Object.prototype's.
const EXPANSIONS = new Map(Object.entries(ABBREVIATIONS));

/** Abbreviations that name the job even inside a parenthetical note. */
const CREDENTIALS = new Set([
  'cdl',
  'otr',
  'rn',
  'lpn',
  'lvn',
  'cna',
  'stna',
  'cma',
  'cnc',
  'hvac',
  'emt',
  'cst',
]);

const STOP_WORDS = new Set([
  'and',
  'or',
  'of',
  'the',
  'for',
  'in',
  'at',
  'to',
  'with',
  'an',
  'on',
  'by',
  'per',
  'from',
  'as',
  'all',
  'other',
]);

/** Schedule, level and hiring noise: says nothing about the occupation. */
const NOISE = new Set([
  'ii',
  'iii',
  'iv',
  'vi',
  'vii',
  'sr',
  'senior',
  'jr',
  'junior',
  'trainee',
  'apprentice',
  'experienced',
  'certified',
  'level',
  'lvl',
  'grade',
  'tier',
  'class',
  'shift',
  'shifts',
  'night',
  'nights',
  'nightshift',
  'days',
  'evening',
  'evenings',
  'overnight',
  'overnights',
  'weekend',
  'weekends',
  'ft',
  'prn',
  'fulltime',
  'parttime',
  'temp',
  'temporary',
  'seasonal',
  'hiring',
  'needed',
  'urgent',
  'immediate',
  'opening',
  'openings',
  'position',
  'positions',
]);

/** Words that end in s and are not plurals, as the last word of a SOC title segment. */
const NOT_PLURAL = new Set([
  'sales',
  'goods',
  'parts',
  'operations',
  'systems',
  'services',
  'products',
  'materials',
  'sciences',
  'logistics',
  'electronics',
  'arts',
  'affairs',
  'relations',
  'resources',
  'records',
  'works',
  'gas',
]);

const LEMMAS: ReadonlyMap<string, string> = new Map([
  ['technologist', 'technician'],
  ['technologists', 'technician'],
  ['assembly', 'assembler'],
  ['assemblies', 'assembler'],
  // Employers say "Punch Press", SOC "Punching … Press".
  ['punching', 'punch'],
  ['women', 'woman'],
  ['men', 'man'],
  ['people', 'person'],
]);

/** Fold plurals to the singular, the way SOC titles ("Machinists") and employers ("Machinist") differ. */
function stem(word: string): string {
  const lemma = LEMMAS.get(word);
  if (lemma) return lemma;
  if (word.length <= 3) return word;
  if (!word.endsWith('s')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses') || word.endsWith('ches') || word.endsWith('shes') || word.endsWith('xes')) {
    return word.slice(0, -2);
  }
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  return word.slice(0, -1);
}

// ---------------------------------------------------------------------------------------------------------
// Reference titles: the whole title and its parts.

interface TitleVariant {
  readonly tokens: readonly string[];
  /** The title itself, not a part of it. */
  readonly whole: boolean;
  /** Leaves out a narrowing qualifier ("Maintenance Workers, Machinery" as "maintenance worker"). */
  readonly narrowed: boolean;
}

/**
 * The whole title and the single occupations its list structure names. SOC packs several into one title:
 * "Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic" is "cutting
 * machine setter", …, "press machine operator", …; "First-Line Supervisors of Production and Operating
 * Workers" is "production worker supervisor" and "operating worker supervisor"; "Helpers--Production
 * Workers" is "production worker helper". Exclusions ("Except …") name other occupations and are dropped;
 * qualifiers after the list ("General", "Hand", "Metal and Plastic") stay in the whole title only.
 */
function titleVariants(title: string): { residual: boolean; variants: TitleVariant[] } {
  const lowered = plainLower(title);
  const residual = /\ball\s+other\b/.test(lowered);
  const text = foldPhrases(lowered.replace(/,?\s*\b(?:except|excluding)\b.*$/, '')).trim();
  const variants: TitleVariant[] = [
    { tokens: wordsToTokens(splitWords(text)), whole: true, narrowed: false },
  ];
  if (residual) return { residual, variants };
  const split = /^(.*?)\s+of\s+(.*)$/.exec(text) ?? /^([a-z]+)--(.*)$/.exec(text);
  let parts: ListParts;
  if (split) {
    const heads = listAlternatives(split[1] ?? '');
    const objects = listAlternatives(split[2] ?? '');
    parts = {
      words: objects.words.flatMap((o) => heads.words.map((h) => [...o, ...h])),
      narrowed: heads.narrowed || objects.narrowed,
    };
  } else {
    parts = listAlternatives(text);
  }
  for (const words of parts.words) {
    variants.push({
      tokens: wordsToTokens(words.flatMap(splitWords)),
      whole: false,
      narrowed: parts.narrowed,
    });
  }
  return { residual, variants };
}

interface ListParts {
  readonly words: string[][];
  /** Qualifiers other than "General" were left out. */
  readonly narrowed: boolean;
}

/**
 * The occupations a comma-and list names, as word lists. The anchor is the first segment of two or more
 * words ending in a plural ("Press Machine Setters"); modifiers before it replace its first words
 * ("Cutting" → "Cutting Machine Setters"), plurals before it stand alone ("Laborers"), single plurals after
 * it replace its last word ("Operators" → "Press Machine Operators"), longer plurals after it stand alone
 * ("Diesel Engine Specialists"), and the first segment after it that is not a plural starts the
 * qualifiers. With no plural at all, the whole text is the one alternative.
 */
function listAlternatives(text: string): ListParts {
  const segments = text
    .split(',')
    .flatMap((part) => part.split(/\s+(?:and|or)\s+/))
    .map((s) => s.replace(/^\s*(?:and|or)\s+/, '').trim())
    .filter((s) => s !== '')
    .map((s) => s.split(/\s+/));
  const plural = (words: readonly string[]) => isPluralWord(words[words.length - 1] ?? '');
  let anchorAt = segments.findIndex((w) => w.length >= 2 && plural(w));
  if (anchorAt === -1) anchorAt = segments.findIndex(plural);
  const anchor = segments[anchorAt];
  if (!anchor) return { words: [splitWords(text)], narrowed: false };
  const body = anchor.slice(0, -1);
  const bodies = [body];
  const heads = [anchor[anchor.length - 1] ?? ''];
  const alone: string[][] = [];
  for (const words of segments.slice(0, anchorAt)) {
    if (plural(words)) alone.push(words);
    else bodies.push([...words, ...body.slice(Math.min(words.length, body.length))]);
  }
  const after = segments.slice(anchorAt + 1);
  const qualifiersAt = after.findIndex((words) => !plural(words));
  for (const words of qualifiersAt === -1 ? after : after.slice(0, qualifiersAt)) {
    if (words.length === 1) heads.push(words[0] ?? '');
    else alone.push(words);
  }
  const qualifiers = qualifiersAt === -1 ? [] : after.slice(qualifiersAt).flat();
  return {
    words: [...bodies.flatMap((b) => heads.map((h) => [...b, h])), ...alone],
    narrowed: qualifiers.some((w) => w !== 'general'),
  };
}

function isPluralWord(word: string): boolean {
  const w = word.replace(/[^a-z]+$/, '');
  return w.endsWith('s') && !/(?:ss|us|is)$/.test(w) && !NOT_PLURAL.has(w);
}

// ---------------------------------------------------------------------------------------------------------
// The index.

interface Doc {
  readonly soc: number;
  readonly tokens: readonly number[];
  /** Length of the TF-IDF vector. */
  readonly norm: number;
  /** `RESIDUAL_FACTOR`, `NARROWED_FACTOR` or 1. */
  readonly factor: number;
  readonly residual: boolean;
  readonly via: string;
}

interface Occupation {
  readonly code: string;
  readonly title: string;
}

/** A code's best title for one job title, before it becomes a `SocCandidate`. */
interface Scored {
  readonly soc: number;
  readonly score: number;
  readonly via: string;
  /** Which of the job title's words the best title has, as bits. */
  readonly matched: number;
  /** The best title has no word the job title lacks. */
  readonly covered: boolean;
  /** The best title is an "All Other" title. */
  readonly residual: boolean;
}

/**
 * Build a matcher over the SOC 2018 detailed occupations (and O*NET titles and pins when given). The index
 * is built once here (about 0.1 s for SOC and O*NET); `match` then takes microseconds.
 *
 * `needsReview` is set when the best score is under the threshold (then `soc` is null), when the two best
 * codes are within `SOC_TIE_MARGIN`, when both matched the same words of the job title and the best also
 * has words the job title lacks (for "Assembler", "Machine Assemblers" and "Team Assemblers" differ only in
 * words the employer did not write), when the best is an "All Other" title (a catch-all someone should
 * choose deliberately), and when a word was read as a typo of a title word.
 *
 * @example
 * const soc = await loadSocDefinitions(socPath);
 * const onet = await loadOnetOccupations(onetPath);
 * const matcher = createSocMatcher({ soc, onet, pins: await loadSocPins(pinsPath, soc) });
 * matcher.match('CNC Machinist'); // { soc: '51-4041', method: 'similarity', score: 0.736, … }
 */
export function createSocMatcher(options: SocMatcherOptions): SocMatcher {
  const threshold = options.threshold ?? 0.6;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new SiError('E_CONFIG_INVALID', `SOC matcher threshold must be in (0, 1], got ${threshold}`);
  }
  const occupations: Occupation[] = [];
  const socIndex = new Map<string, number>();
  for (const d of options.soc) {
    if (d.group !== 'detailed' || socIndex.has(d.code)) continue;
    socIndex.set(d.code, occupations.length);
    occupations.push({ code: d.code, title: d.title });
  }
  if (occupations.length === 0) {
    throw new SiError('E_INPUT_INVALID', 'SOC matcher: the SOC list has no detailed occupations');
  }
  const pins = indexPins(options.pins ?? [], socIndex);

  const vocabulary = new Map<string, number>();
  const words: string[] = [];
  const tokenId = (t: string) => {
    let id = vocabulary.get(t);
    if (id === undefined) {
      id = words.length;
      vocabulary.set(t, id);
      words.push(t);
    }
    return id;
  };

  // Titles: SOC's, then O*NET's, each counted for its SOC code (O*NET codes outside the list are skipped).
  const raw: {
    soc: number;
    tokens: number[];
    key: string;
    factor: number;
    residual: boolean;
    via: string;
    onet: boolean;
  }[] = [];
  const exactSoc = new Map<string, Map<number, string>>();
  const exactOnet = new Map<string, Map<number, string>>();
  const indexed = new Set<string>();
  const addTitle = (soc: number, title: string, onet: boolean, via: (part: string | undefined) => string) => {
    const { residual, variants } = titleVariants(title);
    const seen = new Set<string>();
    for (const v of variants) {
      const unique = [...new Set(v.tokens)];
      const key = [...unique].sort().join(' ');
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const entry = {
        soc,
        tokens: unique.map(tokenId),
        key,
        factor: residual ? RESIDUAL_FACTOR : v.narrowed ? NARROWED_FACTOR : 1,
        residual,
        via: via(v.whole ? undefined : unique.join(' ')),
        onet,
      };
      // One document per code and word set: O*NET's "Machinists" adds nothing to SOC's.
      const docKey = `${soc} ${key}`;
      if (!indexed.has(docKey)) {
        indexed.add(docKey);
        raw.push(entry);
      }
      // "All Other" titles never match exactly; a key two codes share is not exact either (see match).
      if (residual) continue;
      const exact = onet ? exactOnet : exactSoc;
      const codes = exact.get(key) ?? new Map<number, string>();
      if (!codes.has(soc)) codes.set(soc, entry.via);
      exact.set(key, codes);
    }
  };
  for (const [i, o] of occupations.entries()) {
    addTitle(i, o.title, false, (part) => (part ? `SOC title part "${part}"` : 'SOC title'));
  }
  for (const o of options.onet ?? []) {
    const soc = socIndex.get(o.soc);
    if (soc === undefined) continue;
    addTitle(soc, o.title, true, (part) => `O*NET ${o.onetCode} "${o.title}"${part ? ` as "${part}"` : ''}`);
  }

  // Document frequency counts occupations, not titles: a word in every part of one long title, or in a
  // SOC title and its O*NET titles, is still one occupation's word.
  const n = occupations.length;
  const socsOfToken = Array.from({ length: words.length }, () => new Set<number>());
  for (const d of raw) for (const t of d.tokens) socsOfToken[t]?.add(d.soc);
  const idf = socsOfToken.map((socs) => Math.log((n + 1) / (socs.size + 1)) + 1);
  const unknownIdf = Math.log(n + 1) + 1;

  const docs: Doc[] = raw.map((d) => ({
    soc: d.soc,
    tokens: d.tokens,
    norm: Math.sqrt(d.tokens.reduce((sum, t) => sum + (idf[t] ?? 0) ** 2, 0)),
    factor: d.factor,
    residual: d.residual,
    via: d.via,
  }));
  const postings: number[][] = Array.from({ length: words.length }, () => []);
  for (const [i, d] of docs.entries()) for (const t of d.tokens) postings[t]?.push(i);
  // The hot loop reads these rather than the objects.
  const docSoc = Int32Array.from(docs, (d) => d.soc);
  const docScale = Float64Array.from(docs, (d) => d.factor / d.norm);

  const definitions = indexDefinitions(options.soc, socIndex);
  // Words any SOC definition or O*NET description uses are real words, not typos of title words.
  const known = new Set([
    ...definitions.words,
    ...(options.onet ?? []).flatMap((o) => descriptionTokens(o.description)),
  ]);
  const typo = typoIndex(words);

  const EXACT = [
    { method: 'exact', exact: exactSoc },
    { method: 'onet-exact', exact: exactOnet },
  ] as const;

  // Scratch space for one match at a time (match is synchronous).
  const dots = new Float64Array(docs.length);
  const masks = new Int32Array(docs.length);
  const touched: number[] = [];
  const bestScore = new Float64Array(n);
  const bestDoc = new Int32Array(n).fill(-1);
  const touchedSocs: number[] = [];

  /** The best codes by title cosine plus definition bonus, at most `limit`, best first. */
  function similarity(tokens: readonly string[], limit: number): Scored[] {
    const ids = tokens.map((t) => vocabulary.get(t));
    let q2 = 0;
    for (const id of ids) q2 += (id === undefined ? unknownIdf : (idf[id] ?? 0)) ** 2;
    const qNorm = Math.sqrt(q2);
    if (qNorm === 0) return [];
    touched.length = 0;
    for (let q = 0; q < ids.length; q++) {
      const id = ids[q];
      if (id === undefined) continue;
      const w2 = (idf[id] ?? 0) ** 2;
      // Bits past 30 are not tracked; titles that long do not occur.
      const bit = q < 31 ? 1 << q : 0;
      const list = postings[id] ?? [];
      for (let k = 0; k < list.length; k++) {
        const doc = list[k] ?? 0;
        if (dots[doc] === 0) touched.push(doc);
        dots[doc] = (dots[doc] ?? 0) + w2;
        masks[doc] = (masks[doc] ?? 0) | bit;
      }
    }
    // Each code's best title.
    touchedSocs.length = 0;
    for (const i of touched) {
      const soc = docSoc[i] ?? 0;
      const score = ((dots[i] ?? 0) * (docScale[i] ?? 0)) / qNorm;
      const prior = bestDoc[soc] ?? -1;
      if (prior === -1) touchedSocs.push(soc);
      if (prior === -1 || score > (bestScore[soc] ?? 0)) {
        bestScore[soc] = score;
        bestDoc[soc] = i;
      }
    }
    // The definition can add at most DEFINITION_WEIGHT · (1 − t): only codes that could then reach the
    // limit-th best title score need it.
    const top = new Array<number>(limit).fill(0);
    for (const soc of touchedSocs) {
      const t = bestScore[soc] ?? 0;
      if (t <= (top[limit - 1] ?? 0)) continue;
      let k = limit - 1;
      while (k > 0 && t > (top[k - 1] ?? 0)) {
        top[k] = top[k - 1] ?? 0;
        k--;
      }
      top[k] = t;
    }
    const floor = top[limit - 1] ?? 0;
    const query = definitions.query(tokens);
    const out: Scored[] = [];
    for (const soc of touchedSocs) {
      const t = bestScore[soc] ?? 0;
      const i = bestDoc[soc] ?? 0;
      if (t + DEFINITION_WEIGHT * (1 - t) >= floor) {
        const doc = docs[i]!;
        const d = query.cosine(soc);
        out.push({
          soc,
          score: round(t + DEFINITION_WEIGHT * d * (1 - t)),
          via: doc.via,
          matched: masks[i] ?? 0,
          covered: (dots[i] ?? 0) >= doc.norm * doc.norm - 1e-9,
          residual: doc.residual,
        });
      }
      bestDoc[soc] = -1;
    }
    for (const i of touched) {
      dots[i] = 0;
      masks[i] = 0;
    }
    return out.sort((a, b) => b.score - a.score || a.soc - b.soc).slice(0, limit);
  }

  const candidate = (c: Scored): SocCandidate => {
    const o = occupations[c.soc]!;
    return { soc: o.code, title: o.title, score: c.score, via: c.via };
  };

  function certain(
    input: string,
    normalized: string,
    soc: number,
    method: 'pinned' | 'exact' | 'onet-exact',
    via: string,
    tokens: readonly string[],
    corrected: boolean,
  ): SocMatch {
    const o = occupations[soc]!;
    const candidates: SocCandidate[] = [{ soc: o.code, title: o.title, score: 1, via }];
    for (const c of similarity(tokens, 3))
      if (c.soc !== soc && candidates.length < 3) candidates.push(candidate(c));
    const second = candidates[1];
    return {
      input,
      normalized,
      soc: o.code,
      socTitle: o.title,
      score: 1,
      method,
      candidates,
      needsReview: method !== 'pinned' && (corrected || (second !== undefined && 1 - second.score <= TIE)),
    };
  }

  return {
    match(input: string): SocMatch {
      const plain = normalizeJobTitle(input);
      const pin = pins.get(plain.key);
      if (pin) return certain(input, plain.normalized, pin.soc, 'pinned', pin.via, plain.tokens, false);
      let corrected = false;
      const fixed = plain.tokens.map((t) => {
        if (vocabulary.has(t) || known.has(t)) return t;
        const word = typo(t);
        if (word) corrected = true;
        return word ?? t;
      });
      const { tokens, normalized, key } = corrected ? finish(fixed) : plain;
      for (const { method, exact } of EXACT) {
        const codes = exact.get(key);
        if (codes?.size === 1) {
          const [soc, via] = codes.entries().next().value!;
          return certain(input, normalized, soc, method, via, tokens, corrected);
        }
      }
      const scored = similarity(tokens, 3);
      const [best, second] = scored;
      const candidates = scored.map(candidate);
      if (!best || best.score < threshold) {
        const score = best?.score ?? 0;
        return {
          input,
          normalized,
          soc: null,
          socTitle: null,
          score,
          method: 'none',
          candidates,
          needsReview: true,
        };
      }
      const o = occupations[best.soc]!;
      const close = second !== undefined && best.score - second.score <= TIE;
      const sameWords = second !== undefined && second.matched === best.matched && !best.covered;
      return {
        input,
        normalized,
        soc: o.code,
        socTitle: o.title,
        score: best.score,
        method: 'similarity',
        candidates,
        needsReview: close || sameWords || best.residual || corrected,
      };
    },
  };
}

const TIE = SOC_TIE_MARGIN + 1e-9;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function indexPins(
  pins: readonly SocPin[],
  socIndex: ReadonlyMap<string, number>,
): Map<string, { soc: number; via: string }> {
  const out = new Map<string, { soc: number; via: string; code: string }>();
  const issues: Issue[] = [];
  for (const pin of pins) {
    const at = {
      ...(pin.file === undefined ? {} : { file: pin.file }),
      ...(pin.line === undefined ? {} : { line: pin.line }),
    };
    const soc = socIndex.get(pin.soc);
    const { key } = normalizeJobTitle(pin.title);
    if (soc === undefined) {
      issues.push({
        code: 'bad_pin',
        ...at,
        value: pin.soc,
        message: 'pinned code is not a SOC 2018 detailed occupation',
      });
      continue;
    }
    if (key === '') {
      issues.push({
        code: 'bad_pin',
        ...at,
        value: pin.title,
        message: 'pinned title has no words left after normalisation',
      });
      continue;
    }
    const before = out.get(key);
    if (before && before.code !== pin.soc) {
      issues.push({
        code: 'bad_pin',
        ...at,
        value: pin.title,
        message: `title also pinned to ${before.code}`,
      });
      continue;
    }
    const where = pin.file ? ` (${pin.file}${pin.line === undefined ? '' : `:${pin.line}`})` : '';
    out.set(key, { soc, code: pin.soc, via: `pin "${pin.title}"${where}${pin.note ? `: ${pin.note}` : ''}` });
  }
  if (issues.length > 0) {
    throw new SiError('E_CONFIG_INVALID', `SOC matcher: ${issues.length} bad pin(s)`, { issues });
  }
  return out;
}

/**
 * Cosine of a title's words against each SOC definition's, with its own IDF. "Excludes …" sentences are
 * dropped: they name other occupations.
 */
function indexDefinitions(
  soc: readonly SocDefinition[],
  socIndex: ReadonlyMap<string, number>,
): { readonly words: Iterable<string>; query(tokens: readonly string[]): { cosine(soc: number): number } } {
  const bySoc: (Set<string> | undefined)[] = [];
  const df = new Map<string, number>();
  for (const d of soc) {
    const i = socIndex.get(d.code);
    if (d.group !== 'detailed' || i === undefined || d.definition === '') continue;
    const tokens = descriptionTokens(d.definition.replace(/\bExcludes\b.*?(?:\.\s+(?=[A-Z])|$)/gs, ' '));
    bySoc[i] = new Set(tokens);
    for (const t of tokens) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = bySoc.filter(Boolean).length;
  const idf = (t: string) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const norms = bySoc.map((tokens) => {
    let sum = 0;
    for (const t of tokens ?? []) sum += idf(t) ** 2;
    return Math.sqrt(sum);
  });
  return {
    words: df.keys(),
    query(tokens) {
      const weights = tokens.map((t) => idf(t) ** 2);
      const qNorm = Math.sqrt(weights.reduce((a, b) => a + b, 0));
      return {
        cosine(i) {
          const words = bySoc[i];
          if (!words || qNorm === 0) return 0;
          let dot = 0;
          for (let k = 0; k < tokens.length; k++) if (words.has(tokens[k] ?? '')) dot += weights[k] ?? 0;
          return dot / (qNorm * (norms[i] ?? 1));
        },
      };
    },
  };
}

function descriptionTokens(text: string): string[] {
  return [...new Set(wordsToTokens(splitWords(foldPhrases(text.toLowerCase()))))];
}

/** Shorter words are too often other real words one letter away ("picker" is not "packer"). */
const TYPO_MIN_LENGTH = 7;

/**
 * A word no title, definition or description has, one typo away from exactly one title word ("machinst",
 * "electrican"), is read as that word; the match then needs review.
 */
function typoIndex(words: readonly string[]): (word: string) => string | undefined {
  const byDeletion = new Map<string, Set<string>>();
  const add = (k: string, w: string) => {
    const set = byDeletion.get(k) ?? new Set<string>();
    set.add(w);
    byDeletion.set(k, set);
  };
  for (const w of words) {
    if (w.length < TYPO_MIN_LENGTH - 1) continue;
    add(w, w);
    for (let i = 0; i < w.length; i++) add(w.slice(0, i) + w.slice(i + 1), w);
  }
  return (word) => {
    if (word.length < TYPO_MIN_LENGTH) return undefined;
    const found = new Set<string>();
    const keys = [word];
    for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
    for (const k of keys) for (const w of byDeletion.get(k) ?? []) if (oneEditApart(word, w)) found.add(w);
    return found.size === 1 ? [...found][0] : undefined;
  };
}

/** One insertion, deletion, substitution or swap of neighbours. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
