import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Surreal } from 'surrealdb';
import { runScript } from '../helpers/run-script.js';
import {
  Document,
  InjectRepository,
  IntField,
  Repository,
  RepositoryFor,
  StringField,
  SurrealConfigError,
  SurrealConnection,
  SurrealModule,
  getRepositoryToken,
  type SurrealClientDefaults,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

class Member extends Document {
  static meta = { collection: 'members' };
  @StringField({ required: true }) name: string;
  @IntField({ min: 0 }) age?: number;
}

@RepositoryFor(Member)
class MemberRepository extends Repository<Member> {
  /** Adults by name: a domain query on top of the inherited methods. */
  adults(): Promise<Member[]> {
    return this.find({ age__gte: 18 }).orderBy('name').all();
  }
}

@Injectable()
class Greeter {
  readonly greeting = 'hello';
}

@Module({ providers: [Greeter], exports: [Greeter] })
class GreeterModule {}

/** A custom repository with a constructor dependency, made by forFeatureAsync. */
class GreetingMemberRepository extends MemberRepository {
  constructor(
    connection: SurrealConnection,
    private readonly greeter: Greeter,
  ) {
    super(Member, connection);
  }

  async greet(name: string): Promise<string> {
    const member = await this.findOne({ name });
    return `${this.greeter.greeting} ${member?.name ?? 'nobody'}`;
  }
}

@Injectable()
class MembersService {
  constructor(
    readonly members: MemberRepository,
    @InjectRepository(MemberRepository, 'archive')
    readonly archive: MemberRepository,
    @InjectRepository(Member) readonly plain: Repository<Member>,
  ) {}
}

describe('custom repositories and forFeatureAsync', () => {
  it('injects a custom repository by its class, on the default and on a named connection', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', ...scope }),
        SurrealModule.forRoot({
          url: 'mem://',
          connectionName: 'archive',
          ...scope,
        }),
        SurrealModule.forFeature([MemberRepository, Member]),
        SurrealModule.forFeature([MemberRepository], 'archive'),
      ],
      providers: [MembersService],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const service = app.get(MembersService);
      expect(service.members).toBeInstanceOf(MemberRepository);
      expect(service.members.connection.name).toBe('default');
      expect(service.archive).toBeInstanceOf(MemberRepository);
      expect(service.archive.connection.name).toBe('archive');
      expect(app.get(getRepositoryToken(MemberRepository, 'archive'))).toBe(
        service.archive,
      );
      await service.members.insert([
        { name: 'Cy', age: 40 },
        { name: 'Ann', age: 30 },
        { name: 'Kid', age: 9 },
      ]);
      await service.archive.save({ name: 'Old', age: 90 });
      expect((await service.members.adults()).map((m) => m.name)).toEqual([
        'Ann',
        'Cy',
      ]);
      expect((await service.archive.adults()).map((m) => m.name)).toEqual([
        'Old',
      ]);
      // The plain repository of the same model sees the same table.
      expect(await service.plain.count()).toBe(3);
    } finally {
      await app.close();
    }
  });

  it('forFeatureAsync builds the repository with injected providers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', ...scope, synchronize: true }),
        SurrealModule.forFeatureAsync([
          {
            model: GreetingMemberRepository,
            imports: [GreeterModule],
            inject: [Greeter],
            useFactory: (connection: SurrealConnection, greeter: Greeter) =>
              new GreetingMemberRepository(connection, greeter),
          },
        ]),
      ],
    }).compile();
    try {
      const members = moduleRef.get(GreetingMemberRepository);
      await members.save({ name: 'Ada', age: 36 });
      expect(await members.greet('Ada')).toBe('hello Ada');
      // synchronize: true ran before the factory: the table is defined with its fields.
      const [info] = await members.connection.query<
        [{ fields: Record<string, string> }]
      >('INFO FOR TABLE members');
      expect(Object.keys(info.fields).sort()).toEqual(['age', 'name']);
    } finally {
      await moduleRef.close();
    }
  });

  it('a class extending Repository without @RepositoryFor is refused with what to add', () => {
    class Loose extends Repository<Member> {}
    expect(() => SurrealModule.forFeature([Loose])).toThrow(
      'Loose extends Repository but does not say which model it serves: add @RepositoryFor(Model) to the class',
    );
  });

  it('forFeature on a connection without forRoot: a library error, and the connections already open are closed', async () => {
    const clients: Surreal[] = [];
    const failure = await Test.createTestingModule({
      imports: [
        SurrealModule.forRootAsync({
          useFactory: () => ({
            url: 'mem://',
            ...scope,
            clientFactory: (defaults: SurrealClientDefaults) => {
              clients.push(new Surreal(defaults));
              return clients[clients.length - 1];
            },
          }),
        }),
        SurrealModule.forFeature([Member], 'analytics'),
      ],
    })
      .compile()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SurrealConfigError);
    expect((failure as Error).message).toBe(
      "SurrealModule.forFeature([Member], 'analytics') needs SurrealModule.forRoot({ connectionName: 'analytics', url, ... }) (or forRootAsync) in the application's imports; this application has the connections \"default\"",
    );
    // The default connection's client, opened while the failure came, is closed: nothing keeps the process alive.
    expect(clients).toHaveLength(1);
    await eventually(() => expect(clients[0].status).toBe('disconnected'));
  });
});

describe('a failed bootstrap in its own process', () => {
  it('prints the library error and exits by itself (nothing left open)', async () => {
    const result = await runScript('missing-forroot-exit.script.ts', []);
    expect(result.stdout.trim()).toBe(
      "SurrealModule.forFeature([PageView], 'analytics') needs SurrealModule.forRoot({ connectionName: 'analytics', url, ... }) (or forRootAsync) in the application's imports; this application has the connections \"default\"",
    );
    expect(result.code).toBe(0);
  });
});

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
