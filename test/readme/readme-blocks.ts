import { readFileSync } from 'node:fs';

/**
 * One ```ts block of README.md, as the README examples test sees it. The info string after `ts` says what it is:
 *
 * - nothing: a complete program. Typechecked, then run in its own Node process, which must exit by itself with code 0
 *   (a connection left open keeps the process alive: the test fails).
 * - `file=name.ts`: a module the other examples import as `./name.js` (the shared example models, a Nest module).
 *   Typechecked; it runs when a program imports it.
 * - `fragment`: part of a program (an options object, a method body). Typechecked, never run. The names it uses
 *   without defining come from a hidden `<!-- prelude ... -->` comment right above the block, which the reader does
 *   not see but the compiler does.
 *
 * A ```text output``` or ```json output``` block after a program is what that program prints: stdout must match it,
 * ignoring whitespace, with `...` standing for any text (ids, timings).
 */
export interface ReadmeBlock {
  /** 1-based line of the first code line in README.md. */
  line: number;
  /** The nearest `##`/`###` heading above the block, for test names. */
  section: string;
  kind: 'program' | 'module' | 'fragment';
  /** Module file name for `file=`, else a generated one. */
  fileName: string;
  code: string;
  /** Code compiled before `code` (the hidden prelude of a fragment). */
  prelude: string;
  /** Expected stdout of a program, when an output block follows it. */
  output?: string;
}

// Exactly three backticks: a line starting with four or more (inline code in prose) is not a fence here.
const FENCE = /^```(?!`)(\S*)\s*(.*)$/;
const PRELUDE_START = /^<!--\s*prelude\b(.*)$/;

/** Reads every ```ts block of a README, in order. */
export function readReadmeBlocks(path: string): ReadmeBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  let section = '(top)';
  let prelude: string[] | undefined;
  let pendingPrelude = '';
  let lastProgram: ReadmeBlock | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index];
    if (prelude) {
      const end = text.indexOf('-->');
      if (end >= 0) {
        prelude.push(text.slice(0, end));
        pendingPrelude = prelude.join('\n');
        prelude = undefined;
      } else {
        prelude.push(text);
      }
      continue;
    }
    const preludeMatch = PRELUDE_START.exec(text);
    if (preludeMatch) {
      const rest = preludeMatch[1];
      const end = rest.indexOf('-->');
      if (end >= 0) pendingPrelude = rest.slice(0, end);
      else prelude = [rest];
      continue;
    }
    const heading = /^#{2,3}\s+(.*)$/.exec(text);
    if (heading) {
      section = heading[1];
      lastProgram = undefined;
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (text.trim() !== '') pendingPrelude = '';
      continue;
    }
    const [, language, info] = fence;
    const start = index + 1;
    const body: string[] = [];
    for (
      index++;
      index < lines.length && !/^```\s*$/.test(lines[index]);
      index++
    ) {
      body.push(lines[index]);
    }
    if (index >= lines.length) {
      throw new Error(`README.md:${start}: a code block is never closed`);
    }
    const attributes = info.split(/\s+/).filter(Boolean);
    const code = body.join('\n') + '\n';
    if (attributes.includes('output')) {
      if (!lastProgram) {
        throw new Error(
          `README.md:${start}: an output block must follow a runnable ts block in the same section`,
        );
      }
      lastProgram.output = code;
      lastProgram = undefined;
    } else if (language === 'ts' || language === 'typescript') {
      const file = attributes.find((word) => word.startsWith('file='));
      const unknown = attributes.filter(
        (word) => word !== 'fragment' && !word.startsWith('file='),
      );
      if (unknown.length) {
        throw new Error(
          `README.md:${start}: unknown code block attribute(s) ${unknown.join(', ')}; use "fragment" or "file=name.ts"`,
        );
      }
      const kind = file
        ? 'module'
        : attributes.includes('fragment')
          ? 'fragment'
          : 'program';
      const block: ReadmeBlock = {
        line: start + 1,
        section,
        kind,
        fileName: file ? file.slice('file='.length) : `example-${start + 1}.ts`,
        code,
        prelude: pendingPrelude,
      };
      blocks.push(block);
      lastProgram = kind === 'program' ? block : undefined;
    }
    pendingPrelude = '';
  }
  return blocks;
}
