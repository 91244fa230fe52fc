import type { ResolvedConnectionOptions } from './connection-options.js';
import { describeCause } from './surreal.errors.js';

/** Longest wait between two background rounds of `lazyConnect`. */
export const LAZY_CONNECT_MAX_DELAY_MS = 30_000;

/**
 * @internal `lazyConnect`: keeps calling `connectOnce` (one round of `1 + retryLimit` attempts) in the
 * background until it succeeds or `stop()` is called, waiting `initialDelay * backoff^n` (at most 30 s) between
 * rounds. The last failure is kept for the "not connected yet" error callers get meanwhile.
 */
export class BackgroundConnector {
  /** Why the last round failed, if one did. */
  lastError?: unknown;
  private stopped = false;
  private wake?: () => void;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: ResolvedConnectionOptions,
    private readonly connectOnce: () => Promise<unknown>,
  ) {}

  /** Starts the rounds; resolves once connected or stopped (never rejects). */
  async run(): Promise<void> {
    const { name, url, logger, initialDelayMs, backoff } = this.options;
    for (let round = 0; !this.stopped; round++) {
      try {
        await this.connectOnce();
        this.lastError = undefined;
        logger.log(
          `connection "${name}" (${url.safeUrl}) open (lazyConnect, after ${round + 1} round${round ? 's' : ''})`,
        );
        return;
      } catch (error) {
        if (this.stopped) return;
        this.lastError = error;
        const delayMs = Math.min(
          Math.max(initialDelayMs, 100) * backoff ** round,
          LAZY_CONNECT_MAX_DELAY_MS,
        );
        logger.warn(
          `connection "${name}" (${url.safeUrl}): not connected yet (lazyConnect): ${describeCause(error)}; trying again in ${delayMs / 1000}s`,
        );
        await this.pause(delayMs);
      }
    }
  }

  /** Ends the rounds (the connection was closed). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
