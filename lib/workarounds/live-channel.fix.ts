import { ChannelIterator } from 'surrealdb';
import { workaroundApplies } from './upstream-version.js';

/** The SDK release the bug was seen on; test/workarounds/upstream-bugs.spec.ts says when it is fixed. */
export const LIVE_CHANNEL_SEEN_ON = { package: 'surrealdb', version: '2.0.8' };

/**
 * surrealdb 2.0.8 drops live notifications: `ChannelIterator.submit()` hands a message to the waiting reader but
 * never forgets that reader, so a second message in the same tick resolves the spent promise and is lost (about one
 * round in twenty of five quick creates, measured against the loopback server). Both the engine's stream and the
 * subscription's stream use this class. The fields are private, so this wraps the public methods: once a reader has
 * waited, messages that arrive while no reader waits are buffered here, and `next()` serves them first.
 * Applied only to the SDK releases it was seen on (see {@link workaroundApplies}).
 */
type Channel = {
  next(): Promise<IteratorResult<unknown>>;
  submit(value: unknown): void;
};

interface ChannelState {
  /** A `next()` is outstanding on the original channel. */
  waiting: boolean;
  /** A reader has waited at least once, so the original's stale waiter would swallow a message. */
  hasWaited: boolean;
  /** Counts `next()` calls, so a late settlement of an older call cannot clear `waiting` for a newer one. */
  calls: number;
  buffer: unknown[];
}

const PATCHED = Symbol.for('nestjs-surrealengine.live-channel-fix');
const prototype = ChannelIterator.prototype as unknown as Channel & {
  [PATCHED]?: true;
};

if (
  !prototype[PATCHED] &&
  workaroundApplies(LIVE_CHANNEL_SEEN_ON.package, LIVE_CHANNEL_SEEN_ON.version)
) {
  const states = new WeakMap<object, ChannelState>();
  const stateOf = (channel: object): ChannelState => {
    let state = states.get(channel);
    if (!state) {
      state = { waiting: false, hasWaited: false, calls: 0, buffer: [] };
      states.set(channel, state);
    }
    return state;
  };
  // The originals are called with `.call(this)` below, so taking them off the prototype is safe.
  // oxlint-disable-next-line typescript/unbound-method
  const { next, submit } = prototype;
  prototype.next = function (this: Channel) {
    const state = stateOf(this);
    if (state.buffer.length > 0) {
      return Promise.resolve({ value: state.buffer.shift(), done: false });
    }
    const result = next.call(this);
    const call = ++state.calls;
    state.waiting = true;
    state.hasWaited = true;
    void result.then(() => {
      if (state.calls === call) state.waiting = false;
    });
    return result;
  };
  prototype.submit = function (this: Channel, value: unknown) {
    const state = stateOf(this);
    if (state.hasWaited && !state.waiting) {
      state.buffer.push(value);
      return;
    }
    state.waiting = false;
    submit.call(this, value);
  };
  prototype[PATCHED] = true;
}
