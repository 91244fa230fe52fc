import { RecordId } from 'surrealdb';
import { InvalidQueryError } from '../../lib/core.js';
import {
  compilePath,
  compileTraversalFrom,
  makeHop,
  type Traversal,
} from '../../lib/graph/graph-path.js';
import { Follows, Likes, Person, Post } from './graph.fixtures.js';

/** Numbered parameters, as the query compiler hands them out. */
class Params {
  readonly values: Record<string, unknown> = {};
  readonly bind = (value: unknown): string => {
    const name = `p${Object.keys(this.values).length}`;
    this.values[name] = value;
    return `$${name}`;
  };
}

describe('graph path compiler (text only, no database)', () => {
  it('writes one arrow pair per hop, to the far model of each direction', () => {
    const params = new Params();
    const path = compilePath(
      [
        makeHop(Follows, 'out'),
        makeHop(Follows, 'in'),
        makeHop(Follows, 'both'),
        makeHop(Likes, 'out', { to: Post }),
      ],
      params.bind,
    );
    expect(path).toBe(
      '->follows->person<-follows<-person<->follows<->person->likes->post',
    );
    expect(params.values).toEqual({});
  });

  it('binds every value of edge and node conditions', () => {
    const params = new Params();
    const hop = {
      ...makeHop(Follows, 'out', {
        edgeCondition: (bind) => `since > ${bind(new Date(0))}`,
      }),
      nodeCondition: (bind: (value: unknown) => string) =>
        `name = ${bind("x'; DELETE person; --")}`,
    };
    expect(compilePath([hop], params.bind)).toBe(
      '->(follows WHERE since > $p0)->(person WHERE name = $p1)',
    );
    expect(params.values).toEqual({
      p0: new Date(0),
      p1: "x'; DELETE person; --",
    });
  });

  it('starts from one record directly, from many through a flattened SELECT, and subtracts exclusions', () => {
    const ada = new RecordId('person', 'ada');
    const single: Traversal = {
      start: (bind) => ({ expression: bind(ada), single: true }),
      hops: [makeHop(Follows, 'out'), makeHop(Follows, 'out')],
      excluded: [
        (bind) => ({ expression: bind(ada), single: true }),
        (bind) => ({
          expression: `array::distinct(${bind(ada)}->follows->person)`,
          single: false,
        }),
      ],
    };
    const params = new Params();
    expect(compileTraversalFrom(single, params.bind)).toBe(
      'array::complement(array::distinct($p0->follows->person->follows->person), array::concat([$p1], array::distinct($p2->follows->person)))',
    );
    const many: Traversal = {
      start: () => ({
        expression: '(SELECT VALUE id FROM person WHERE age > 3)',
        single: false,
      }),
      hops: [makeHop(Follows, 'in')],
      excluded: [],
    };
    expect(compileTraversalFrom(many, new Params().bind)).toBe(
      'array::distinct(array::flatten(SELECT VALUE <-follows<-person FROM (SELECT VALUE id FROM person WHERE age > 3)))',
    );
  });

  it('names the relation and what to do when a hop is ambiguous or wrong', () => {
    expect(() => makeHop(Likes, 'out')).toThrow(
      'out(Likes): Likes does not fix the model at that end; name it: out(Likes, { to: Model })',
    );
    expect(() => makeHop(Follows, 'out', { to: Post })).toThrow(
      'out(Follows): Follows leads to Person, not Post',
    );
    expect(() => makeHop(Follows, 'sideways' as never)).toThrow(
      InvalidQueryError,
    );
    expect(() => makeHop(Person, 'out')).toThrow(
      'Person is not a relation model: extend Relation',
    );
  });
});
