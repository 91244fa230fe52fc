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
import { escapeIdentifier } from './identifier.js';
import { fieldKindOf } from './fields/field-kind.registry.js';
import { getModelMetadata, type ModelMetadata } from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';

function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return toSurqlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// Regexes are left to the model: JavaScript and SurrealDB (Rust) regex dialects differ, and a pattern the database
// cannot compile would fail every write.
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
  checks.push(...handler.assertions(field));
  return checks;
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
  const indexes = relation ? relationIndexes(relation) : [];
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
    if (field.options.unique) {
      const index = escapeIdentifier(
        `${metadata.collection}_${name}_unique`,
        metadata.name,
      );
      indexes.push(
        `DEFINE INDEX IF NOT EXISTS ${index} ON TABLE ${table} FIELDS ${path} UNIQUE`,
      );
    }
  }
  return [...statements, ...indexes];
}

/**
 * The SurrealQL that `syncSchema()` runs for these models: `DEFINE TABLE IF NOT EXISTS`, `DEFINE FIELD OVERWRITE`
 * (type and asserts from the field options, so changed options take effect) and `DEFINE INDEX IF NOT EXISTS ... UNIQUE`.
 */
export function buildSchema(models: readonly ModelClass[]): string[] {
  return models.flatMap((model) => modelStatements(getModelMetadata(model)));
}

/**
 * Defines the models' tables, fields and unique indexes on `connection`, so the database enforces the field types and
 * rules even for writes that bypass the models. Safe to run at every start-up. Resolves to the statements run.
 */
export async function syncSchema(
  connection: SurrealConnection,
  models: readonly ModelClass[],
): Promise<string[]> {
  const statements = buildSchema(models);
  if (statements.length) {
    await withConflictRetry(() =>
      connection.query(
        statements.map((statement) => `${statement};`).join('\n'),
      ),
    );
  }
  return statements;
}
