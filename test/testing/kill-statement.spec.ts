import { scanKill } from '../../lib/testing/server/kill-statement.js';

describe('scanKill', () => {
  it.each([
    [
      'KILL u"0190c7a8-0000-7000-8000-000000000000"',
      'u"0190c7a8-0000-7000-8000-000000000000"',
    ],
    ['kill $id;', '$id'],
    ['  KILL $id ; -- trailing comment', '$id'],
  ])('reads a single statement: %s', (text, expression) => {
    expect(scanKill(text)).toEqual({ kind: 'single', expression });
  });

  it.each([
    'RETURN 1; KILL $id',
    'IF true { KILL $id }',
    'BEGIN; KILL $id; COMMIT',
    'KILL $a; KILL $b',
    'KILL',
  ])('refuses to guess about: %s', (text) => {
    expect(scanKill(text)).toEqual({ kind: 'complex' });
  });

  it.each([
    "RETURN 'KILL $id'",
    'SELECT * FROM t -- KILL $id',
    'SELECT kill FROM t',
    'RETURN { kill: 1 }',
    'SELECT * FROM kill:1',
    'SELECT * FROM `kill`',
    '/* KILL */ RETURN 1',
  ])('ignores the word elsewhere: %s', (text) => {
    expect(scanKill(text)).toEqual({ kind: 'none' });
  });
});
