import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import {
  CAPABILITIES,
  CAPABILITY_FLAGS,
  capabilityConversation,
  conversations,
  type Conversation,
  type Target,
} from './conversations.js';
import { startRealServer } from '../helpers/controlled-server.js';

/**
 * Differences between the real server and the loopback test server that are known and accepted, by
 * "conversation / step". Each is listed in the README's testing section. The check fails when one of these no longer
 * differs (remove it here and in the README) and when any other step differs.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'HTTP with headers / rpc with a bad Bearer':
    '401 either way, but the body is the real server\'s JWT decoder\'s own text (e.g. "Base64 error: ..."); the test server says "There was a problem with authentication"',
};

/** Runs one conversation with both servers and expects the same outcomes, but for the known differences. */
async function compare(
  conversation: Conversation,
  real: Target,
  test: Target,
): Promise<void> {
  const fromReal = await conversation.run(real);
  const fromTest = await conversation.run(test);
  const steps = [
    ...new Set([...Object.keys(fromReal), ...Object.keys(fromTest)]),
  ];
  const unexpected: Record<string, unknown> = {};
  const gone: string[] = [];
  for (const step of steps) {
    const key = `${conversation.name} / ${step}`;
    const same =
      JSON.stringify(fromReal[step]) === JSON.stringify(fromTest[step]);
    if (!same && !(key in KNOWN_DIFFERENCES))
      unexpected[key] = { real: fromReal[step], test: fromTest[step] };
    if (same && key in KNOWN_DIFFERENCES) gone.push(key);
  }
  expect(unexpected).toEqual({});
  expect(gone).toEqual([]);
}

/** The real server `npm run test:real` started (`SURREAL_URL`, `SURREAL_USER`, `SURREAL_PASS`). */
function realTarget(): Target {
  const url = process.env.SURREAL_URL;
  if (!url)
    throw new Error(
      'The differential check needs a real server: run it with `npm run test:real`',
    );
  return {
    url,
    httpBase: url.replace(/^ws/, 'http').replace(/\/rpc$/, ''),
    user: process.env.SURREAL_USER ?? 'root',
    pass: process.env.SURREAL_PASS ?? 'root',
  };
}

/** Starts the real server binary (`SURREAL_BINARY`, set by `npm run test:real`) with extra flags, on loopback. */
async function startRealTarget(
  flags: string[],
  credentials: { user: string; pass: string },
): Promise<{ target: Target; stop(): Promise<void> }> {
  const binary = process.env.SURREAL_BINARY;
  if (!binary)
    throw new Error(
      'SURREAL_BINARY is not set: run this with `npm run test:real`',
    );
  const server = await startRealServer(binary, {
    username: credentials.user,
    password: credentials.pass,
    flags,
  });
  return {
    target: {
      url: server.url,
      httpBase: server.httpUrl.replace(/\/rpc$/, ''),
      ...credentials,
    },
    stop: () => server.stop(),
  };
}

function loopbackTarget(
  server: TestServer,
  credentials: { user: string; pass: string },
): Target {
  return {
    url: server.url,
    httpBase: server.httpUrl.replace(/\/rpc$/, ''),
    user: credentials.user,
    pass: credentials.pass,
  };
}

describe('differential check: the same conversations with the real server and the test server', () => {
  const real = realTarget();
  let loopback: TestServer;
  beforeAll(async () => {
    loopback = await startTestServer({
      username: real.user,
      password: real.pass,
    });
  });
  afterAll(() => loopback.stop());

  it.each(
    conversations.map((conversation) => [conversation.name, conversation]),
  )('%s', (_name, conversation) =>
    compare(conversation, real, loopbackTarget(loopback, real)),
  );
});

describe("differential check with capabilities: `surreal start --deny-* --allow-*` and the test server's `capabilities`", () => {
  const credentials = { user: 'root', pass: 'root' };
  let real: { target: Target; stop(): Promise<void> };
  let loopback: TestServer;
  beforeAll(async () => {
    real = await startRealTarget(CAPABILITY_FLAGS, credentials);
    loopback = await startTestServer({
      username: credentials.user,
      password: credentials.pass,
      capabilities: CAPABILITIES,
    });
  });
  afterAll(async () => {
    await loopback.stop();
    await real.stop();
  });

  it('denies and allows the same functions, network targets, RPC methods and HTTP routes', () =>
    compare(
      capabilityConversation,
      real.target,
      loopbackTarget(loopback, credentials),
    ));
});
