import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SurrealConnection } from 'nestjs-surrealengine';
import request from 'supertest';
import { AppModule } from '../../sample/src/app.module.js';

interface UserBody {
  id: string;
  name: string;
  email: string;
}

const ENV_KEYS = [
  'SURREAL_URL',
  'SURREAL_NS',
  'SURREAL_DB',
  'SURREAL_USER',
  'SURREAL_PASS',
];

describe('sample app: the social graph over HTTP (embedded mem://)', () => {
  let app: INestApplication;
  const savedEnv: Record<string, string | undefined> = {};
  const people: Record<string, UserBody> = {};

  const http = () => request(app.getHttpServer());
  const follow = (who: string, whom: string) =>
    http().post(`/users/${people[who].id}/follows/${people[whom].id}`);
  const names = (body: unknown) =>
    (body as UserBody[]).map((user) => user.name);

  beforeAll(async () => {
    for (const key of ENV_KEYS) {
      savedEnv[key] = process.env[key];
      delete process.env[key];
    }
    process.env.SURREAL_URL = 'mem://';
    process.env.SURREAL_NS = 'social_test';
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    for (const name of ['Ada', 'Grace', 'Linus', 'Mary', 'Bob', 'Zoe']) {
      const response = await http()
        .post('/users')
        .send({ name, email: `${name.toLowerCase()}@example.com` });
      expect(response.status).toBe(201);
      people[name] = response.body as UserBody;
    }
  });

  afterAll(async () => {
    // @surrealdb/node keeps the process alive after a DEFINE INDEX unless the indexed tables are removed first.
    await app
      ?.get(SurrealConnection)
      .query('REMOVE TABLE IF EXISTS follows; REMOVE TABLE IF EXISTS users')
      .catch(() => undefined);
    await app?.close();
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it('follows with 201; following twice keeps one edge', async () => {
    const first = await follow('Ada', 'Grace');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      follower: people.Ada.id,
      followed: people.Grace.id,
      since: expect.any(String),
    });
    expect((await follow('Ada', 'Grace')).status).toBe(201);
    const followers = await http().get(`/users/${people.Grace.id}/followers`);
    expect(followers.status).toBe(200);
    // Each follower as the same JSON as GET /users/:id.
    expect(followers.body).toEqual([people.Ada]);
  });

  it('answers 404 for an unknown user on either side, and creates nothing', async () => {
    const unknownTarget = await http().post(
      `/users/${people.Ada.id}/follows/nobody`,
    );
    expect(unknownTarget.status).toBe(404);
    const unknownFollower = await http().post(
      `/users/nobody/follows/${people.Ada.id}`,
    );
    expect(unknownFollower.status).toBe(404);
    expect((await http().get('/users/nobody/followers')).status).toBe(404);
    expect((await http().get('/users/nobody/suggestions')).status).toBe(404);
    expect(
      names((await http().get(`/users/${people.Ada.id}/following`)).body),
    ).toEqual(['Grace']);
    expect(
      (await http().post(`/users/${people.Ada.id}/follows/${people.Ada.id}`))
        .status,
    ).toBe(400);
  });

  it('suggests users two hops away, without the user and those already followed, each once', async () => {
    // Ada -> Grace, Linus; Grace -> Linus, Mary, Ada; Linus -> Mary, Bob. Zoe is three hops away (Bob -> Zoe).
    for (const [who, whom] of [
      ['Ada', 'Linus'],
      ['Grace', 'Linus'],
      ['Grace', 'Mary'],
      ['Grace', 'Ada'],
      ['Linus', 'Mary'],
      ['Linus', 'Bob'],
      ['Bob', 'Zoe'],
    ]) {
      expect((await follow(who, whom)).status).toBe(201);
    }
    const suggestions = await http().get(`/users/${people.Ada.id}/suggestions`);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body).toEqual([people.Bob, people.Mary]);
    expect(
      names((await http().get(`/users/${people.Linus.id}/followers`)).body),
    ).toEqual(['Ada', 'Grace']);
  });

  it('unfollows with 204, then 404 for a follow that no longer exists', async () => {
    const path = `/users/${people.Ada.id}/follows/${people.Linus.id}`;
    expect((await http().delete(path)).status).toBe(204);
    expect((await http().delete(path)).status).toBe(404);
    expect(
      names((await http().get(`/users/${people.Linus.id}/followers`)).body),
    ).toEqual(['Grace']);
    // Linus is two hops away again (through Grace), so he is suggested now.
    expect(
      names((await http().get(`/users/${people.Ada.id}/suggestions`)).body),
    ).toEqual(['Linus', 'Mary']);
  });

  it('keeps hostile ids as values: nothing is injected, nothing breaks', async () => {
    for (const hostile of [
      "x'; DELETE users; --",
      'users:⟨x⟩',
      '⟩; DELETE users; --',
      `${people.Ada.id}\\`,
    ]) {
      const id = encodeURIComponent(hostile);
      expect(
        (await http().post(`/users/${people.Ada.id}/follows/${id}`)).status,
      ).toBe(404);
      expect((await http().get(`/users/${id}/suggestions`)).status).toBe(404);
      expect(
        (await http().delete(`/users/${id}/follows/${people.Ada.id}`)).status,
      ).toBe(404);
    }
    expect((await http().get('/users')).body).toHaveLength(6);
  });
});
