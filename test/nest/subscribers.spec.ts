import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Document,
  InjectConnection,
  StringField,
  SurrealConnection,
  SurrealModule,
  type DeleteEvent,
  type DocumentSubscriber,
  type SaveEvent,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

class Invoice extends Document {
  static meta = { collection: 'invoices' };
  @StringField({ required: true }) customer: string;
}

/** Audit log: written to the "audit" connection by a subscriber of the default one. */
@Injectable()
class AuditSubscriber implements DocumentSubscriber {
  readonly models = [Invoice];

  constructor(
    @InjectConnection('audit') private readonly audit: SurrealConnection,
  ) {}

  async afterSave(event: SaveEvent) {
    await this.audit.query('CREATE entry SET action = $action, record = $id', {
      action: event.isNew ? 'create' : 'update',
      id: event.document.id,
    });
  }

  async beforeDelete(event: DeleteEvent) {
    await this.audit.query('CREATE entry SET action = "delete", record = $id', {
      id: event.id,
    });
  }
}

describe('subscribers registered with forFeature', () => {
  it('are injectable, hear their connection only, and write an audit log', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', ...scope }),
        SurrealModule.forRoot({
          url: 'mem://',
          connectionName: 'audit',
          ...scope,
        }),
        SurrealModule.forRoot({
          url: 'mem://',
          connectionName: 'other',
          ...scope,
        }),
        SurrealModule.forFeature([Invoice], { subscribers: [AuditSubscriber] }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const invoice = await new Invoice({ customer: 'ACME' }).save();
      invoice.customer = 'ACME Ltd';
      await invoice.save();
      await new Invoice({ customer: 'elsewhere' }).save({
        connection: 'other',
      });
      await invoice.delete();
      const [entries] = await app
        .get<SurrealConnection>('SurrealConnection:audit')
        .query<[{ action: string; record: unknown }[]]>(
          'SELECT action, record FROM entry ORDER BY action',
        );
      expect(entries.map((entry) => entry.action)).toEqual([
        'create',
        'delete',
        'update',
      ]);
      expect(String(entries[0].record)).toBe(String(invoice.id));
    } finally {
      await app.close();
    }
  });
});
