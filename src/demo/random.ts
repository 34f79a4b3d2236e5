/**
 * Seeded pseudo-random numbers for the demo data generators.
 *
 * mulberry32 is tiny, fast and passes the usual statistical smoke tests; it is not cryptographic and does not need
 * to be. Every generator takes its seed explicitly so that demo files are byte-identical across runs and machines
 * (Math.random and Date are never used).
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Normal deviate (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** exp(normal(mu, sigma)): a positive, right-skewed deviate whose median is exp(mu). */
  lognormal(mu?: number, sigma?: number): number;
  /** Poisson deviate; normal approximation above lambda 50, where the exact method gets slow. */
  poisson(lambda: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/**
 * mulberry32: numbers in [0, 1) from a 32-bit seed, the same sequence on every run.
 *
 * @example const next = mulberry32(7); next(); // 0.0646…, always
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeded PRNG (mulberry32) with the helpers the generators need.
 *
 * @example
 * const rnd = createRandom(42);
 * rnd.int(1, 6); // same sequence of dice for seed 42 on every run
 */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const normal = (mean = 0, sd = 1): number => {
    // 1 - next() is in (0, 1], so the log is finite.
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): max < min`);
      return min + Math.floor(next() * (max - min + 1));
    },
    normal,
    lognormal(mu = 0, sigma = 1) {
      return Math.exp(normal(mu, sigma));
    },
    poisson(lambda) {
      if (!(lambda > 0)) return 0;
      if (lambda > 50) return Math.max(0, Math.round(normal(lambda, Math.sqrt(lambda))));
      // Knuth's multiplication method; fine for the small rates used here.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick() from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    chance(p) {
      return next() < p;
    },
  };
}

/**
 * A 32-bit seed derived from a base seed and labels, so each cell of a generated table has its own stream and
 * adding or removing one cell does not shift the random numbers of every other cell.
 *
 * @example
 * createRandom(deriveSeed(20240101, '57001', '5', '3261')).next();
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  // FNV-1a over the labels, then a murmur3 finalizer to spread nearby inputs across the whole range.
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h ^ Math.floor(seed / 4294967296), 0x01000193) >>> 0;
  for (const label of labels) {
    const text = `${label}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
