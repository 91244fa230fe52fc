import { GeometryLine, GeometryPoint } from 'surrealdb';
import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  DecimalField,
  DictField,
  Document,
  GeometryField,
  ListField,
  ValidationError,
} from '../../lib/model/index.js';
import { InvalidQueryError, type QuerySet } from '../../lib/query/index.js';
import { Repository } from '../../lib/repository/index.js';
import { Everything, memoryConnection } from './fixtures.js';

class Odd extends Document {
  static meta = { collection: 'odd' };
  @DictField() data?: Record<string, unknown>;
  @ListField({ of: { type: 'dict' } }) items?: Record<string, unknown>[];
  @ListField({ of: { type: 'int' } }) numbers?: number[];
  @DecimalField() money?: unknown;
  @GeometryField({ type: 'point' }) where?: unknown;
  @GeometryField() shape?: unknown;
}

function errorOf(data: Record<string, unknown>): ValidationError {
  try {
    new Odd(data).validate();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected a ValidationError for ${Object.keys(data)[0]}`);
}

function deeplyNested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 0; level < levels; level++) value = { next: value };
  return value;
}

describe('bad field input: a clear ValidationError naming the field, nothing written', () => {
  let connection: SurrealConnection;
  let odd: Repository<Odd>;
  beforeAll(async () => {
    connection = await memoryConnection();
    odd = new Repository(Odd, connection);
  });
  afterAll(() => connection.close());

  const sparse: number[] = [];
  sparse[0] = 1;
  sparse[2] = 3;
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = { back: circular };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a circular dict', { data: circular }, /Odd\.data .*is circular/],
    [
      'a dict nested 100,000 levels deep',
      { data: deeplyNested(100_000) },
      /Odd\.data .*nested deeper than 64 levels/,
    ],
    [
      'a dict inside a list, circular',
      { items: [{ ok: 1 }, circular] },
      /Odd\.items\[1\] .*is circular/,
    ],
    ['a function in a dict', { data: { f: () => 1 } }, /holds a function/],
    ['a Symbol in a dict', { data: { s: Symbol('x') } }, /holds a Symbol/],
    ['a BigInt in a dict', { data: { n: { deep: 1n } } }, /holds a BigInt/],
    [
      'decimal 1e99999',
      { money: '1e99999' },
      /Odd\.money \(string\) must be a Decimal/,
    ],
    ['decimal -1e29', { money: '-1e29' }, /Odd\.money/],
    [
      'GeoJSON with string coordinates',
      { shape: { type: 'Point', coordinates: ['1', '2'] } },
      /Odd\.shape \(object\) must be a Geometry or a GeoJSON object/,
    ],
    [
      'GeoJSON with empty coordinates',
      { shape: { type: 'Polygon', coordinates: [] } },
      /Odd\.shape/,
    ],
    [
      'a NaN coordinate',
      { where: { type: 'Point', coordinates: [Number.NaN, 1] } },
      /Odd\.where/,
    ],
    [
      'a NaN coordinate in an SDK geometry',
      { shape: new GeometryPoint([Number.NaN, 1]) },
      /Odd\.shape/,
    ],
    [
      'a LineString in a point field',
      {
        where: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      },
      /Odd\.where \(object\) must be a Point geometry, not LineString/,
    ],
    [
      'an SDK line in a point field',
      {
        where: new GeometryLine([
          new GeometryPoint([0, 0]),
          new GeometryPoint([1, 1]),
        ]),
      },
      /must be a Point geometry, not LineString/,
    ],
    [
      '[null] in an int list',
      { numbers: [null] },
      /Odd\.numbers\[0\] \(null\) is required/,
    ],
    [
      'a sparse int list',
      { numbers: sparse },
      /Odd\.numbers\[1\] is a hole in a sparse array/,
    ],
  ];

  it.each(cases)('%s', async (_label, data, message) => {
    const error = errorOf(data);
    expect(error.message).toMatch(message);
    await expect(odd.save(data)).rejects.toThrow(ValidationError);
    expect(await odd.count()).toBe(0);
  });

  it('valid geometry, decimal and dict values still pass', () => {
    expect(
      new Odd({
        data: { list: [1, { a: null }], when: new Date(0) },
        money: '12.50',
        where: { type: 'Point', coordinates: [1, 2] },
        shape: new GeometryLine([
          new GeometryPoint([0, 0]),
          new GeometryPoint([1, 1]),
        ]),
        numbers: [1, 2],
      }).validationErrors(),
    ).toEqual([]);
  });

  it('update() with an invalid datetime is a ValidationError, from a repository or a query set', async () => {
    const saved = await new Everything({ text: 'x' }).save({ connection });
    const repository = new Repository(Everything, connection);
    const everything: QuerySet<Everything> = Everything.query(connection);
    for (const when of ['not a date', new Date(Number.NaN), '2024-13-45']) {
      await expect(repository.update(saved, { when })).rejects.toThrow(
        /Everything\.when \(\w+\) must be a Date, a DateTime or an ISO 8601 string/,
      );
      await expect(everything.update({ when })).rejects.toThrow(
        ValidationError,
      );
    }
    expect((await repository.findById(saved.id!))!.when).toBeUndefined();
    await saved.delete();
  });

  it('orderBy() with a non-string is a clear InvalidQueryError', () => {
    const untyped: QuerySet<any> = Everything.query(connection);
    expect(() => untyped.orderBy(5 as never)).toThrow(InvalidQueryError);
    expect(() => untyped.orderBy(5 as never)).toThrow(
      /Everything: orderBy\(\) takes field names such as 'name' or '-age', got number/,
    );
  });
});
