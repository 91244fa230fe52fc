import type {
  CapabilityTargets,
  TestServerCapabilities,
} from '../test-server.interfaces.js';

/** A resolved allow or deny list: everything, nothing, or these names. */
type Targets = boolean | readonly string[];

/** The capabilities `@surrealdb/node`'s engine takes (`SurrealNodeEngine.connect(url, { capabilities })`). */
export interface EngineCapabilities {
  scripting: boolean;
  guest_access: boolean;
  functions: { allow: Targets; deny: Targets };
  network_targets: { allow: Targets; deny: Targets };
  experimental: { allow: Targets; deny: Targets };
}

function targets(value: CapabilityTargets | undefined): Targets | undefined {
  if (value === undefined) return undefined;
  return value === true ? true : [...value];
}

function methodTargets(list: Targets): Targets {
  return typeof list === 'boolean' ? list : list.map(canonicalMethod);
}

/** `surreal start`'s rule: an explicit flag, else `--allow-all` / `--deny-all`, else the server's default. */
function allowed(
  flag: CapabilityTargets | undefined,
  options: TestServerCapabilities,
  byDefault: boolean,
): Targets {
  return (
    targets(flag) ??
    (options.allowAll ? true : options.denyAll ? false : byDefault)
  );
}

/** `let` is another name of the `set` method: a real server checks and reports it as `set`. */
export function canonicalMethod(method: string): string {
  return method === 'let' ? 'set' : method;
}

function matches(list: Targets, name: string): boolean {
  if (typeof list === 'boolean') return list;
  return list.some(
    (entry) =>
      entry === name ||
      entry === '*' ||
      (entry.endsWith('::*') && name.startsWith(entry.slice(0, -1))),
  );
}

/**
 * What clients may do on the test server. The engine enforces functions, network targets, scripting and
 * experimental features itself; RPC methods and HTTP routes are the server's to check, as a real server does.
 */
export class ServerCapabilities {
  private readonly rpc: { allow: Targets; deny: Targets };
  private readonly http: { allow: Targets; deny: Targets };

  constructor(private readonly options: TestServerCapabilities = {}) {
    this.rpc = {
      allow: methodTargets(allowed(options.allowRpc, options, true)),
      deny: methodTargets(targets(options.denyRpc) ?? false),
    };
    this.http = {
      allow: allowed(options.allowHttp, options, true),
      deny: targets(options.denyHttp) ?? false,
    };
  }

  /** May clients call RPC method `method`? */
  allowsRpc(method: string): boolean {
    const name = canonicalMethod(method);
    return matches(this.rpc.allow, name) && !matches(this.rpc.deny, name);
  }

  /** May clients use HTTP route `route` (`sql`, `key`, `rpc`...)? */
  allowsHttp(route: string): boolean {
    return matches(this.http.allow, route) && !matches(this.http.deny, route);
  }

  /** The engine's share of the capabilities. */
  forEngine(): EngineCapabilities {
    const { options } = this;
    return {
      scripting: options.allowScripting ?? options.allowAll ?? false,
      // The engine runs without auth, so a guest would have owner rights here: the server's gate keeps guests out.
      guest_access: false,
      functions: {
        allow: allowed(options.allowFuncs, options, true),
        deny: targets(options.denyFuncs) ?? false,
      },
      network_targets: {
        allow: allowed(options.allowNet, options, false),
        deny: targets(options.denyNet) ?? false,
      },
      experimental: {
        allow: allowed(options.allowExperimental, options, false),
        deny: targets(options.denyExperimental) ?? false,
      },
    };
  }
}
