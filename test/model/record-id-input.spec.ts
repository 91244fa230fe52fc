import {
  Document,
  InvalidRecordIdError,
  RecordId,
  StringField,
  getModelMetadata,
} from 'nestjs-surrealengine';
import { parseRecordIdInput } from '../../lib/model/record-id-input.js';

class Gadget extends Document {
  static meta = { collection: 'rid_gadgets' };
  @StringField() name?: string;
}

class Widget extends Document {
  static meta = { collection: 'rid_widgets' };
  @StringField() name?: string;
}

describe('the one id rule (record-id-input)', () => {
  beforeAll(() => {
    // Tables count as `table:` prefixes once their model is known to the process.
    getModelMetadata(Gadget);
    getModelMetadata(Widget);
  });

  const parse = (input: unknown) =>
    parseRecordIdInput('rid_gadgets', input, 'Gadget.findById');

  it('takes the id part as is: text, numbers, text with ":" that names no known table', () => {
    expect(parse('x7f3')).toEqual(new RecordId('rid_gadgets', 'x7f3'));
    expect(parse(42)).toEqual(new RecordId('rid_gadgets', 42));
    expect(parse(10n).id).toBe(10n);
    expect(parse('2024:01').id).toBe('2024:01');
    expect(parse('urn:isbn:1').id).toBe('urn:isbn:1');
    expect(parse(':x').id).toBe(':x');
    expect(parse("x'; DELETE rid_gadgets; --").id).toBe(
      "x'; DELETE rid_gadgets; --",
    );
  });

  it('parses the own table prefix as SurrealDB prints record ids', () => {
    expect(parse('rid_gadgets:abc').id).toBe('abc');
    expect(parse('rid_gadgets:123').id).toBe(123);
    expect(parse('rid_gadgets:⟨a-b:c⟩').id).toBe('a-b:c');
    expect(parse(new RecordId('rid_gadgets', 'a-b:c').toString()).id).toBe(
      'a-b:c',
    );
    expect(parse(new RecordId('rid_gadgets', '123').toString()).id).toBe('123');
    // The escape hatch for an id part that starts with the table's name.
    const literal = new RecordId('rid_gadgets', 'rid_gadgets:x');
    expect(parse(literal)).toBe(literal);
  });

  it("refuses another model's table, as text or RecordId, naming both tables", () => {
    expect(() => parse('rid_widgets:abc')).toThrow(InvalidRecordIdError);
    expect(() => parse('rid_widgets:abc')).toThrow(
      'Gadget.findById: "rid_widgets:abc" names a record of table "rid_widgets", not of "rid_gadgets"',
    );
    expect(() => parse(new RecordId('rid_widgets', 'abc'))).toThrow(
      'record id rid_widgets:abc is not in table "rid_gadgets"',
    );
    expect(() => parse(null)).toThrow(InvalidRecordIdError);
    expect(() => parse({ id: 'x' })).toThrow(
      'an id must be a RecordId, a string or a number, not object',
    );
  });

  it('filters on id follow the same rule', () => {
    const { bindings } = Gadget.query()
      .filter({ id: 'rid_gadgets:g1' })
      .toQuery();
    expect(Object.values(bindings)).toContainEqual(
      new RecordId('rid_gadgets', 'g1'),
    );
    expect(() =>
      Gadget.query().filter({ id: 'rid_widgets:w1' }).toQuery(),
    ).toThrow(InvalidRecordIdError);
  });

  it('documents serialize ids and unfetched references as the id part', () => {
    const gadget = new Gadget({ id: 'rid_gadgets:g1', name: 'g' });
    expect(JSON.parse(JSON.stringify(gadget))).toEqual({ id: 'g1', name: 'g' });
    expect(JSON.parse(JSON.stringify(new Gadget({ id: 7 })))).toEqual({
      id: 7,
    });
  });
});
