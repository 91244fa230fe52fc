import type { SurrealConnection } from '../../lib/connection/index.js';
import {
  Document,
  EmbeddedDocument,
  EmbeddedField,
  IntField,
  ListField,
  ModelDefinitionError,
  StringField,
  ValidationError,
  buildSchema,
  syncSchema,
} from '../../lib/model/index.js';
import { memoryConnection } from './fixtures.js';

class Address extends EmbeddedDocument {
  @StringField({ required: true }) city: string;
  @StringField() street?: string;
  @IntField({ min: 0 }) zip?: number;
}

class Customer extends Document {
  static meta = { collection: 'customers' };
  @StringField({ required: true }) name: string;
  @EmbeddedField(Address) address?: Address;
  @ListField({ of: { type: 'embedded', model: () => Address } })
  previous?: Address[];
}

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('EmbeddedField', () => {
  let connection: SurrealConnection;

  beforeAll(async () => {
    connection = await memoryConnection();
    await syncSchema(connection, [Customer]);
  });
  afterAll(() => connection.close());

  const customers = () => Customer.query(connection);

  it('schema-syncs as object with a DEFINE FIELD per nested field, list items too', () => {
    expect(buildSchema([Customer])).toEqual([
      'DEFINE TABLE IF NOT EXISTS customers SCHEMAFULL',
      'DEFINE FIELD OVERWRITE name ON TABLE customers TYPE string',
      'DEFINE FIELD OVERWRITE address ON TABLE customers TYPE option<object>',
      'DEFINE FIELD OVERWRITE address.city ON TABLE customers TYPE string',
      'DEFINE FIELD OVERWRITE address.street ON TABLE customers TYPE option<string>',
      'DEFINE FIELD OVERWRITE address.zip ON TABLE customers TYPE option<int> ASSERT $value = NONE OR ($value >= 0)',
      'DEFINE FIELD OVERWRITE previous ON TABLE customers TYPE option<array<object>>',
      'DEFINE FIELD OVERWRITE previous.* ON TABLE customers TYPE object',
      'DEFINE FIELD OVERWRITE previous.*.city ON TABLE customers TYPE string',
      'DEFINE FIELD OVERWRITE previous.*.street ON TABLE customers TYPE option<string>',
      'DEFINE FIELD OVERWRITE previous.*.zip ON TABLE customers TYPE option<int> ASSERT $value = NONE OR ($value >= 0)',
    ]);
  });

  it('round-trips: plain object or instance in, an Address instance out', async () => {
    const saved = await Customer.create({
      name: 'Ann',
      address: { city: 'Paris', zip: 75001 },
      previous: [new Address({ city: 'Lyon' }), { city: 'Nice' }],
    }).save({ connection });
    const loaded = await customers().get({ id: saved.id });
    expect(loaded.address).toBeInstanceOf(Address);
    expect(loaded.address).toMatchObject({ city: 'Paris', zip: 75001 });
    expect(loaded.previous!.map((entry) => entry.city)).toEqual([
      'Lyon',
      'Nice',
    ]);
    expect(loaded.previous![1]).toBeInstanceOf(Address);
    // Typed: a plain object must have Address's field types.
    // @ts-expect-error zip is a number
    Customer.create({ name: 'x', address: { city: 'Paris', zip: '75001' } });
  });

  it('validates with field paths such as address.city and previous[1].zip', () => {
    const error = validationError(() =>
      new Customer({
        name: 'Bob',
        address: { zip: -1, country: 'FR' },
        previous: [{ city: 'Lyon' }, { city: 3, zip: 'x' }],
      }).validate(),
    );
    expect(error.errors.map((entry) => [entry.field, entry.rule])).toEqual([
      ['address.country', 'unknown'],
      ['address.city', 'required'],
      ['address.zip', 'min'],
      ['previous[1].city', 'type'],
      ['previous[1].zip', 'type'],
    ]);
    expect(error.message).toContain(
      'Customer.address.city (undefined) is required',
    );
    const wrongModel = validationError(() =>
      new Customer({
        name: 'C',
        address: new Customer({ name: 'x' }),
      }).validate(),
    );
    expect(wrongModel.errors[0]).toMatchObject({
      field: 'address',
      rule: 'type',
    });
  });

  it('the schema refuses a bad nested value written around the model', async () => {
    await expect(
      connection.query(
        'CREATE customers CONTENT { name: "x", address: { zip: 1 } }',
      ),
    ).rejects.toThrow(/address.city/);
  });

  it('lookups reach inside: address__city, address__zip__gte', async () => {
    await new Customer({
      name: 'Cleo',
      address: { city: 'Berlin', zip: 10115 },
    }).save({ connection });
    const found = await customers().filter({ address__city: 'Berlin' });
    expect(found.map((customer) => customer.name)).toEqual(['Cleo']);
    expect(await customers().filter({ address__zip__gte: 10000 }).count()).toBe(
      2,
    );
    expect(() => customers().filter({ address__country: 'x' })).toThrow(
      /"country" is not a field of Address/,
    );
  });

  it('a change inside the embedded document is tracked and saved', async () => {
    const dan = await new Customer({
      name: 'Dan',
      address: { city: 'Rome', street: 'Via 1' },
    }).save({ connection });
    (dan.address as Address).street = 'Via 2';
    expect(dan.modifiedFields()).toEqual(['address']);
    await dan.save();
    expect((await customers().get({ id: dan.id })).address).toMatchObject({
      city: 'Rome',
      street: 'Via 2',
    });
  });

  it('hostile strings stay values, in nested fields and lookups', async () => {
    const hostile = "'); REMOVE TABLE customers; --⟩`\\";
    await new Customer({
      name: 'Eve',
      address: { city: hostile },
    }).save({ connection });
    const [found] = await customers().filter({ address__city: hostile });
    expect(found.address!.city).toBe(hostile);
    // A hostile key inside an embedded value is not a field: refused before anything is written.
    expect(() =>
      new Customer({
        name: 'Eve',
        address: { city: 'x', [hostile]: 1 },
      }).validate(),
    ).toThrow(/is not a field of Address/);
    expect(() => customers().filter({ [`address__${hostile}`]: 1 })).toThrow(
      /is not a field of Address/,
    );
  });

  it('is declared with an EmbeddedDocument; has no table, save() or objects of its own', async () => {
    class Linked extends Document {
      @StringField() label?: string;
    }
    class Holder extends Document {
      @EmbeddedField(Linked) linked?: unknown;
    }
    expect(() => buildSchema([Holder])).toThrow(
      /Holder.linked: EmbeddedField needs an EmbeddedDocument subclass, and Linked is a Document/,
    );
    expect(() =>
      // @ts-expect-error the model is required
      EmbeddedField()(Holder.prototype, 'other'),
    ).toThrow(ModelDefinitionError);
    await expect(new Address({ city: 'x' }).save()).rejects.toThrow(
      /save\(\) is not available on an EmbeddedDocument/,
    );
    expect(() => (Address as unknown as typeof Document).objects).toThrow(
      /Address is an EmbeddedDocument: it has no table/,
    );
    expect(() => buildSchema([Address])).toThrow(
      /Address is an EmbeddedDocument: it has no table; sync the model that embeds it/,
    );
  });
});
