/** One row of the benchmark table. */
export interface BenchRow {
  engine: string;
  operation: string;
  library: string;
  raw: string;
  /** How the library compares with the raw SDK; see `better`. */
  ratio: number;
  /** `time`: library time / raw time, lower is better; `rate`: library rate / raw rate, higher is better. */
  kind: 'time' | 'rate';
  /** The target for `ratio`, or undefined when the row only reports. */
  target?: number;
  /** Extra conditions beyond the ratio (e.g. memory), already judged. */
  extra?: { text: string; met: boolean };
}

const rows: BenchRow[] = [];

/** Adds a row to the table printed at the end (and prints it at once, unless told not to). */
export function record(row: BenchRow, echo = true): void {
  rows.push(row);
  if (echo)
    console.log(
      `  ${row.engine} ${row.operation}: ${row.library} vs ${row.raw} (${row.ratio.toFixed(2)}x)`,
    );
}

function met(row: BenchRow): boolean | undefined {
  if (row.target === undefined && !row.extra) return undefined;
  const ratioMet =
    row.target === undefined ||
    (row.kind === 'time' ? row.ratio <= row.target : row.ratio >= row.target);
  return ratioMet && (row.extra?.met ?? true);
}

function targetText(row: BenchRow): string {
  const parts: string[] = [];
  if (row.target !== undefined)
    parts.push(
      `${row.kind === 'time' ? 'time <=' : 'rate >='} ${row.target.toFixed(2)}x`,
    );
  if (row.extra) parts.push(row.extra.text);
  return parts.join(', ') || '(reported)';
}

/** The rows recorded so far (a child process hands them to its parent). */
export function recordedRows(): readonly BenchRow[] {
  return rows;
}

/** Prints every recorded row as one markdown table; returns how many targets were not met. */
export function printTable(): number {
  const header = [
    'engine',
    'operation',
    'library',
    'raw SDK',
    'ratio',
    'target',
    'met',
  ];
  const body = rows.map((row) => {
    const verdict = met(row);
    return [
      row.engine,
      row.operation,
      row.library,
      row.raw,
      `${row.ratio.toFixed(2)}x ${row.kind === 'time' ? 'time' : 'rate'}`,
      targetText(row),
      verdict === undefined ? '-' : verdict ? 'met' : 'NOT met',
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(`\n${line(header)}`);
  console.log(line(widths.map((width) => '-'.repeat(width))));
  body.forEach((cells) => console.log(line(cells)));
  return rows.filter((row) => met(row) === false).length;
}
