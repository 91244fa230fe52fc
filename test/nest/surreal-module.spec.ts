import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  InjectConnection,
  SurrealConnection,
  SurrealConnectionError,
  SurrealModule,
  ConnectionRegistry,
  connectionRegistry,
  findConnection,
  getConnectionToken,
  type SurrealFactoryOptions,
  type SurrealOptionsFactory,
} from '../../lib/index.js';
import { freePort } from '../helpers/test-utils.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

@Injectable()
class ReportService {
  constructor(
    readonly main: SurrealConnection,
    @InjectConnection() readonly byDecorator: SurrealConnection,
    @InjectConnection('analytics') readonly analytics: SurrealConnection,
  ) {}
}

@Injectable()
class SurrealConfig implements SurrealOptionsFactory {
  createSurrealOptions(): SurrealFactoryOptions {
    return { url: 'mem://', ...scope };
  }
}

@Module({ providers: [SurrealConfig], exports: [SurrealConfig] })
class ConfigModule {}

type RootImports = Parameters<typeof Module>[0]['imports'];

const styles: [string, RootImports][] = [
  [
    'forRoot',
    [
      SurrealModule.forRoot({ url: 'mem://', ...scope }),
      SurrealModule.forRoot({
        url: 'mem://',
        connectionName: 'analytics',
        ...scope,
      }),
    ],
  ],
  [
    'forRootAsync useFactory + inject',
    [
      SurrealModule.forRootAsync({
        imports: [ConfigModule],
        inject: [SurrealConfig],
        useFactory: (config: SurrealConfig) => config.createSurrealOptions(),
      }),
      SurrealModule.forRootAsync({
        connectionName: 'analytics',
        useFactory: async () => ({ url: 'mem://', ...scope }),
      }),
    ],
  ],
  [
    'forRootAsync useClass',
    [
      SurrealModule.forRootAsync({ useClass: SurrealConfig }),
      SurrealModule.forRootAsync({
        connectionName: 'analytics',
        useClass: SurrealConfig,
      }),
    ],
  ],
  [
    'forRootAsync useExisting',
    [
      SurrealModule.forRootAsync({
        imports: [ConfigModule],
        useExisting: SurrealConfig,
      }),
      SurrealModule.forRootAsync({
        connectionName: 'analytics',
        imports: [ConfigModule],
        useExisting: SurrealConfig,
      }),
    ],
  ],
];

describe.each(styles)(
  'SurrealModule %s with a default and an "analytics" connection',
  (_style, imports) => {
    it('injects each connection where expected, open, and closes them on app.close()', async () => {
      @Module({ imports, providers: [ReportService] })
      class AppModule {}

      const moduleRef = await Test.createTestingModule({
        imports: [AppModule],
      }).compile();
      const app = moduleRef.createNestApplication();
      await app.init();
      const service = app.get(ReportService);

      expect(service.main.name).toBe('default');
      expect(service.byDecorator).toBe(service.main);
      expect(service.analytics.name).toBe('analytics');
      expect(app.get(getConnectionToken('analytics'))).toBe(service.analytics);
      expect(service.main.isConnected()).toBe(true);
      expect(service.analytics.isConnected()).toBe(true);
      // The application's own registry (not the process-wide one) holds its connections.
      const registry = app.get(ConnectionRegistry);
      expect(registry.getDefaultConnection()).toBe(service.main);
      expect(registry.names().sort()).toEqual(['analytics', 'default']);
      expect(connectionRegistry.names()).toEqual([]);
      expect(findConnection()).toBe(service.main);
      expect(findConnection('analytics')).toBe(service.analytics);

      // Two separate in-memory databases: a write on one is not seen on the other.
      await service.main.query('CREATE event:1 SET kind = $kind', {
        kind: 'signup',
      });
      const [events] = await service.main.query<[{ kind: string }[]]>(
        'SELECT kind FROM event',
      );
      expect(events).toEqual([{ kind: 'signup' }]);
      await expect(
        service.analytics.query('SELECT * FROM event'),
      ).rejects.toThrow('does not exist');

      await app.close();
      expect(service.main.isConnected()).toBe(false);
      expect(service.analytics.isConnected()).toBe(false);
      expect(registry.names()).toEqual([]);
    });
  },
);

describe('SurrealModule defaults and failures', () => {
  it('makeDefault makes a named connection injectable as the default', async () => {
    @Injectable()
    class Consumer {
      constructor(
        readonly byType: SurrealConnection,
        @InjectConnection('primary') readonly byName: SurrealConnection,
      ) {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRootAsync({
          connectionName: 'primary',
          makeDefault: true,
          useFactory: () => ({ url: 'mem://', ...scope }),
        }),
      ],
      providers: [Consumer],
    }).compile();
    const consumer = moduleRef.get(Consumer);
    expect(consumer.byType).toBe(consumer.byName);
    expect(consumer.byName.name).toBe('primary');
    expect(moduleRef.get(ConnectionRegistry).getDefaultConnection()).toBe(
      consumer.byName,
    );
    await moduleRef.close();
  });

  it('bootstrap fails with the clear error after the retries, and leaves nothing registered', async () => {
    const port = await freePort();
    const failure = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({
          url: `ws://127.0.0.1:${port}`,
          connectionName: 'remote',
          retryLimit: 1,
          initialDelay: 0.05,
          logger: false,
        }),
      ],
    })
      .compile()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SurrealConnectionError);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `connection "remote" \\(ws://127.0.0.1:${port}\\): could not connect after 2 attempts: .*ECONNREFUSED`,
      ),
    );
    expect(connectionRegistry.names()).toEqual([]);
  });

  it('a name inside the factory result is refused, pointing at the top level', async () => {
    const failure = await Test.createTestingModule({
      imports: [
        SurrealModule.forRootAsync({
          useFactory: () =>
            ({
              url: 'mem://',
              connectionName: 'analytics',
            }) as SurrealFactoryOptions,
        }),
      ],
    })
      .compile()
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe(
      'SurrealModule.forRootAsync: connection "default": "connectionName" belongs at the top level of forRootAsync({ connectionName }), not in the factory\'s result',
    );
  });

  it('bad options from a factory name the connection and the option', async () => {
    const failure = await Test.createTestingModule({
      imports: [
        SurrealModule.forRootAsync({
          connectionName: 'analytics',
          useFactory: () => ({ url: 'mem://', timeout: -1 }),
        }),
      ],
    })
      .compile()
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe(
      'connection "analytics": option "timeout" must be a number > 0, got -1',
    );
  });

  it('connectionName is the name; the deprecated alias "name" still works, and the two must not differ', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', name: 'legacy', ...scope }),
      ],
    }).compile();
    expect(moduleRef.get(getConnectionToken('legacy')).name).toBe('legacy');
    await moduleRef.close();
    expect(() =>
      SurrealModule.forRoot({
        url: 'mem://',
        connectionName: 'a',
        name: 'b',
      }),
    ).toThrow(
      'SurrealModule.forRoot: "connectionName" ("a") and its deprecated alias "name" ("b") differ; give "connectionName" only',
    );
  });

  it('forRootAsync without a factory is refused', () => {
    expect(() => SurrealModule.forRootAsync({ connectionName: 'x' })).toThrow(
      'SurrealModule.forRootAsync: connection "x" needs one of useFactory, useClass or useExisting',
    );
  });
});
