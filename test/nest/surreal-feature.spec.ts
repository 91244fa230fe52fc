import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Document,
  InjectRepository,
  IntField,
  Repository,
  StringField,
  SurrealModule,
  ValidationError,
  getRepositoryToken,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

class Customer extends Document {
  static meta = { collection: 'customers' };
  @StringField({ required: true }) name: string;
  @IntField({ min: 0 }) visits?: number;
}

class PageView extends Document {
  static meta = { collection: 'page_views' };
  @StringField({ required: true }) path: string;
}

@Injectable()
class CustomerService {
  constructor(
    @InjectRepository(Customer) readonly customers: Repository<Customer>,
    @InjectRepository(PageView, 'analytics')
    readonly views: Repository<PageView>,
  ) {}
}

@Module({
  imports: [
    SurrealModule.forFeature([Customer]),
    SurrealModule.forFeature([PageView], 'analytics'),
  ],
  providers: [CustomerService],
})
class CustomersModule {}

describe('SurrealModule.forFeature', () => {
  it('injects repositories bound to their connection, with the schema synchronized at start-up', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', ...scope, synchronize: true }),
        SurrealModule.forRoot({
          url: 'mem://',
          connectionName: 'analytics',
          ...scope,
        }),
        CustomersModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const service = app.get(CustomerService);
      expect(service.customers).toBeInstanceOf(Repository);
      expect(service.customers.connection.name).toBe('default');
      expect(service.views.connection.name).toBe('analytics');
      expect(app.get(getRepositoryToken(PageView, 'analytics'))).toBe(
        service.views,
      );

      const saved = await service.customers.save({ name: 'Ada', visits: 2 });
      expect((await service.customers.findById(saved.id!))?.name).toBe('Ada');
      await service.views.save({ path: '/home' });
      expect(await service.views.count()).toBe(1);
      // Each repository writes to its own database.
      await expect(
        service.customers.connection.query('SELECT * FROM page_views'),
      ).rejects.toThrow('does not exist');

      // synchronize: true defined the fields, so the database itself rejects a bad write that bypasses the model.
      const [info] = await service.customers.connection.query<
        [{ fields: Record<string, string> }]
      >('INFO FOR TABLE customers');
      expect(Object.keys(info.fields)).toEqual(
        expect.arrayContaining(['name', 'visits']),
      );
      await expect(
        service.customers.connection.query(
          'CREATE customers SET name = $name, visits = -1',
          { name: 'Raw' },
        ),
      ).rejects.toThrow();
      // Without synchronize, no schema was defined on "analytics".
      const [viewInfo] = await service.views.connection.query<
        [{ fields: Record<string, string> }]
      >('INFO FOR TABLE page_views');
      expect(viewInfo.fields).toEqual({});

      await expect(
        service.customers.save({ visits: -3 } as never),
      ).rejects.toThrow(ValidationError);
    } finally {
      await app.close();
    }
  });
});
