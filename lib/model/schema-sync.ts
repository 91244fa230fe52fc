import { toSurqlString } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { withConflictRetry } from '../connection/conflict-retry.js';
import {
  getRelationMetadata,
  isRelationModel,
  relationIndexes,
  relationTableClause,
} from '../graph/relation-metadata.js';
import type { FieldDefinition, ModelClass } from './field-types.js';
import { escapeIdentifier, isSafeIdentifier } from './identifier.js';
import { fieldKindOf } from './fields/field-kind.registry.js';
import { getModelMetadata, type ModelMetadata } from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';
import { modelIndexes, type ModelIndex } from './model-indexes.js';
import { toRustRegex } from './schema-regex.js';

function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return toSurqlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function assertions(field: FieldDefinition): string[] {
  const { options } = field;
  const handler = fieldKindOf(field);
  const checks: string[] = [];
  if (options.choices?.length) {
    const literals = options.choices.map(literal);
    if (literals.every((entry) => entry !== undefined))
      checks.push(`$value IN [${literals.join(', ')}]`);
  }
  for (const [key, operator] of [
    ['min', '>='],
    ['max', '<='],
  ] as const) {
    const bound = options[key];
    if (bound instanceof Date)
      checks.push(`$value ${operator} d${JSON.stringify(bound.toISOString())}`);
    else if (typeof bound === 'number')
      checks.push(`$value ${operator} ${bound}`);
  }
  const length = `${handler.lengthFunction}($value)`;
  if (options.minLength !== undefined)
    checks.push(`${length} >= ${options.minLength}`);
  if (options.maxLength !== undefined)
    checks.push(`${length} <= ${options.maxLength}`);
  // JavaScript and Rust regexes differ: only a pattern that means the same in both is checked by the database.
  const pattern = options.regex && toRustRegex(options.regex);
  if (pattern !== undefined && handler.textual)
    checks.push(`string::matches($value, ${toSurqlString(pattern)})`);
  checks.push(...handler.assertions(field));
  return checks;
}

// A fixed default the database can apply itself, as a literal of the field's type; functions stay with the model.
function defaultLiteral(field: FieldDefinition): string | undefined {
  const value = field.options.default;
  const handler = fieldKindOf(field);
  if (typeof value === 'string' && handler.textual) {
    return toSurqlString(value);
  }
  if (typeof value === 'boolean' && field.kind === 'boolean')
    return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (field.kind === 'int' && Number.isSafeInteger(value))
      return String(value);
    if (field.kind === 'float') return `${String(value)}f`;
  }
  if (
    value instanceof Date &&
    field.kind === 'datetime' &&
    !Number.isNaN(value.getTime())
  )
    return `d${JSON.stringify(value.toISOString())}`;
  return undefined;
}

function defineField(
  table: string,
  path: string,
  field: FieldDefinition,
  optional: boolean,
  where: string,
): string[] {
  const handler = fieldKindOf(field);
  const own = handler.surqlType(field, where);
  const type = field.options.nullable ? `null | ${own}` : own;
  const checks = assertions(field);
  let statement = `DEFINE FIELD OVERWRITE ${path} ON TABLE ${table} TYPE ${optional ? `option<${type}>` : type}`;
  // Without FLEXIBLE a SCHEMAFULL table would reject every key inside the object.
  if (handler.flexible) statement += ' FLEXIBLE';
  const initial = defaultLiteral(field);
  if (initial !== undefined) statement += ` DEFAULT ${initial}`;
  if (checks.length) {
    const all = checks.join(' AND ');
    const empty = [
      ...(optional ? ['$value = NONE'] : []),
      ...(field.options.nullable ? ['$value = NULL'] : []),
    ];
    statement += empty.length
      ? ` ASSERT ${empty.join(' OR ')} OR (${all})`
      : ` ASSERT ${all}`;
  }
  const statements = [statement];
  if (field.item) {
    statements.push(
      ...defineField(table, `${path}.*`, field.item, false, `${where}[*]`),
    );
  }
  // An embedded document's fields; SurrealDB checks them only when the object is there.
  for (const [name, nested] of handler.nested?.(field, where) ?? []) {
    statements.push(
      ...defineField(
        table,
        `${path}.${escapeIdentifier(name, where)}`,
        nested,
        !nested.options.required,
        `${where}.${name}`,
      ),
    );
  }
  return statements;
}

/** @internal What follows `FIELDS` in an index definition; `canonical` is how SurrealDB prints it back. */
function indexBody(
  index: ModelIndex,
  escape: (name: string) => string,
  canonical: boolean,
): string {
  let body = `FIELDS ${index.fields.map(escape).join(', ')}`;
  if (index.kind === 'unique') body += ' UNIQUE';
  if (index.kind === 'search') {
    const { bm25, highlights } = index.search!;
    const defaults = bm25[0] === 1.2 && bm25[1] === 0.75;
    body += ` FULLTEXT ANALYZER ${index.analyzer!.name} BM25`;
    if (canonical || !defaults) body += `(${bm25[0]},${bm25[1]})`;
    if (highlights) body += ' HIGHLIGHTS';
  }
  if (index.kind === 'vector') {
    const { dimension, distance, type, efc, m } = index.vector!;
    body += ` HNSW DIMENSION ${dimension} DIST ${distance.toUpperCase()} TYPE ${type.toUpperCase()} EFC ${efc} M ${m}`;
  }
  return body;
}

function indexStatement(
  metadata: ModelMetadata,
  index: ModelIndex,
  mode: 'IF NOT EXISTS' | 'OVERWRITE',
): string {
  const escape = (name: string) => escapeIdentifier(name, metadata.name);
  return `DEFINE INDEX ${mode} ${index.name} ON TABLE ${metadata.table} ${indexBody(index, escape, false)}`;
}

// Whether the definition SurrealDB reports is the one the model asks for (it appends HNSW details after `M`).
function sameIndex(
  metadata: ModelMetadata,
  index: ModelIndex,
  stored: string,
): boolean {
  const escape = (name: string) => escapeIdentifier(name, metadata.name);
  const expected = `DEFINE INDEX ${index.name} ON ${metadata.table} ${indexBody(index, escape, true)}`;
  return stored === expected || stored.startsWith(`${expected} `);
}

function modelStatements(metadata: ModelMetadata): string[] {
  if (metadata.embedded) {
    throw new ModelDefinitionError(
      `${metadata.name} is an EmbeddedDocument: it has no table; sync the model that embeds it`,
    );
  }
  const { table } = metadata;
  const relation = isRelationModel(metadata.model)
    ? getRelationMetadata(metadata.model)
    : undefined;
  const statements = [
    `DEFINE TABLE IF NOT EXISTS ${table} ${metadata.schemafull ? 'SCHEMAFULL' : 'SCHEMALESS'}${relation ? ` ${relationTableClause(relation)}` : ''}`,
  ];
  for (const [name, field] of metadata.fields) {
    // `TYPE RELATION IN a OUT b` defines a relation's `in` and `out` itself.
    if (relation && (name === 'in' || name === 'out')) continue;
    const path = escapeIdentifier(name, metadata.name);
    statements.push(
      ...defineField(
        table,
        path,
        field,
        !field.options.required,
        `${metadata.name}.${name}`,
      ),
    );
  }
  const indexes = modelIndexes(metadata);
  const analyzers = new Map(
    indexes
      .filter((index) => index.analyzer)
      .map((index) => [index.analyzer!.name, index.analyzer!.body]),
  );
  for (const [name, body] of analyzers)
    statements.push(`DEFINE ANALYZER IF NOT EXISTS ${name} ${body}`);
  for (const index of indexes)
    statements.push(indexStatement(metadata, index, 'IF NOT EXISTS'));
  // A unique relation's `in, out` index belongs to the graph layer.
  if (relation) statements.push(...relationIndexes(relation));
  return statements;
}

/**
 * The SurrealQL that `syncSchema()` runs for these models: `DEFINE TABLE IF NOT EXISTS`, `DEFINE FIELD OVERWRITE`
 * (type, asserts and fixed defaults from the field options, so changed options take effect), `DEFINE ANALYZER` for
 * full-text indexes and `DEFINE INDEX IF NOT EXISTS` for the declared indexes.
 */
export function buildSchema(models: readonly ModelClass[]): string[] {
  return models.flatMap((model) => modelStatements(getModelMetadata(model)));
}

/**
 * Defines the models' tables, fields, analyzers and indexes on `connection`, so the database enforces the field
 * types and rules even for writes that bypass the models. Safe to run at every start-up: an index whose definition
 * changed in the model is redefined (`OVERWRITE`, which rebuilds it); unchanged ones are left alone; indexes the
 * models no longer declare are not removed. Resolves to the statements run.
 */
export async function syncSchema(
  connection: SurrealConnection,
  models: readonly ModelClass[],
): Promise<string[]> {
  const statements = buildSchema(models);
  if (!statements.length) return statements;
  await withConflictRetry(() =>
    connection.query(statements.map((statement) => `${statement};`).join('\n')),
  );
  // `IF NOT EXISTS` kept any older definition under the same name: redefine those that differ.
  const stale: string[] = [];
  for (const model of models) {
    const metadata = getModelMetadata(model);
    const indexes = modelIndexes(metadata);
    if (!indexes.length) continue;
    const [info] = await connection.query<
      [{ indexes?: Record<string, string> }]
    >(`INFO FOR TABLE ${metadata.table}`);
    const stored = info?.indexes ?? {};
    for (const index of indexes) {
      const current = Object.entries(stored).find(
        // Indexes defined by hand may have names this library would refuse: they are never the model's.
        ([name]) =>
          isSafeIdentifier(name) &&
          escapeIdentifier(name, metadata.name) === index.name,
      )?.[1];
      if (current !== undefined && !sameIndex(metadata, index, current)) {
        stale.push(indexStatement(metadata, index, 'OVERWRITE'));
      }
    }
  }
  if (stale.length) {
    await withConflictRetry(() =>
      connection.query(stale.map((statement) => `${statement};`).join('\n')),
    );
  }
  return [...statements, ...stale];
}
