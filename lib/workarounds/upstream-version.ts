import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const versions = new Map<string, string | undefined>();

/**
 * The installed version of a package, read from its package.json in the node_modules folders Node would search
 * (neither `surrealdb` nor `@surrealdb/node` exports its package.json). Undefined when it cannot be found.
 */
export function installedVersion(name: string): string | undefined {
  if (versions.has(name)) return versions.get(name);
  let version: string | undefined;
  const require = createRequire(import.meta.url);
  for (const folder of require.resolve.paths(name) ?? []) {
    try {
      const manifest = JSON.parse(
        readFileSync(join(folder, name, 'package.json'), 'utf8'),
      ) as { name?: string; version?: string };
      if (manifest.name === name) {
        version = manifest.version;
        break;
      }
    } catch {
      // Not in this folder.
    }
  }
  versions.set(name, version);
  return version;
}

function parts(version: string): number[] {
  return version
    .split('-')[0]
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/**
 * True when a workaround for a bug seen on `name@seenOn` still applies to the installed version: the same major
 * version, not newer than the one the bug was seen on. A newer release gets no workaround: if the bug is still
 * there, the tests of the affected feature fail and say so (then raise `seenOn`); if it is gone, the upstream
 * check in test/workarounds fails and says the workaround can be removed.
 */
export function workaroundApplies(name: string, seenOn: string): boolean {
  const installed = installedVersion(name);
  // Unknown version: keep the workaround, it is harmless on a fixed release.
  if (installed === undefined) return true;
  const [major, minor, patch] = parts(installed);
  const [seenMajor, seenMinor, seenPatch] = parts(seenOn);
  if (major !== seenMajor) return false;
  if (minor !== seenMinor) return minor < seenMinor;
  return patch <= seenPatch;
}
