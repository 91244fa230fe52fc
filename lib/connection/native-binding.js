import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
let binding;
/**
 * The native binding inside `@surrealdb/node`. It is not in the package's exports map, so it is found next to the
 * package's resolved entry file under the name napi-rs gives this platform, the way the package's own loader finds it.
 */
export function nativeBinding() {
    if (binding)
        return binding;
    let entry;
    try {
        entry = fileURLToPath(import.meta.resolve('@surrealdb/node'));
    }
    catch (error) {
        throw new Error('nestjs-surrealengine: embedded engines and the test server need the optional peer dependency "@surrealdb/node"; install it (npm i @surrealdb/node)', { cause: error });
    }
    const dir = dirname(entry);
    const tried = bindingFileNames().map((name) => join(dir, name));
    const file = tried.find((path) => existsSync(path));
    if (!file) {
        throw new Error(`nestjs-surrealengine: no native SurrealDB engine for ${process.platform}-${process.arch} in @surrealdb/node (looked for ${tried.join(', ')})`);
    }
    binding = createRequire(entry)(file);
    return binding;
}
/** Names napi-rs gives the binary for this platform, most specific first (as `@surrealdb/node`'s own loader does). */
function bindingFileNames() {
    const { platform, arch } = process;
    if (platform === 'linux') {
        const abi = isMusl() ? 'musl' : 'gnu';
        return [`surrealdb-node.linux-${arch}-${abi}.node`];
    }
    if (platform === 'win32')
        return [`surrealdb-node.win32-${arch}-msvc.node`];
    if (platform === 'darwin') {
        return [
            'surrealdb-node.darwin-universal.node',
            `surrealdb-node.darwin-${arch}.node`,
        ];
    }
    return [`surrealdb-node.${platform}-${arch}.node`];
}
function isMusl() {
    try {
        return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
    }
    catch {
        const report = process.report?.getReport();
        return !report?.header?.glibcVersionRuntime;
    }
}
