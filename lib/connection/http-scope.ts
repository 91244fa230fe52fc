import type { Surreal } from 'surrealdb';

// oxlint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE = /[⟨⟩\\`\u0000-\u001f]/;

/**
 * Over HTTP the SDK never sends `use` (each request carries the namespace and database in headers), and a SurrealDB 3
 * server creates a namespace and database only on `use`: against a fresh database every write would fail with "The
 * namespace ... does not exist". One `USE` statement creates them, as connecting over ws does. Best effort: a user
 * without the right to create them gets the server's own error on the first query that needs them.
 */
export async function selectHttpScope(
  client: Surreal,
  namespace: string,
  database: string,
): Promise<void> {
  if (UNSAFE.test(namespace) || UNSAFE.test(database)) return;
  await client
    .query(`USE NS ⟨${namespace}⟩ DB ⟨${database}⟩`)
    .collect()
    .catch(() => undefined);
}
