import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SurrealConnection } from 'nestjs-surrealengine';
import request from 'supertest';
import { AppModule } from '../../sample/src/app.module.js';
import { tempDir } from '../helpers/test-utils.js';
import { openSse } from './sse-reader.js';

interface UserBody {
  id: string;
  name: string;
  email: string;
  age?: number;
  role: string;
  credits: number;
  createdAt: string;
  updatedAt: string;
}

const ENV_KEYS = [
  'SURREAL_URL',
  'SURREAL_NS',
  'SURREAL_DB',
  'SURREAL_USER',
  'SURREAL_PASS',
];

describe('sample app over HTTP (default connection on file:// in a temp dir, analytics on mem://)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let store: Awaited<ReturnType<typeof tempDir>>;
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const key of ENV_KEYS) {
      savedEnv[key] = process.env[key];
      delete process.env[key];
    }
    store = await tempDir('surreal-sample-');
    // The sample reads its configuration from the environment, as it would when deployed.
    process.env.SURREAL_URL = `file://${store.path}/app.db`;
    process.env.SURREAL_NS = 'sample_test';

    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    // Works around a @surrealdb/node 3.0 bug: after any DEFINE INDEX (the model's unique e-mail index) the
    // embedded engine keeps the process alive even once closed, unless the indexes (users' e-mail, follows' pairs)
    // are removed first.
    await app
      ?.get(SurrealConnection)
      .query('REMOVE TABLE IF EXISTS follows; REMOVE TABLE IF EXISTS users')
      .catch(() => undefined);
    await app?.close();
    await store?.remove();
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  const http = () => request(app.getHttpServer());

  async function createUser(data: Record<string, unknown>): Promise<UserBody> {
    const response = await http().post('/users').send(data);
    expect(response.status).toBe(201);
    return response.body as UserBody;
  }

  it('creates a user, with defaults applied and an id to address it by', async () => {
    const ada = await createUser({
      name: 'Ada',
      email: 'ada@example.com',
      age: 36,
    });
    expect(ada).toEqual({
      id: expect.any(String),
      name: 'Ada',
      email: 'ada@example.com',
      age: 36,
      role: 'member',
      credits: 100,
      createdAt: expect.any(String),
      updatedAt: ada.createdAt,
    });
    expect(Number.isNaN(Date.parse(ada.createdAt))).toBe(false);

    const fetched = await http().get(`/users/${ada.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(ada);
  });

  it('lists users with filters from query parameters', async () => {
    await createUser({
      name: 'Grace',
      email: 'grace@example.com',
      age: 45,
      role: 'admin',
    });
    await createUser({
      name: 'Linus',
      email: 'linus@example.com',
      age: 28,
      role: 'admin',
    });
    await createUser({ name: 'Alan', email: 'alan@example.com', age: 41 });

    const admins = await http()
      .get('/users')
      .query({ role: 'admin', minAge: 30 });
    expect(admins.status).toBe(200);
    expect((admins.body as UserBody[]).map((user) => user.name)).toEqual([
      'Grace',
    ]);

    const startingWithA = await http()
      .get('/users')
      .query({ name: 'A', maxAge: 40 });
    expect((startingWithA.body as UserBody[]).map((user) => user.name)).toEqual(
      ['Ada'],
    );

    const firstTwo = await http().get('/users').query({ limit: 2 });
    expect((firstTwo.body as UserBody[]).map((user) => user.name)).toEqual([
      'Ada',
      'Grace',
    ]);

    // A value that looks like SurrealQL stays a value.
    const injected = await http()
      .get('/users')
      .query({ role: "admin' OR true --" });
    expect(injected.status).toBe(200);
    expect(injected.body).toEqual([]);

    const bad = await http().get('/users').query({ minAge: 'old' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'minAge' });
  });

  it('updates a user, validating the changes', async () => {
    const user = await createUser({
      name: 'Barbara',
      email: 'barbara@example.com',
      age: 50,
    });
    const updated = await http()
      .patch(`/users/${user.id}`)
      .send({ age: 51, role: 'admin' });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      ...user,
      age: 51,
      role: 'admin',
      updatedAt: expect.any(String),
    });
    // The timestamps hook: createdAt stays, updatedAt moves on.
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(user.updatedAt),
    );
    expect((await http().get(`/users/${user.id}`)).body).toMatchObject({
      age: 51,
      role: 'admin',
    });

    const invalid = await http().patch(`/users/${user.id}`).send({ age: -3 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'age', rule: 'min' }),
    ]);
    expect((await http().get(`/users/${user.id}`)).body).toMatchObject({
      age: 51,
    });
  });

  it('transfers credits in a transaction: all or nothing', async () => {
    const alice = await createUser({
      name: 'Alice',
      email: 'alice@example.com',
    });
    const bob = await createUser({ name: 'Bob', email: 'bob@example.com' });
    const moved = await http()
      .post(`/users/${alice.id}/transfer`)
      .send({ to: bob.id, amount: 30 });
    expect(moved.status).toBe(200);
    expect([moved.body.from.credits, moved.body.to.credits]).toEqual([70, 130]);

    // Bob is credited first, then Alice's overdraft fails validation: the credit is rolled back as well.
    const overdraft = await http()
      .post(`/users/${alice.id}/transfer`)
      .send({ to: bob.id, amount: 71 });
    expect(overdraft.status).toBe(400);
    expect(overdraft.body.errors).toEqual([
      expect.objectContaining({ field: 'credits', rule: 'min' }),
    ]);
    const credits = async (id: string) =>
      ((await http().get(`/users/${id}`)).body as UserBody).credits;
    expect([await credits(alice.id), await credits(bob.id)]).toEqual([70, 130]);

    expect(
      (
        await http()
          .post(`/users/${alice.id}/transfer`)
          .send({ to: 'nobody', amount: 1 })
      ).status,
    ).toBe(404);
    expect(
      (await http().post(`/users/${alice.id}/transfer`).send({ to: bob.id }))
        .status,
    ).toBe(400);
    expect(await credits(alice.id)).toBe(70);
  });

  it('deletes a user; afterwards the id is unknown', async () => {
    const user = await createUser({
      name: 'Edsger',
      email: 'edsger@example.com',
    });
    expect((await http().delete(`/users/${user.id}`)).status).toBe(204);
    expect((await http().get(`/users/${user.id}`)).status).toBe(404);
    expect((await http().delete(`/users/${user.id}`)).status).toBe(404);
  });

  it('answers 400 naming each invalid field, and saves nothing', async () => {
    const before = (await http().get('/users')).body as UserBody[];
    const response = await http()
      .post('/users')
      .send({ email: 'not-an-email', age: 'forty', nickname: 'x' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
    });
    const fields = (response.body.errors as { field: string }[])
      .map((error) => error.field)
      .sort();
    expect(fields).toEqual(['age', 'email', 'name', 'nickname']);
    expect(response.body.message).toContain('name');
    // The rejected values are not echoed back.
    expect(JSON.stringify(response.body)).not.toContain('not-an-email');
    expect((await http().get('/users')).body).toHaveLength(before.length);

    expect(
      (await http().post('/users').send(['not', 'an', 'object'])).status,
    ).toBe(400);
  });

  it('answers 409 when the e-mail is taken (unique index from the model)', async () => {
    await createUser({ name: 'Ken', email: 'ken@example.com' });
    const duplicate = await http()
      .post('/users')
      .send({ name: 'Other Ken', email: 'ken@example.com' });
    expect(duplicate.status).toBe(409);
  });

  it('answers 404 for an unknown id on get, update and delete', async () => {
    expect((await http().get('/users/nobody')).status).toBe(404);
    expect((await http().patch('/users/nobody').send({ age: 3 })).status).toBe(
      404,
    );
    expect((await http().delete('/users/nobody')).status).toBe(404);
    const response = await http().get('/users/nobody');
    expect(response.body).toMatchObject({
      statusCode: 404,
      message: expect.stringContaining('nobody'),
    });
  });

  it('answers 400 for a route id that is not an id part of users (ParseRecordIdPipe)', async () => {
    for (const hostile of [
      "x'; DELETE users; --",
      'posts:abc',
      'a⟩b',
      'x'.repeat(200),
    ]) {
      const path = `/users/${encodeURIComponent(hostile)}`;
      expect((await http().get(path)).status).toBe(400);
      expect((await http().delete(path)).status).toBe(400);
    }
    expect((await http().get('/users')).status).toBe(200);
  });

  it('reports both connections on /health, with their schemes', async () => {
    const response = await http().get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: {
        surrealdb: { status: 'up', scheme: 'file' },
        analytics: { status: 'up', scheme: 'mem' },
      },
    });
  });

  it('records an event per user change on the analytics connection', async () => {
    const before = (await http().get('/analytics/events')).body as Record<
      string,
      number
    >;
    const user = await createUser({ name: 'Tim', email: 'tim@example.com' });
    await http().patch(`/users/${user.id}`).send({ age: 69 }).expect(200);
    await http().delete(`/users/${user.id}`).expect(204);
    const after = (await http().get('/analytics/events')).body as Record<
      string,
      number
    >;
    const delta = (kind: string) => (after[kind] ?? 0) - (before[kind] ?? 0);
    expect([
      delta('user.created'),
      delta('user.updated'),
      delta('user.deleted'),
    ]).toEqual([1, 1, 1]);
  });

  it('streams user changes as server-sent events', async () => {
    const feed = await openSse(`${baseUrl}/users/live`);
    try {
      expect(await feed.next()).toEqual({ type: 'ready' });
      const user = await createUser({
        name: 'Margaret',
        email: 'margaret@example.com',
        age: 33,
      });
      const created = await feed.until<{ action: string; id: string }>(
        (event) => event.id === user.id,
      );
      expect(created).toEqual({
        type: 'change',
        action: 'CREATE',
        id: user.id,
        user: { ...user },
      });
      await http().patch(`/users/${user.id}`).send({ age: 34 }).expect(200);
      expect(await feed.next()).toMatchObject({
        action: 'UPDATE',
        id: user.id,
        user: { age: 34 },
      });
      await http().delete(`/users/${user.id}`).expect(204);
      expect(await feed.next()).toMatchObject({
        action: 'DELETE',
        id: user.id,
      });
    } finally {
      feed.close();
    }
  });
});
