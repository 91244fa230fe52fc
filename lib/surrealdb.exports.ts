// What an app needs from the SDK (`surrealdb`, a dependency of this package) next to this library, so that it
// imports everything from `nestjs-surrealengine` and need not depend on `surrealdb` itself: record ids and the
// value types models use, and the expression helpers of `connection.live({ where })`, whose values stay bound.
// `raw` is left out on purpose: it pastes text into SurrealQL. The SDK's `and`, `or` and `not` are left out too: this
// package's own `and`, `or`, `not` combine lookup objects (`Q`); combine `live({ where })` expressions from `surrealdb`.
export {
  DateTime,
  Decimal,
  Duration,
  Geometry,
  GeometryCollection,
  GeometryLine,
  GeometryMultiLine,
  GeometryMultiPoint,
  GeometryMultiPolygon,
  GeometryPoint,
  GeometryPolygon,
  RecordId,
  StringRecordId,
  Table,
  Uuid,
  between,
  contains,
  containsAll,
  containsAny,
  containsNone,
  eeq,
  eq,
  gt,
  gte,
  inside,
  intersects,
  lt,
  lte,
  matches,
  ne,
  outside,
  type Expr,
} from 'surrealdb';
