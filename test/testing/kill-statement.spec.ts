import { findKills } from '../../lib/testing/server/kill-statement.js';

const ID = '0190c7a8-0000-7000-8000-000000000000';

describe('findKills', () => {
  it.each([
    [`KILL u"${ID}"`, [{ display: `u'${ID}'`, uuid: ID }]],
    [`kill u'${ID}';`, [{ display: `u'${ID}'`, uuid: ID }]],
    ['  KILL $id ; -- trailing comment', [{ display: '$id', param: 'id' }]],
    [
      'RETURN 1; KILL $a; KILL $b',
      [
        { display: '$a', param: 'a' },
        { display: '$b', param: 'b' },
      ],
    ],
    ['BEGIN; KILL $id; COMMIT', [{ display: '$id', param: 'id' }]],
  ])('finds the target of every KILL statement: %s', (text, expected) => {
    const kills = findKills(text);
    expect(kills).toMatchObject(expected);
    // start/end cover exactly the target, so the server can swap it.
    for (const kill of kills)
      expect(text.slice(kill.start, kill.end)).toMatch(
        kill.param ? `$${kill.param}` : new RegExp(`^u['"]${ID}['"]$`, 'i'),
      );
  });

  it('marks a param that the same query sets with LET before the KILL', () => {
    expect(findKills('LET $x = $y; KILL $x; KILL $y')).toMatchObject([
      { param: 'x', assigned: true },
      { param: 'y', assigned: false },
    ]);
  });

  it.each([
    "RETURN 'KILL $id'",
    'SELECT * FROM t -- KILL $id',
    'SELECT kill FROM t',
    'RETURN { kill: 1 }',
    'SELECT * FROM kill:1',
    'SELECT * FROM `kill`',
    '/* KILL */ RETURN 1',
    'KILL',
  ])('ignores the word elsewhere: %s', (text) => {
    expect(findKills(text)).toEqual([]);
  });
});
