import {
  DateTimeField,
  Document,
  IntField,
  ListField,
  ModelDefinitionError,
  StringField,
} from '../../lib/model/index.js';

// Each of these mistakes makes every document invalid or every query fail; they must fail when the class is declared.
describe('model definitions fail at definition time', () => {
  it('min greater than max', () => {
    expect(() => {
      class Bad extends Document {
        @IntField({ min: 10, max: 1 }) n?: number;
      }
      return Bad;
    }).toThrow(/Bad\.n: option "min" is greater than "max"/);
    expect(() => {
      class Bad extends Document {
        @DateTimeField({ min: new Date(2000, 0), max: new Date(1999, 0) })
        when?: Date;
      }
      return Bad;
    }).toThrow(ModelDefinitionError);
    expect(() => {
      class Bad extends Document {
        @StringField({ minLength: 5, maxLength: 2 }) s?: string;
      }
      return Bad;
    }).toThrow(/Bad\.s: option "minLength" is greater than "maxLength"/);
    expect(() => {
      class Bad extends Document {
        @ListField({ of: { type: 'int', min: 3, max: 2 } }) n?: number[];
      }
      return Bad;
    }).toThrow(/Bad\.n\[\*\]: option "min" is greater than "max"/);
  });

  it('a default outside choices', () => {
    expect(() => {
      class Bad extends Document {
        @StringField({ choices: ['admin', 'member'], default: 'guest' })
        role?: string;
      }
      return Bad;
    }).toThrow(
      /Bad\.role: option "default" \(string\) is not one of "choices" \["admin","member"\]/,
    );
  });

  it('an invalid collection name, before any use of the model', () => {
    for (const collection of ['x`; DELETE users; --', 'a⟩b', '', 'a\\b']) {
      expect(() => {
        class Bad extends Document {
          static meta = { collection };
          @StringField() name?: string;
        }
        return Bad;
      }).toThrow(/Bad: meta\.collection/);
    }
  });

  it('an unknown list item type', () => {
    expect(() => {
      class Bad extends Document {
        @ListField({ of: { type: 'strng' } as never }) tags?: string[];
      }
      return Bad;
    }).toThrow(
      /Bad\.tags\[\*\]: a list item spec needs a "type" naming a field kind/,
    );
  });

  it('consistent options still declare fine', () => {
    class Good extends Document {
      @IntField({ min: 1, max: 1 }) n?: number;
      @StringField({ choices: ['a', 'b'], default: 'a' }) s?: string;
      @StringField({ choices: ['a', 'b'], default: () => 'b' })
      lazy?: string;
    }
    expect(new Good({ n: 1 }).validationErrors()).toEqual([]);
  });
});
