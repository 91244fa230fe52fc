import type { Surreal } from 'surrealdb';
import type {
  ClientSource,
  ConnectionStats,
} from './client-source.interface.js';
import type { ResolvedConnectionOptions } from './connection-options.js';
import { connectWithRetry } from './connect-with-retry.js';
import { pingClient } from './ping-client.js';
import { SurrealPoolTimeoutError } from './surreal.errors.js';
import { withTimeout } from './timeout.js';

interface Member {
  client: Surreal;
  /** Calls in flight on this member. */
  inFlight: number;
  /** Held by one caller alone (a transaction). */
  leased: boolean;
  lastUsed: number;
}

interface Waiter {
  exclusive: boolean;
  grant: (member: Member) => void;
  fail: (error: Error) => void;
}

/**
 * Up to `poolSize` SDK clients. A WebSocket multiplexes many requests, so a call goes to the least-busy
 * healthy member that is not leased; a new member is opened only when every member is busy. A lease
 * (transaction) takes a member with nothing in flight for itself. Dead members are replaced, spare ones
 * closed after `poolMaxIdle`.
 */
export class ClientPoolSource implements ClientSource {
  private readonly members: Member[] = [];
  private readonly waiters: Waiter[] = [];
  private opening = 0;
  private created = 0;
  private destroyed = 0;
  private closed = false;
  private idleTimer?: NodeJS.Timeout;
  private liveMember?: Promise<Surreal>;
  private liveReady?: Surreal;
  private readonly pool: NonNullable<ResolvedConnectionOptions['pool']>;

  constructor(private readonly options: ResolvedConnectionOptions) {
    this.pool = options.pool!;
  }

  async open(): Promise<void> {
    // The first member goes through the configured retries; it proves the database is reachable.
    this.members.push(this.adopt(await connectWithRetry(this.options)));
    if (this.pool.maxIdleMs > 0) {
      this.idleTimer = setInterval(
        () => this.closeIdleSpares(),
        Math.min(this.pool.maxIdleMs, 1000),
      );
      this.idleTimer.unref();
    }
  }

  get primary(): Surreal {
    return this.members[0]?.client;
  }

  /**
   * A member of its own for live queries, so their notifications never queue behind other calls. A failed attempt
   * is not kept (the next live query tries again), nor is a member whose client gave up reconnecting.
   */
  liveClient(): Promise<Surreal> {
    if (this.closed) {
      return Promise.reject(new Error('the connection was closed'));
    }
    if (this.liveReady?.status === 'disconnected') {
      this.destroyed++;
      void this.liveReady.close().catch(() => undefined);
      this.liveMember = this.liveReady = undefined;
    }
    const attempt = (this.liveMember ??= connectWithRetry(this.options).then(
      (client) => {
        this.created++;
        this.liveReady = client;
        return client;
      },
      (error: unknown) => {
        if (this.liveMember === attempt) this.liveMember = undefined;
        throw error;
      },
    ));
    return attempt;
  }

  run<T>(fn: (client: Surreal) => Promise<T>): Promise<T> {
    return this.use(false, fn);
  }

  lease<T>(fn: (client: Surreal) => Promise<T>): Promise<T> {
    return this.use(true, fn);
  }

  isConnected(): boolean {
    return this.members.some((member) => member.client.isConnected);
  }

  stats(): ConnectionStats {
    const busy = this.members.filter(
      (member) => member.leased || member.inFlight > 0,
    ).length;
    return {
      size: this.members.length,
      busy,
      idle: this.members.length - busy,
      waiting: this.waiters.length,
      created: this.created,
      destroyed: this.destroyed,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.idleTimer);
    const error = new Error('the connection was closed');
    this.waiters.splice(0).forEach((waiter) => waiter.fail(error));
    const members = this.members.splice(0);
    const live = this.liveMember;
    this.liveMember = this.liveReady = undefined;
    await Promise.all([
      ...members.map((member) => this.destroy(member)),
      live?.then((client) => client.close()).catch(() => undefined),
    ]);
  }

  private async use<T>(
    exclusive: boolean,
    fn: (client: Surreal) => Promise<T>,
  ): Promise<T> {
    const member =
      this.claimAtOnce(exclusive) ?? (await this.acquire(exclusive));
    try {
      return await fn(member.client);
    } finally {
      this.release(member);
      this.dispatch();
    }
  }

  /**
   * The usual case without a wait: a member that can take the call as it is (the pool would not grow for it, and it
   * needs no validation ping). Claiming it here spares every call the awaits of {@link acquire}.
   */
  private claimAtOnce(exclusive: boolean): Member | undefined {
    this.removeDead();
    const member = this.pick(exclusive);
    if (!member || (member.inFlight > 0 && this.canGrow())) return undefined;
    if (this.pool.validation && member.inFlight === 0) return undefined;
    return this.claim(member, exclusive);
  }

  /** A claimed member: counted busy (and leased, when exclusive) from the moment it is chosen. */
  private async acquire(exclusive: boolean): Promise<Member> {
    this.removeDead();
    let member = this.pick(exclusive);
    if ((!member || member.inFlight > 0) && this.canGrow()) {
      const fresh = await this.grow();
      member = fresh && !fresh.leased ? fresh : this.pick(exclusive);
    }
    const claimed = member
      ? this.claim(member, exclusive)
      : await this.wait(exclusive);
    return this.validate(claimed, exclusive);
  }

  private claim(member: Member, exclusive: boolean): Member {
    member.inFlight++;
    if (exclusive) member.leased = true;
    return member;
  }

  private release(member: Member): void {
    member.inFlight--;
    member.leased = false;
    member.lastUsed = performance.now();
  }

  /** The least-busy usable member; connected members first, as a reconnecting one queues its calls. */
  private pick(exclusive: boolean): Member | undefined {
    let best: Member | undefined;
    for (const member of this.members) {
      if (member.leased || (exclusive && member.inFlight > 0)) continue;
      if (
        !best ||
        (member.client.isConnected && !best.client.isConnected) ||
        (member.client.isConnected === best.client.isConnected &&
          member.inFlight < best.inFlight)
      ) {
        best = member;
      }
    }
    return best;
  }

  private canGrow(): boolean {
    return !this.closed && this.members.length + this.opening < this.pool.size;
  }

  private async grow(): Promise<Member | undefined> {
    this.opening++;
    try {
      const member = this.adopt(
        await connectWithRetry(this.options, { retryLimit: 0 }),
      );
      if (this.closed) {
        await this.destroy(member);
        return undefined;
      }
      this.members.push(member);
      return member;
    } catch {
      // The database is unreachable right now: existing members (reconnecting) or the queue will serve.
      return undefined;
    } finally {
      this.opening--;
    }
  }

  private wait(exclusive: boolean): Promise<Member> {
    if (this.closed)
      return Promise.reject(new Error('the connection was closed'));
    const { name } = this.options;
    return new Promise<Member>((resolve, reject) => {
      const waiter: Waiter = { exclusive, grant: resolve, fail: reject };
      this.waiters.push(waiter);
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index === -1) return;
        this.waiters.splice(index, 1);
        reject(
          new SurrealPoolTimeoutError(
            `connection "${name}": no pool member became free within ${this.pool.acquireTimeoutMs / 1000}s (poolSize ${this.pool.size}, ${this.stats().busy} busy, ${this.waiters.length + 1} waiting); raise "poolSize" or "poolAcquireTimeout", or shorten transactions`,
            name,
            this.pool.acquireTimeoutMs,
          ),
        );
      }, this.pool.acquireTimeoutMs);
      waiter.grant = (member) => {
        clearTimeout(timer);
        resolve(member);
      };
      waiter.fail = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    });
  }

  /** Hands freed members to waiters, in arrival order. */
  private dispatch(): void {
    for (let i = 0; i < this.waiters.length;) {
      const waiter = this.waiters[i];
      const member = this.pick(waiter.exclusive);
      if (!member) {
        i++;
        continue;
      }
      this.waiters.splice(i, 1);
      waiter.grant(this.claim(member, waiter.exclusive));
    }
  }

  /** With `poolValidation`, a member about to start work from idle answers a ping first, or is replaced. */
  private async validate(member: Member, exclusive: boolean): Promise<Member> {
    if (!this.pool.validation || member.inFlight > 1) return member;
    try {
      await withTimeout(
        pingClient(member.client),
        Math.min(this.options.timeoutMs, 5000),
        () => new Error('validation ping timed out'),
      );
      return member;
    } catch {
      this.release(member);
      this.evict(member);
      return this.acquire(exclusive);
    }
  }

  /** A member whose SDK client gave up reconnecting (or was closed) is replaced on the next call. */
  private removeDead(): void {
    // Backwards, as evicting removes from the list; no array is made per call.
    for (let index = this.members.length - 1; index >= 0; index--) {
      const member = this.members[index];
      if (member.client.status === 'disconnected' && member.inFlight === 0)
        this.evict(member);
    }
  }

  private evict(member: Member): void {
    const index = this.members.indexOf(member);
    if (index === -1) return;
    this.members.splice(index, 1);
    void this.destroy(member);
  }

  private closeIdleSpares(): void {
    const now = performance.now();
    for (const member of this.members.slice(1)) {
      if (
        member.inFlight === 0 &&
        !member.leased &&
        now - member.lastUsed >= this.pool.maxIdleMs
      ) {
        this.evict(member);
      }
    }
  }

  private adopt(client: Surreal): Member {
    this.created++;
    return { client, inFlight: 0, leased: false, lastUsed: performance.now() };
  }

  private async destroy(member: Member): Promise<void> {
    this.destroyed++;
    await member.client.close().catch(() => undefined);
  }
}
