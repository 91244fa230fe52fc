import * as health from 'nestjs-surrealengine/health';
import * as core from 'nestjs-surrealengine/core';
import * as root from 'nestjs-surrealengine';
import * as testing from 'nestjs-surrealengine/testing';

// The public API is an explicit list (lib/core.ts, lib/index.ts and the health/testing barrels). This pins the runtime
// names, so that adding or removing one is a deliberate change of this file, and internals never leak by `export *`.
const CORE = [
  'Condition',
  'ConnectionRegistry',
  'DEFAULT_CONNECTION_NAME',
  'DateTime',
  'Decimal',
  'Duration',
  'Geometry',
  'GeometryCollection',
  'GeometryLine',
  'GeometryMultiLine',
  'GeometryMultiPoint',
  'GeometryMultiPolygon',
  'GeometryPoint',
  'GeometryPolygon',
  'BooleanField',
  'BytesField',
  'DateTimeField',
  'DecimalField',
  'DictField',
  'Document',
  'DoesNotExistError',
  'DurationField',
  'EmailField',
  'EmbeddedDocument',
  'EmbeddedField',
  'FloatField',
  'GeometryField',
  'IntField',
  'InvalidQueryError',
  'InvalidRecordIdError',
  'IPField',
  'ListField',
  'LiteralField',
  'ModelDefinitionError',
  'MultipleObjectsReturnedError',
  'NotUniqueError',
  'Q',
  'QuerySet',
  'RecordId',
  'RecordIdField',
  'ReferenceField',
  'SetField',
  'SlugField',
  'StaleDocumentError',
  'Repository',
  'StringField',
  'StringRecordId',
  'SurrealAuthenticationError',
  'SurrealConfigError',
  'SurrealConnection',
  'SurrealConnectionError',
  'SurrealConnectionNotFoundError',
  'SurrealEngineError',
  'SurrealPoolTimeoutError',
  'SurrealTimeoutError',
  'SurrealTransactionConflictError',
  'Table',
  'URLField',
  'UUIDField',
  'Uuid',
  'ValidationError',
  'VectorField',
  'and',
  'between',
  'buildSchema',
  'connectionRegistry',
  'contains',
  'containsAll',
  'containsAny',
  'containsNone',
  'createConnection',
  'eeq',
  'eq',
  'getModelMetadata',
  'gt',
  'gte',
  'inside',
  'intersects',
  'isModelClass',
  'isTransactionConflict',
  'getRelationMetadata',
  'isRelationModel',
  'Relation',
  'MAX_FETCH_DEPTH',
  'DEFAULT_INSERT_CHUNK',
  'PartialInsertError',
  'lt',
  'lte',
  'matches',
  'ne',
  'not',
  'or',
  'outside',
  'syncSchema',
  'withConflictRetry',
  'withConnection',
  // Aggregation and computed values
  'Aggregate',
  'AggregateQuery',
  'Expression',
  'GroupedQuerySet',
  'avg',
  'count',
  'distinct',
  'length',
  'lower',
  'max',
  'min',
  'sum',
  'upper',
  // Hooks, subscribers, timestamps, custom repositories, registries by name, model transactions
  'AfterDelete',
  'AfterSave',
  'BeforeDelete',
  'BeforeSave',
  'BeforeValidate',
  'RepositoryFor',
  'Timestamps',
  'Transactional',
  'addDocumentSubscriber',
  'currentTransaction',
  'findConnection',
  'runInTransaction',
];

const NEST = [
  'InjectConnection',
  'InjectRepository',
  'ParseRecordIdPipe',
  'SurrealExceptionFilter',
  'SurrealModule',
  'getConnectionToken',
  'getRepositoryToken',
];

const sorted = (names: string[]) => [...names].sort();

describe('the public API', () => {
  it('nestjs-surrealengine/core exports exactly its list', () => {
    expect(sorted(Object.keys(core))).toEqual(sorted(CORE));
  });

  it('nestjs-surrealengine is the core plus the NestJS module', () => {
    expect(sorted(Object.keys(root))).toEqual(sorted([...CORE, ...NEST]));
  });

  it('health and testing export only their own names', () => {
    expect(sorted(Object.keys(health))).toEqual([
      'DEFAULT_PING_CHECK_TIMEOUT',
      'SurrealHealthIndicator',
    ]);
    expect(sorted(Object.keys(testing))).toEqual([
      'TestServer',
      'startTestServer',
    ]);
  });

  it('keeps internals private', () => {
    const exported = new Set(Object.keys(root));
    for (const internal of [
      'compileAssignments',
      'compileLookup',
      'resolvePath',
      'parseFilterKey',
      'hydrate',
      'validateFieldValue',
      'valueKind',
      'describeCause',
      'redactUrl',
      'consoleLogger',
      'silentLogger',
      'isSafeIdentifier',
      'LOOKUPS',
      'SURREAL_MODULE_OPTIONS',
      'getModuleOptionsToken',
      'raw',
    ]) {
      expect({ internal, exported: exported.has(internal) }).toEqual({
        internal,
        exported: false,
      });
    }
  });
});
