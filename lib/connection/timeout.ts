interface Deadline {
  at: number;
  settled: boolean;
  expire: () => void;
}

/**
 * Deadlines of one length share one timer: they are added in deadline order, so a FIFO queue holds them sorted and
 * a call costs no timer of its own (a `setTimeout` per call was most of the dispatch cost under many concurrent calls).
 */
class DeadlineQueue {
  private readonly deadlines: Deadline[] = [];
  private head = 0;
  private pending = 0;
  private timer?: NodeJS.Timeout;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly ms: number) {}

  race<T>(
    promise: Promise<T>,
    onTimeout: () => Error,
    onStart?: (expireNow: () => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const deadline: Deadline = {
        at: performance.now() + this.ms,
        settled: false,
        expire: () => reject(onTimeout()),
      };
      this.deadlines.push(deadline);
      if (++this.pending === 1) this.timer?.ref();
      this.arm(0);
      onStart?.(() => {
        if (this.settle(deadline)) deadline.expire();
      });
      promise.then(
        (value) => {
          if (this.settle(deadline)) resolve(value);
        },
        (error: unknown) => {
          if (this.settle(deadline)) reject(error);
        },
      );
    });
  }

  /** Marks a deadline met; false when it had already expired. */
  private settle(deadline: Deadline): boolean {
    if (deadline.settled) return false;
    deadline.settled = true;
    this.pending--;
    this.dropSettled();
    return true;
  }

  private dropSettled(): void {
    if (this.pending === 0) {
      // Nothing left to time. The timer stays for the next call (one after another, calls would otherwise each set
      // and clear one), but may not keep the process alive; when it fires there is nothing to expire.
      this.timer?.unref();
      this.deadlines.length = 0;
      this.head = 0;
      return;
    }
    while (this.deadlines[this.head]?.settled) this.head++;
    if (this.head > 1024 && this.head * 2 > this.deadlines.length) {
      this.deadlines.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * One timer, due at the earliest open deadline; a later head only re-arms it when it fires. `margin` (ms) is added
   * to the wait: 0 for a deadline made just now, as a plain `setTimeout` made now would wait; a re-armed deadline was
   * made earlier, and Node's timers count from the event loop's cached, whole-millisecond clock, not from
   * `performance.now()`, so without a margin it could fire just before a plain timer of the same length made before
   * it (callers race their own timers against this one). A deadline may fire up to `margin` late, never early.
   */
  private arm(margin: number): void {
    const next = this.deadlines[this.head];
    if (!next || this.timerAt <= next.at) return;
    clearTimeout(this.timer);
    this.timerAt = next.at;
    this.timer = setTimeout(
      () => this.expireDue(),
      Math.max(0, Math.ceil(next.at - performance.now())) + margin,
    );
  }

  private expireDue(): void {
    // Only the deadlines the timer was set for: a later one, even if past by now, gets a timer of its own, so it
    // never fires before another timer of the same length that was made before it (as a timer per call would not).
    const due = this.timerAt;
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    for (;;) {
      const deadline = this.deadlines[this.head];
      if (!deadline || (!deadline.settled && deadline.at > due)) break;
      this.head++;
      if (deadline.settled) continue;
      deadline.settled = true;
      this.pending--;
      deadline.expire();
    }
    this.dropSettled();
    this.arm(REARM_MARGIN_MS);
  }
}

/** See `arm()`: one millisecond for the cached clock's rounding, one for a tie between timers due in the same ms. */
const REARM_MARGIN_MS = 2;

const queues = new Map<number, DeadlineQueue>();

/**
 * Resolves or rejects like `promise`, or rejects with `onTimeout()` after `ms`, or earlier once the `expireNow` handed
 * to `onStart` is called; no timer keeps the process alive once no call is pending.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  onStart?: (expireNow: () => void) => void,
): Promise<T> {
  let queue = queues.get(ms);
  if (!queue) {
    queue = new DeadlineQueue(ms);
    queues.set(ms, queue);
  }
  return queue.race(promise, onTimeout, onStart);
}

/** The longest wait Node's timers can hold (about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));
