import type { Surreal } from 'surrealdb';

/** The cheapest real round trip through the engine: what `ping()` and pool validation send. */
export async function pingClient(client: Surreal): Promise<void> {
  await client.query('RETURN true').collect();
}
