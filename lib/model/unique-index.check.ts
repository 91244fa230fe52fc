import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { ModelMetadata } from './model-metadata.js';

/** Models already checked, per connection: the warning comes once per model and connection. */
const checked = new WeakMap<SurrealConnection, WeakSet<ModelMetadata>>();

/**
 * `unique: true` is enforced by a unique index, which only `syncSchema()` (or `synchronize: true`) defines. After a
 * model's first write on a connection, warns once when one of its unique fields has no such index: the database
 * would store duplicates without a word. Never fails the write.
 */
export function warnIfUniqueUnenforced(
  metadata: ModelMetadata,
  connection: SurrealConnection,
): void {
  let models = checked.get(connection);
  if (!models) checked.set(connection, (models = new WeakSet()));
  if (models.has(metadata)) return;
  models.add(metadata);
  const unique = [...metadata.fields]
    .filter(([, field]) => field.options.unique)
    .map(([name]) => name);
  if (unique.length === 0) return;
  void connection
    .query<[{ indexes?: Record<string, string> }]>(
      `INFO FOR TABLE ${metadata.table}`,
    )
    .then(([info]) => {
      const indexed = new Set(
        Object.values(info?.indexes ?? {}).flatMap(uniqueIndexField),
      );
      const missing = unique.filter((name) => !indexed.has(name));
      if (missing.length === 0) return;
      connection.options.logger.warn(
        `${metadata.name}: connection "${connection.name}": ${missing.map((name) => `"${name}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} declared unique: true, but table "${metadata.collection}" has no unique index on ${missing.length === 1 ? 'it' : 'them'}, so duplicates are stored without an error. Run syncSchema(connection, [${metadata.name}]) once (or synchronize: true in SurrealModule).`,
      );
    })
    .catch(() => undefined);
}

/** The field of a one-field `DEFINE INDEX ... FIELDS f UNIQUE`, as `INFO FOR TABLE` prints it. */
function uniqueIndexField(definition: string): string[] {
  const match = /\bFIELDS\s+(.+?)\s+UNIQUE\b/i.exec(definition);
  if (!match || match[1].includes(',')) return [];
  return [match[1].trim().replace(/^[`⟨](.*)[`⟩]$/, '$1')];
}
