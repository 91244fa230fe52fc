/** Timing statistics of one measured operation, in milliseconds per operation. */
export interface BenchStats {
  name: string;
  iterations: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
}

/** One way of doing an operation, timed against others. */
export interface Contender {
  name: string;
  fn: (i: number) => Promise<unknown>;
}

/** How long to warm up and how many timed runs to take. */
export interface BenchOptions {
  /** Untimed runs first, so JIT and caches settle. */
  warmup: number;
  /** Timed runs of each contender. */
  iterations: number;
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil(sorted.length * fraction) - 1),
  );
  return sorted[index];
}

/** Median, p95, mean and min of per-operation timings (ms). */
export function summarize(name: string, samples: number[]): BenchStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    iterations: samples.length,
    median: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    mean: samples.reduce((sum, sample) => sum + sample, 0) / samples.length,
    min: sorted[0],
  };
}

/** The median of some numbers. */
export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The median of `a[i] / b[i]`: each ratio from runs made side by side, so slow drift in machine load cancels out. */
export function pairedRatio(a: number[], b: number[]): number {
  return median(a.map((value, index) => value / b[index]));
}

/**
 * Times several implementations of the same operation, interleaved run by run (rotating which goes first) so
 * that drift in machine load (this machine is shared) hits every contender alike.
 */
export async function interleave(
  contenders: Contender[],
  { warmup, iterations }: BenchOptions,
): Promise<BenchStats[]> {
  const samples = contenders.map((): number[] => []);
  for (let run = 0; run < warmup + iterations; run++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + run) % contenders.length;
      const start = performance.now();
      await contenders[index].fn(run);
      if (run >= warmup) samples[index].push(performance.now() - start);
    }
  }
  return contenders.map((contender, index) =>
    summarize(contender.name, samples[index]),
  );
}

/** The contender with the lowest median: "the SDK's fastest way". */
export function fastest(stats: BenchStats[]): BenchStats {
  return stats.reduce((best, entry) =>
    entry.median < best.median ? entry : best,
  );
}

/** Resident set size in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / 1e6;
}

/** A full garbage collection when node runs with `--expose-gc` (as `npm run bench` does), so RSS baselines are fair. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Formats milliseconds for a table cell: µs below 1 ms. */
export function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Formats a rate (per second) for a table cell. */
export function rate(perSecond: number, unit: string): string {
  return `${perSecond >= 10_000 ? (perSecond / 1000).toFixed(1) + 'k' : perSecond.toFixed(0)} ${unit}/s`;
}

/** Times two implementations of one operation, interleaved (for suites that print their own lines). */
export async function compare(
  a: Contender,
  b: Contender,
  options: BenchOptions,
): Promise<[BenchStats, BenchStats]> {
  const [first, second] = await interleave([a, b], options);
  return [first, second];
}

/** Formats milliseconds as microseconds. */
export function micros(ms: number): string {
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** One line comparing a library operation with its baseline: medians, p95s and the median ratio. */
export function ratioLine(subject: BenchStats, baseline: BenchStats): string {
  const ratio = subject.median / baseline.median;
  return [
    subject.name.padEnd(34),
    `median ${micros(subject.median).padStart(10)} vs ${micros(baseline.median).padStart(10)}`,
    `p95 ${micros(subject.p95).padStart(10)} vs ${micros(baseline.p95).padStart(10)}`,
    `ratio ${ratio.toFixed(3)}x`,
  ].join(' | ');
}
