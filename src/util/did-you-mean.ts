/** Levenshtein distance, for "did you mean" suggestions on short identifiers. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo.
 *
 * @example didYouMean('warehous', ['warehouse', 'outputs']) // 'warehouse'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const hay = name.toLowerCase();
    const distance =
      hay === needle ? 0 : hay.startsWith(needle) || needle.startsWith(hay) ? 1 : editDistance(needle, hay);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.floor(input.length / 3));
  return best.distance <= limit ? best.name : undefined;
}
