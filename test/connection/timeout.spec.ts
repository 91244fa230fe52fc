import { withTimeout } from '../../lib/connection/timeout.js';

const never = () => new Promise<never>(() => undefined);
const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('withTimeout (one shared timer per timeout length)', () => {
  it('passes values and errors through', async () => {
    await expect(
      withTimeout(Promise.resolve(1), 1000, () => new Error('late')),
    ).resolves.toBe(1);
    await expect(
      withTimeout(
        Promise.reject(new Error('boom')),
        1000,
        () => new Error('late'),
      ),
    ).rejects.toThrow('boom');
  });

  it('expires each pending call at its own deadline, in order, while others settle', async () => {
    const expired: number[] = [];
    const calls = [0, 1, 2, 3].map((n) =>
      withTimeout(n % 2 ? after(5, n) : never(), 40, () => {
        expired.push(n);
        return new Error(`call ${n} timed out`);
      }),
    );
    const results = await Promise.allSettled(calls);
    expect(results.map((result) => result.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(expired).toEqual([0, 2]);
  });

  it('expires a call early on request, once, leaving the others to their deadlines', async () => {
    const ends: (() => void)[] = [];
    const timedOut: string[] = [];
    const call = (name: string, promise: Promise<string>) =>
      withTimeout(
        promise,
        60,
        () => {
          timedOut.push(name);
          return new Error(`${name} ended`);
        },
        (expireNow) => ends.push(expireNow),
      );
    const started = performance.now();
    const early = call('early', never());
    const answered = call('answered', after(5, 'ok'));
    const late = call('late', never());
    ends[0]();
    ends[0]();
    await expect(early).rejects.toThrow('early ended');
    expect(performance.now() - started).toBeLessThan(30);
    await expect(answered).resolves.toBe('ok');
    ends[1]();
    await expect(late).rejects.toThrow('late ended');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(timedOut).toEqual(['early', 'late']);
  });

  it('times a call added after earlier ones expired or settled', async () => {
    await expect(
      withTimeout(never(), 20, () => new Error('first')),
    ).rejects.toThrow('first');
    const started = performance.now();
    await expect(
      withTimeout(never(), 30, () => new Error('second')),
    ).rejects.toThrow('second');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    await expect(
      withTimeout(after(5, 'ok'), 20, () => new Error('third')),
    ).resolves.toBe('ok');
  });

  it('never expires before a plain timer of the same length made before it, even when sharing a timer', async () => {
    const order: string[] = [];
    // The first call arms the shared timer; the second is made after a plain timer of the same length.
    const first = withTimeout(after(1, 'done'), 40, () => new Error('first'));
    await new Promise((resolve) => setImmediate(resolve));
    const plain = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('plain');
        resolve();
      }, 40),
    );
    const raced = withTimeout(never(), 40, () => {
      order.push('deadline');
      return new Error('late');
    }).catch(() => undefined);
    await Promise.all([first, plain, raced]);
    expect(order).toEqual(['plain', 'deadline']);
  });

  it('keeps calls of different lengths apart', async () => {
    const short = withTimeout(never(), 10, () => new Error('short'));
    const long = withTimeout(after(40, 'long'), 200, () => new Error('x'));
    await expect(short).rejects.toThrow('short');
    await expect(long).resolves.toBe('long');
  });

  it('settles thousands of concurrent calls, none expiring early', async () => {
    const calls = Array.from({ length: 5000 }, (_, i) =>
      withTimeout(after(i % 10, i), 5000, () => new Error('early')),
    );
    const values = await Promise.all(calls);
    expect(values[4999]).toBe(4999);
  });
});
