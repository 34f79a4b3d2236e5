import { sha256 } from '../../util/hash.ts';

/**
 * Reading the answers people type into survey tools: `1,200`, `$45,000`, `45k`, `$22.50/hr`, `10-20`, `N/A`,
 * `none`, county and industry names. Each reader returns the value, a flag when the value was interpreted
 * (a range at its midpoint, a name resolved to a code), or a problem saying why it could not be read.
 */

export interface Read<T> {
  readonly value: T | null;
  /** How the value was interpreted, when it was not written plainly (kept with the value). */
  readonly flag?: string;
  /** Why the text could not be read (the cell is then rejected). */
  readonly problem?: string;
}

const MISSING = new Set([
  '',
  'n/a',
  'na',
  'n.a.',
  'n.a',
  '-',
  '--',
  '—',
  '–',
  'not applicable',
  'unknown',
  "don't know",
  'dont know',
  'dk',
  'not sure',
  '?',
]);
const ZERO = new Set(['none', 'zero', 'no', 'nil', 'no hires', 'no openings', 'no vacancies']);

/** The longest way of saying "no answer" in MISSING; anything longer is an answer. */
const LONGEST_MISSING = Math.max(...[...MISSING].map((m) => m.length)) + 4;

/** Whether an answer means "no answer". Called for every cell, so the common cases return early. */
export function isMissing(text: string | undefined): boolean {
  if (text === undefined || text === '') return true;
  if (text.length > LONGEST_MISSING) return false;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  return MISSING.has(normalize(text));
}

const NON_ASCII = /[^ -~\t\r\n]/;

/** Lower case, single spaces, no surrounding punctuation: for comparing labels and names. */
const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

export function normalize(text: string): string {
  if (PLAIN.test(text)) return text;
  let t = text;
  if (NON_ASCII.test(t))
    t = t
      .normalize('NFKC')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"');
  return t
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'.:;,]+|[\s"'.:;,]+$/g, '');
}

const NUMBER =
  /^[~≈]?\s*(?:about|approx\.?|approximately|around|roughly)?\s*\$?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|m)?\s*(\+)?$/i;

const DIGITS = /^\d{1,15}$/;

function parsePlainNumber(text: string): { value: number; flag?: string } | undefined {
  if (DIGITS.test(text)) return { value: Number(text) };
  const t = text.trim();
  const m = NUMBER.exec(t);
  if (!m) return undefined;
  const digits = m[1]!;
  // "1,200" is a thousands separator; "1,2" is not a number we can trust.
  if (digits.includes(',') && !/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) return undefined;
  let value = Number(digits.replaceAll(',', ''));
  const flags: string[] = [];
  if (m[2]) {
    value *= m[2].toLowerCase() === 'k' ? 1_000 : 1_000_000;
    flags.push(`"${m[2]}" read as ×${m[2].toLowerCase() === 'k' ? '1,000' : '1,000,000'}`);
  }
  if (m[3]) flags.push('"+" read as the number itself (a lower bound)');
  if (/^[~≈]|about|approx|around|roughly/i.test(t)) flags.push('approximate');
  return flags.length ? { value, flag: flags.join('; ') } : { value };
}

const RANGE = /^(.+?)\s*(?:-|–|—|to)\s*(.+)$/i;

/**
 * A count of people or jobs: whole numbers, thousands separators, `k`, ranges (estimated at their
 * midpoint, flagged), `none` as 0, `N/A` and blanks as missing.
 *
 * @example readCount('10-20') // { value: 15, flag: 'range 10-20, estimated at its midpoint', low: 10, high: 20 }
 */
export function readCount(text: string | undefined): Read<number> & { low?: number; high?: number } {
  if (isMissing(text)) return { value: null };
  const t = text!.trim();
  // "none" / "zero" mean 0 without doubt: not worth a line in the review file.
  if (ZERO.has(normalize(t))) return { value: 0 };
  const plain = parsePlainNumber(t);
  if (plain) {
    if (!Number.isInteger(plain.value)) return { value: null, problem: 'expected a whole number' };
    return plain;
  }
  const range = RANGE.exec(t);
  if (range) {
    const low = parsePlainNumber(range[1]!);
    const high = parsePlainNumber(range[2]!);
    if (low && high && low.value <= high.value) {
      return {
        value: (low.value + high.value) / 2,
        low: low.value,
        high: high.value,
        flag: `range ${low.value}-${high.value}, estimated at its midpoint`,
      };
    }
  }
  if (/^-\s*\d/.test(t)) return { value: null, problem: 'expected zero or more, not a negative number' };
  return { value: null, problem: 'expected a number (e.g. 12, 1,200, 10-20, none)' };
}

export interface Wage {
  readonly low: number;
  readonly high: number;
  /** Hourly or annual; from the text ("/hr", "per year") or, when not said, from the amount. */
  readonly unit: 'hour' | 'year';
  /** The hourly equivalent of the midpoint (annual ÷ 2,080 hours). */
  readonly hourly: number;
}

const HOURLY = /(\/\s*h(ou)?r|per\s+h(ou)?r|an\s+hour|hourly|\bph\b|\/h\b)/i;
const ANNUAL = /(\/\s*y(ea)?r|per\s+y(ea)?r|a\s+year|annual(ly)?|salary|\/annum|\bpa\b)/i;

/**
 * A starting wage: `$22.50/hr`, `45k`, `$45,000 per year`, `18-22`. Without a unit, amounts under 200 are
 * hourly and over 1,000 annual; in between there is no telling, and the answer is rejected.
 *
 * @example readWage('$18-$22/hr') // { value: { low: 18, high: 22, unit: 'hour', hourly: 20 }, flag: 'range …' }
 */
export function readWage(text: string | undefined): Read<Wage> {
  if (isMissing(text)) return { value: null };
  const raw = text!.trim();
  const unitSaid = HOURLY.test(raw) ? 'hour' : ANNUAL.test(raw) ? 'year' : undefined;
  const body = raw.replace(HOURLY, '').replace(ANNUAL, '').replace(/\$/g, '').trim();
  let low: number;
  let high: number;
  const flags: string[] = [];
  const plain = parsePlainNumber(body);
  if (plain) {
    low = high = plain.value;
    if (plain.flag) flags.push(plain.flag);
  } else {
    const range = RANGE.exec(body);
    const a = range ? parsePlainNumber(range[1]!) : undefined;
    const b = range ? parsePlainNumber(range[2]!) : undefined;
    if (!a || !b || a.value > b.value)
      return { value: null, problem: 'expected a wage such as $22.50/hr, 45k or 18-22' };
    low = a.value;
    high = b.value;
    flags.push(`range ${low}-${high}, estimated at its midpoint`);
  }
  const mid = (low + high) / 2;
  const unit = unitSaid ?? (mid < 200 ? 'hour' : mid >= 1_000 ? 'year' : undefined);
  if (!unit)
    return {
      value: null,
      problem: 'an amount between 200 and 1,000 without "/hr" or "per year" is neither hourly nor annual',
    };
  if (!unitSaid) flags.push(`read as ${unit === 'hour' ? 'hourly' : 'annual'} from the amount`);
  const hourly = unit === 'hour' ? mid : mid / 2080;
  return { value: { low, high, unit, hourly }, ...(flags.length ? { flag: flags.join('; ') } : {}) };
}

/** A rating on a scale, as a number or one of its labels. */
export function readScale(
  text: string | undefined,
  scale: { readonly min: number; readonly max: number; readonly labels: Readonly<Record<string, number>> },
): Read<number> {
  if (isMissing(text)) return { value: null };
  const t = normalize(text!);
  for (const [label, value] of Object.entries(scale.labels)) if (normalize(label) === t) return { value };
  // "4 - Very important" and "4 (Important)" carry the number first.
  const m = /^(\d+)(?:\s*[-–:(].*)?$/.exec(t);
  if (m) {
    const value = Number(m[1]);
    if (value >= scale.min && value <= scale.max) return { value };
    return { value: null, problem: `expected a rating from ${scale.min} to ${scale.max}` };
  }
  return { value: null, problem: `expected a rating from ${scale.min} to ${scale.max} or one of its labels` };
}

/** Option ids with the label(s) each may appear as. */
export type Options = Readonly<Record<string, string | readonly string[]>>;

const labelIndexes = new WeakMap<Options, Map<string, string>>();

/** Normalised label or id → option id; built once per options object (it is read for every cell). */
function labelIndex(options: Options): Map<string, string> {
  const cached = labelIndexes.get(options);
  if (cached) return cached;
  const index = new Map<string, string>();
  labelIndexes.set(options, index);
  for (const [id, labels] of Object.entries(options)) {
    index.set(normalize(id), id);
    for (const label of [labels].flat()) index.set(normalize(label), id);
  }
  return index;
}

/** One answer among options, by label or id. */
export function readChoice(text: string | undefined, options: Options): Read<string> {
  if (isMissing(text)) return { value: null };
  const id = labelIndex(options).get(normalize(text!));
  return id
    ? { value: id }
    : { value: null, problem: `not one of the options (${Object.keys(options).join(', ')})` };
}

/**
 * Several answers in one cell. Labels may themselves hold the separator ("Finding, keeping staff"), so known
 * labels are matched first and only the rest is split.
 *
 * @example readMulti('Retention, Transportation', { retention: 'Retention', transport: 'Transportation' }, ', ')
 * // { value: ['retention', 'transport'] }
 */
export function readMulti(
  text: string | undefined,
  options: Options,
  separator = ',',
): Read<string[]> & { unknown?: string[] } {
  if (isMissing(text)) return { value: null };
  let rest = ` ${normalize(text!)} `;
  const found: string[] = [];
  const labels = longestFirst(options);
  for (const [label, id] of labels) {
    if (!label) continue;
    const at = rest.indexOf(label);
    if (at === -1) continue;
    const before = rest[at - 1];
    const after = rest[at + label.length];
    const boundary = (c: string | undefined) => c === undefined || /[\s,;|]/.test(c);
    if (!boundary(before) || !boundary(after)) continue;
    if (!found.includes(id)) found.push(id);
    rest = `${rest.slice(0, at)} ${rest.slice(at + label.length)}`;
  }
  const sep = normalize(separator) || ',';
  const unknown = rest
    .split(new RegExp(`[${escapeClass(sep)};|]`))
    .map((s) => s.trim())
    .filter((s) => s && !MISSING.has(s));
  const order = Object.keys(options);
  found.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (unknown.length)
    return {
      value: found,
      unknown,
      problem: `not among the options: ${unknown.map((u) => `"${u}"`).join(', ')}`,
    };
  return { value: found };
}

const sortedLabels = new WeakMap<Options, [string, string][]>();

/** Labels longest first, so "Child care" is found before "care". Cached per options object. */
function longestFirst(options: Options): [string, string][] {
  let sorted = sortedLabels.get(options);
  if (!sorted) {
    sorted = [...labelIndex(options).entries()].sort((a, b) => b[0].length - a[0].length);
    sortedLabels.set(options, sorted);
  }
  return sorted;
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&');
}

/**
 * A county as a FIPS code or a name ("Alder County", "alder", "Birch Co."), resolved against the counties
 * the pipeline knows.
 */
export function readCounty(text: string | undefined, counties: CountyLookup): Read<string> {
  if (isMissing(text)) return { value: null };
  const t = text!.trim();
  if (/^\d{5}$/.test(t))
    return counties.byFips.has(t)
      ? { value: t }
      : { value: null, problem: `county ${t} is not a county of the region` };
  if (/^\d{4}$/.test(t) && counties.byFips.has(`0${t}`))
    return { value: `0${t}`, flag: 'leading zero restored' };
  const key = countyKey(t);
  const fips = counties.byName.get(key);
  // A name of exactly one county of the region is as good as its code.
  return fips
    ? { value: fips }
    : { value: null, problem: 'not a county of the region (expected a FIPS code or a county name)' };
}

export interface CountyLookup {
  readonly byFips: ReadonlySet<string>;
  /** countyKey(name) → FIPS. */
  readonly byName: ReadonlyMap<string, string>;
}

/** "Alder County, Lakeshore" → "alder"; "Birch Co." → "birch". */
export function countyKey(name: string): string {
  return normalize(name.split(',')[0] ?? name)
    .replace(/\b(county|co|parish|borough|census area)\b\.?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Build the county lookup from FIPS codes and titles ("Alder County, Lakeshore"). */
export function countyLookup(
  counties: readonly { readonly fips: string; readonly title: string | null }[],
): CountyLookup {
  const byName = new Map<string, string>();
  for (const c of counties) if (c.title) byName.set(countyKey(c.title), c.fips);
  return { byFips: new Set(counties.map((c) => c.fips)), byName };
}

export interface IndustryLookup {
  readonly codes: ReadonlySet<string>;
  /** normalised title → code */
  readonly byTitle: ReadonlyMap<string, string>;
}

/** NAICS titles shorten in speech: "Fabricated metal" for "Fabricated metal product manufacturing". */
function titleKeys(title: string): string[] {
  const t = normalize(title);
  const short = t.replace(/\b(product|products)?\s*manufacturing$/, '').trim();
  return [...new Set([t, short])].filter(Boolean);
}

export function industryLookup(
  industries: readonly { readonly code: string; readonly title: string | null }[],
): IndustryLookup {
  const byTitle = new Map<string, string>();
  for (const i of industries)
    for (const key of i.title ? titleKeys(i.title) : []) if (!byTitle.has(key)) byTitle.set(key, i.code);
  return { codes: new Set(industries.map((i) => i.code)), byTitle };
}

/** An industry as a NAICS code ("332", "3323") or a name ("Fabricated metal", "Plastics"). */
export function readNaics(text: string | undefined, industries: IndustryLookup): Read<string> {
  if (isMissing(text)) return { value: null };
  const t = text!.trim();
  const code = /^(\d{2,6})\b/.exec(t)?.[1];
  if (code) return { value: code };
  const key = normalize(t);
  const exact = industries.byTitle.get(key);
  if (exact) return { value: exact };
  // A unique title that starts with what was written ("Plastics" → "plastics and rubber products").
  const starts = [...industries.byTitle.entries()].filter(([title]) => title.startsWith(key));
  const codes = [...new Set(starts.map(([, c]) => c))];
  if (codes.length === 1)
    return { value: codes[0]!, flag: `industry name "${t}" resolved to NAICS ${codes[0]}` };
  return {
    value: null,
    problem:
      codes.length > 1
        ? 'industry name matches several industries; give the NAICS code'
        : 'not a NAICS code or industry name',
  };
}

/** A SOC code as people write it: 51-4041, 514041, 51-4041.00. */
export function readSoc(text: string | undefined): Read<string> {
  if (isMissing(text)) return { value: null };
  const m = /^(\d{2})-?(\d{4})(?:\.\d{2})?$/.exec(text!.trim());
  return m ? { value: `${m[1]}-${m[2]}` } : { value: null, problem: 'expected a SOC code such as 51-4041' };
}

/** A percentage such as Qualtrics' Progress (0-100). */
export function readPercent(text: string | undefined): Read<number> {
  if (isMissing(text)) return { value: null };
  const n = Number(text!.trim().replace(/%$/, ''));
  return Number.isFinite(n) && n >= 0 && n <= 100
    ? { value: n }
    : { value: null, problem: 'expected a percentage 0-100' };
}

/** True/False, 1/0, Yes/No. */
export function readBoolean(text: string | undefined): Read<boolean> {
  if (isMissing(text)) return { value: null };
  const t = normalize(text!);
  if (['true', '1', 'yes', 'y'].includes(t)) return { value: true };
  if (['false', '0', 'no', 'n'].includes(t)) return { value: false };
  return { value: null, problem: 'expected true or false' };
}

/**
 * A timestamp as survey tools write it: ISO ("2024-03-05 14:02:11"), US ("3/5/2024 14:02:11"), with or without
 * seconds. Returned as ISO text without a zone (tools export local time).
 */
export function readTimestamp(text: string | undefined): Read<string> {
  if (isMissing(text)) return { value: null };
  const t = text!.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(t);
  if (m) return { value: iso(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]) };
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(t);
  if (m) {
    let hour = Number(m[4] ?? 0);
    if (m[7]?.toUpperCase() === 'PM' && hour < 12) hour += 12;
    if (m[7]?.toUpperCase() === 'AM' && hour === 12) hour = 0;
    return { value: iso(m[3]!, m[1]!, m[2]!, String(hour), m[5] ?? '0', m[6]) };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return { value: iso(m[1]!, m[2]!, m[3]!, '0', '0') };
  return { value: null, problem: 'expected a date and time' };
}

function iso(y: string, mo: string, d: string, h: string, mi: string, s = '0'): string {
  const p = (x: string) => x.padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}`;
}

export interface EmployerKeys {
  /** The key an employer's submissions are told apart by: from its id when it gave one, else its name. */
  readonly key: string | null;
  readonly idKey: string | null;
  readonly nameKey: string | null;
}

/**
 * Keys that link an employer's answers (and its invitation) without naming it: sha256 of the normalised id
 * and of the normalised name. An invitation matches a response on either.
 *
 * @example employerKeys('E0012', 'Acme Tool') // { key: idKey, idKey: '3f…', nameKey: '9a…' }
 */
export function employerKeys(id: string | undefined, name: string | undefined): EmployerKeys {
  const idKey = isMissing(id) ? null : sha256(`id:${normalize(id!)}`);
  const nameKey = isMissing(name) ? null : sha256(`name:${normalize(name!)}`);
  return { key: idKey ?? nameKey, idKey, nameKey };
}
