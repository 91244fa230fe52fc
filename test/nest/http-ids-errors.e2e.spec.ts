import {
  Body,
  Controller,
  Get,
  Module,
  NotFoundException,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  Document,
  EmailField,
  InjectRepository,
  IntField,
  ListField,
  ParseRecordIdPipe,
  RecordId,
  ReferenceField,
  Repository,
  StringField,
  SurrealConnection,
  SurrealExceptionFilter,
  SurrealModule,
} from 'nestjs-surrealengine';
import request from 'supertest';
import { recordingLogger } from '../helpers/test-utils.js';

class Team extends Document {
  static meta = { collection: 'http_teams' };
  @StringField({ required: true }) name!: string;
}

class Member extends Document {
  static meta = { collection: 'http_members' };
  @StringField({ required: true, minLength: 1 }) name!: string;
  @IntField({ max: 150 }) age?: number;
  @EmailField({ unique: true }) email?: string;
  @ReferenceField(() => Team) team?: Team;
  @ListField({ of: { type: 'reference', model: () => Team } })
  formerTeams?: Team[];
}

@Controller('members')
class MembersController {
  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
  ) {}

  @Post()
  create(@Body() body: Record<string, unknown>): Promise<Member> {
    return this.members.save(new Member(body));
  }

  @Get(':id')
  async get(
    @Param('id', new ParseRecordIdPipe(Member)) id: RecordId,
  ): Promise<Member> {
    const member = await this.members.findById(id);
    if (!member) throw new NotFoundException();
    return member;
  }
}

describe('ids round-trip over HTTP, ParseRecordIdPipe and SurrealExceptionFilter', () => {
  let app: INestApplication;
  const logger = recordingLogger();

  beforeAll(async () => {
    @Module({
      imports: [
        SurrealModule.forRoot({
          url: 'mem://',
          namespace: 'http',
          database: 'ids',
          synchronize: true,
          logger,
        }),
        SurrealModule.forFeature([Member, Team]),
      ],
      controllers: [MembersController],
      providers: [{ provide: APP_FILTER, useClass: SurrealExceptionFilter }],
    })
    class HttpModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [HttpModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('logs one line per connection when it opens, with the engine version and the time taken', () => {
    expect(logger.entries.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(
        /^connection "default" \(mem:\/\/\) open: surrealdb-\d+\.\d+\.\d+, in \d+ ms$/,
      ),
    );
  });

  it('serializes the id part, which GET accepts back (also as members:<id>)', async () => {
    const team = await app
      .get(SurrealConnection)
      .query<[{ id: RecordId }[]]>('CREATE http_teams SET name = "red"');
    const teamId = team[0][0].id;
    const created = await request(app.getHttpServer())
      .post('/members')
      .send({
        name: 'Ada',
        email: 'ada@example.com',
        team: teamId.id as string,
      })
      .expect(201);
    const body = created.body as Record<string, unknown>;
    expect(typeof body.id).toBe('string');
    expect(body.id).not.toContain(':');
    // A reference given as its id part is that record, and shows its id part.
    expect(body.team).toBe(teamId.id);
    const read = await request(app.getHttpServer())
      .get(`/members/${body.id as string}`)
      .expect(200);
    expect(read.body).toEqual(body);
    await request(app.getHttpServer())
      .get(`/members/http_members:${body.id as string}`)
      .expect(200);
    await request(app.getHttpServer()).get('/members/nobody').expect(404);
  });

  it('takes a reference as "table:id" of the referenced table, and refuses another table', async () => {
    const [[team]] = await app
      .get(SurrealConnection)
      .query<[{ id: RecordId }[]]>('CREATE http_teams SET name = "blue"');
    const teamPart = team.id.id as string;
    const created = await request(app.getHttpServer())
      .post('/members')
      .send({
        name: 'Cy',
        team: `http_teams:${teamPart}`,
        formerTeams: [teamPart, `http_teams:${teamPart}`],
      })
      .expect(201);
    const body = created.body as {
      id: string;
      team: string;
      formerTeams: string[];
    };
    // Stored as http_teams:<part>, not http_teams:⟨http_teams:part⟩.
    expect(body.team).toBe(teamPart);
    expect(body.formerTeams).toEqual([teamPart, teamPart]);
    const [[linked]] = await app
      .get(SurrealConnection)
      .query<[string[]]>('SELECT VALUE team.name FROM $id', {
        id: new RecordId('http_members', body.id),
      });
    expect(linked).toBe('blue');
    const refused = await request(app.getHttpServer())
      .post('/members')
      .send({ name: 'Di', team: `http_members:${body.id}` })
      .expect(400);
    expect(refused.body).toMatchObject({
      errors: [{ field: 'team', rule: 'table' }],
    });
  });

  it('maps invalid documents to 400 naming each field, and a taken unique value to 409', async () => {
    const invalid = await request(app.getHttpServer())
      .post('/members')
      .send({ name: '', age: 151 })
      .expect(400);
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      errors: [
        { field: 'name', rule: 'minLength' },
        { field: 'age', rule: 'max' },
      ],
    });
    expect(JSON.stringify(invalid.body)).not.toContain('151');
    await request(app.getHttpServer())
      .post('/members')
      .send({ name: 'Bo', email: 'bo@example.com' })
      .expect(201);
    const taken = await request(app.getHttpServer())
      .post('/members')
      .send({ name: 'Bo 2', email: 'bo@example.com' })
      .expect(409);
    expect((taken.body as { message: string }).message).toContain(
      'already taken',
    );
  });

  it('refuses hostile and foreign ids with 400 before touching the database', async () => {
    const hostile = [
      'http_teams:abc', // another model's table
      'x; DELETE http_members',
      "' OR 1=1 --",
      '⟩; REMOVE TABLE http_members; ⟨',
      'a`b',
      'a'.repeat(129),
      '../../etc/passwd',
      'abc\u0000',
      'http_members:',
      'http_members:⟨x⟩; DELETE http_members',
    ];
    for (const id of hostile) {
      const response = await request(app.getHttpServer())
        .get(`/members/${encodeURIComponent(id)}`)
        .expect(400);
      expect((response.body as { message: string }).message).toMatch(
        /record id|names a record of table "http_teams"/,
      );
    }
    const [[{ count }]] = await app
      .get(SurrealConnection)
      .query<[[{ count: number }]]>(
        'SELECT count() FROM http_members GROUP ALL',
      );
    expect(count).toBeGreaterThan(0);
  });

  it('the pipe returns a RecordId of its table, by model or table name', () => {
    const byModel = new ParseRecordIdPipe(Member).transform('abc');
    expect(byModel).toBeInstanceOf(RecordId);
    expect(byModel.toString()).toBe('http_members:abc');
    expect(
      new ParseRecordIdPipe('http_members').transform('http_members:42').id,
    ).toBe(42);
    expect(
      new ParseRecordIdPipe(Member, { pattern: /^[a-z]{3}$/ }).transform('xyz')
        .id,
    ).toBe('xyz');
    expect(() =>
      new ParseRecordIdPipe(Member, { pattern: /^[a-z]{3}$/ }).transform(
        'abcd',
      ),
    ).toThrow('invalid record id of table "http_members"');
  });
});
