import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Module hooks for the child process when the library runs from its TypeScript sources (its own jest suite): Node 20
 * cannot run `.ts`, so the hooks transpile each file with the project's `typescript` (already a dev dependency) and
 * map the `.js` of relative imports back to `.ts`. No extra dependency (tsx, ts-node) is needed for that.
 * Loading `typescript` takes about a second, so output is cached on disk by content hash and `typescript` is only
 * loaded on a cache miss: later server starts take a fraction of that.
 */
const HOOKS = `
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPESCRIPT = __TYPESCRIPT__;
const CACHE = join(tmpdir(), 'nestjs-surrealengine-ts-cache');
let typescript;

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    try {
      await access(fileURLToPath(url));
      return { url: url.href, format: 'module', shortCircuit: true };
    } catch {}
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(TYPESCRIPT).update('\0').update(fileName).update('\0').update(source).digest('hex');
  const cached = join(CACHE, key + '.js');
  try {
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  } catch {}
  typescript ??= import(TYPESCRIPT).then((module) => module.default);
  const ts = await typescript;
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      useDefineForClassFields: false,
      experimentalDecorators: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  try {
    await mkdir(CACHE, { recursive: true });
    const temporary = cached + '.' + process.pid + '.tmp';
    await writeFile(temporary, outputText);
    await rename(temporary, cached);
  } catch {}
  return { format: 'module', source: outputText, shortCircuit: true };
}
`;

const dataUrl = (source: string): string =>
  `data:text/javascript,${encodeURIComponent(source)}`;

/** `execArgv` that lets a forked Node 20 process run this package's `.ts` sources. */
export function typeScriptExecArgv(): string[] {
  const typescript = pathToFileURL(
    createRequire(import.meta.url).resolve('typescript'),
  ).href;
  const hooks = HOOKS.replace('__TYPESCRIPT__', JSON.stringify(typescript));
  const register = `import { register } from 'node:module'; register(${JSON.stringify(dataUrl(hooks))});`;
  return ['--enable-source-maps', '--import', dataUrl(register)];
}
