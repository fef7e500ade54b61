// Duration histograms for the performance report at scale (migration 0020 keeps them by month).
//
// Bins are 1-based array positions, the rule report_bin() applies in SQL: bin 1 holds durations under one
// minute, bin k >= 2 holds [ (1/60) * 1.02^(k-2), (1/60) * 1.02^(k-1) ) hours. A percentile read from the
// histogram lands in the bin that holds the exact value, so it is within one bin width (2%) of it.

export const BIN_RATIO = 1.02;
const MINUTE = 1 / 60;

/** The bin a duration in hours falls in (the SQL rule; used by tests and in-memory sets). */
export function binOf(hours: number): number {
  if (hours < MINUTE) return 1;
  return Math.min(2 + Math.floor(Math.log(hours * 60) / Math.log(BIN_RATIO)), 2000);
}

/** [low, high) of a bin, in hours. */
export function binBounds(bin: number): [number, number] {
  if (bin <= 1) return [0, MINUTE];
  const low = MINUTE * BIN_RATIO ** (bin - 2);
  return [low, low * BIN_RATIO];
}

/** Counts by bin: position k - 1 holds bin k's count; missing and null positions are 0. */
export type Histogram = number[];

/** Adds b into a (a grows as needed) and returns a. */
export function mergeInto(a: Histogram, b: ReadonlyArray<number | null>): Histogram {
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    if (!v) continue;
    while (a.length <= i) a.push(0);
    a[i] = a[i]! + v;
  }
  return a;
}

/** Adds n durations in a bin. */
export function addToBin(h: Histogram, bin: number, n: number): Histogram {
  while (h.length < bin) h.push(0);
  h[bin - 1] = h[bin - 1]! + n;
  return h;
}

export const total = (h: Histogram) => h.reduce((s, n) => s + n, 0);

/**
 * The value at a 0-based rank of the sorted durations the histogram counts, placing a bin's values evenly
 * over it (geometrically, as the bins are).
 */
function valueAtRank(h: Histogram, rank: number): number {
  let before = 0;
  for (let i = 0; i < h.length; i++) {
    const n = h[i]!;
    if (n > 0 && rank < before + n) {
      const [low, high] = binBounds(i + 1);
      const at = (rank - before + 0.5) / n;
      return i === 0 ? low + (high - low) * at : low * (high / low) ** at;
    }
    before += n;
  }
  return binBounds(h.length)[1];
}

/** percentile_cont's definition (interpolated between the two ranks around p * (n - 1)) over a histogram. */
export function histogramPercentile(h: Histogram, p: number): number | null {
  const n = total(h);
  if (n === 0) return null;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = valueAtRank(h, lo);
  return hi === lo ? a : a + (valueAtRank(h, hi) - a) * (pos - lo);
}
