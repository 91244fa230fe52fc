/** Timing statistics of one measured operation, in milliseconds per operation. */
export interface BenchStats {
  name: string;
  iterations: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
}

/** How long to warm up and how many timed runs to take. */
export interface BenchOptions {
  /** Untimed runs first, so JIT and caches settle. Default 200. */
  warmup?: number;
  /** Timed runs. Default 2000. */
  iterations?: number;
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

/** Runs `fn` `warmup` times untimed, then `iterations` times timed, one at a time; `fn` gets the run number. */
export async function measure(
  name: string,
  fn: (i: number) => Promise<unknown>,
  options: BenchOptions = {},
): Promise<BenchStats> {
  const { warmup = 200, iterations = 2000 } = options;
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(warmup + i);
    samples.push(performance.now() - start);
  }
  return summarize(name, samples);
}

/**
 * Times two implementations of the same operation, interleaved run by run (alternating which goes first) so that
 * drift in machine load affects both alike.
 */
export async function compare(
  a: { name: string; fn: (i: number) => Promise<unknown> },
  b: { name: string; fn: (i: number) => Promise<unknown> },
  options: BenchOptions = {},
): Promise<[BenchStats, BenchStats]> {
  const { warmup = 200, iterations = 2000 } = options;
  for (let i = 0; i < warmup; i++) {
    await a.fn(i);
    await b.fn(i);
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const run = warmup + i;
    const order =
      i % 2 === 0
        ? ([a, samplesA, b, samplesB] as const)
        : ([b, samplesB, a, samplesA] as const);
    for (const [impl, samples] of [
      [order[0], order[1]],
      [order[2], order[3]],
    ] as const) {
      const start = performance.now();
      await impl.fn(run);
      samples.push(performance.now() - start);
    }
  }
  return [summarize(a.name, samplesA), summarize(b.name, samplesB)];
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
