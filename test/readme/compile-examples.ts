import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { ReadmeBlock } from './readme-blocks.js';

/** Where the compiled examples and library went, and what the compiler said. */
export interface CompiledExamples {
  /** `README.md:LINE: message` for each compiler error in an example (or in the library). */
  errors: string[];
  /** The compiled program of each block, by its README line. */
  scripts: Map<number, string>;
}

/**
 * Typechecks the README's examples together with the library, with the project's compiler options plus
 * `strictPropertyInitialization` (what a user with `strict: true` gets), and emits runnable JavaScript into
 * `outDir`: the library under `lib/`, the examples under `readme/`. `outDir` becomes a package named
 * `nestjs-surrealengine` whose exports point at the compiled library, so the examples import the package by
 * its public name, as a user's app does.
 */
export function compileExamples(
  root: string,
  blocks: ReadmeBlock[],
  outDir: string,
): CompiledExamples {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(
          ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        );
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: false,
    outDir,
    rootDir: root,
    declaration: false,
    sourceMap: false,
    types: ['node'],
    strictPropertyInitialization: true,
  };
  // Virtual sources beside the real ones (never written into the repository): `readme/<file>.ts`.
  const virtualDir = join(root, 'readme');
  const sources = new Map<
    string,
    { block: ReadmeBlock; offset: number; text: string }
  >();
  for (const block of blocks) {
    const prelude = block.prelude ? `${block.prelude}\n` : '';
    // `export {}` keeps every block a module, so two blocks may declare the same names.
    const text = `${prelude}${block.code}export {};\n`;
    const path = join(virtualDir, block.fileName);
    if (sources.has(path)) {
      throw new Error(
        `README.md:${block.line}: file name ${block.fileName} is used by two blocks (also line ${sources.get(path)!.block.line})`,
      );
    }
    sources.set(path, { block, offset: lineCount(prelude), text });
  }
  const host = ts.createCompilerHost(options);
  // Bound copies of the host's own methods: the virtual files come first.
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (directory) =>
    directory === virtualDir || (directoryExists?.(directory) ?? true);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.readFile = (file) => sources.get(file)?.text ?? readFile(file);
  host.getSourceFile = (file, language, onError, create) => {
    const source = sources.get(file);
    return source
      ? ts.createSourceFile(file, source.text, language, true)
      : getSourceFile(file, language, onError, create);
  };
  const libFiles = ts.sys
    .readDirectory(join(root, 'lib'), ['.ts'])
    .filter((file) => !file.endsWith('.d.ts'));
  const program = ts.createProgram(
    [...libFiles, ...sources.keys()],
    options,
    host,
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const errors = diagnostics
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => describe(diagnostic, root, sources));
  const emitted = program.emit(undefined, (file, text) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  });
  for (const diagnostic of emitted.diagnostics) {
    errors.push(describe(diagnostic, root, sources));
  }
  writeFileSync(
    join(outDir, 'package.json'),
    JSON.stringify({
      name: 'nestjs-surrealengine',
      type: 'module',
      exports: {
        '.': './lib/index.js',
        './core': './lib/core.js',
        './health': './lib/health/index.js',
        './testing': './lib/testing/index.js',
      },
    }),
  );
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'));
  const scripts = new Map<number, string>();
  for (const [path, { block }] of sources) {
    scripts.set(
      block.line,
      join(outDir, relative(root, path)).replace(/\.ts$/, '.js'),
    );
  }
  return { errors, scripts };
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - 1;
}

function describe(
  diagnostic: ts.Diagnostic,
  root: string,
  sources: Map<string, { block: ReadmeBlock; offset: number }>,
): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined) return message;
  const { line } = file.getLineAndCharacterOfPosition(diagnostic.start);
  const source = sources.get(file.fileName);
  if (!source)
    return `${relative(root, file.fileName)}:${line + 1}: ${message}`;
  const readmeLine = source.block.line + line - source.offset;
  return line < source.offset
    ? `README.md:${source.block.line} (hidden prelude line ${line + 1}): ${message}`
    : `README.md:${readmeLine}: ${message}`;
}
