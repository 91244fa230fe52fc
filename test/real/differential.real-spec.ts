import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { conversations, type Outcomes, type Target } from './conversations.js';

/**
 * Differences between the real server and the loopback test server that are known and accepted, by
 * "conversation / step". Each is listed in the README's testing section. The check fails when one of these no longer
 * differs (remove it here and in the README) and when any other step differs.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

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

describe('differential check: the same conversations with the real server and the test server', () => {
  const real = realTarget();
  let loopback: TestServer;
  let test: Target;
  beforeAll(async () => {
    loopback = await startTestServer({
      username: real.user,
      password: real.pass,
    });
    test = {
      url: loopback.url,
      httpBase: loopback.httpUrl.replace(/\/rpc$/, ''),
      user: real.user,
      pass: real.pass,
    };
  });
  afterAll(() => loopback.stop());

  it.each(
    conversations.map((conversation) => [conversation.name, conversation]),
  )('%s', async (name, conversation) => {
    const [fromReal, fromTest]: Outcomes[] = [
      await conversation.run(real),
      await conversation.run(test),
    ];
    const steps = [
      ...new Set([...Object.keys(fromReal), ...Object.keys(fromTest)]),
    ];
    const unexpected: Record<string, unknown> = {};
    const gone: string[] = [];
    for (const step of steps) {
      const key = `${name} / ${step}`;
      const same =
        JSON.stringify(fromReal[step]) === JSON.stringify(fromTest[step]);
      if (!same && !(key in KNOWN_DIFFERENCES))
        unexpected[key] = { real: fromReal[step], test: fromTest[step] };
      if (same && key in KNOWN_DIFFERENCES) gone.push(key);
    }
    expect(unexpected).toEqual({});
    expect(gone).toEqual([]);
  });
});
