import { Geometry } from 'surrealdb';
import type { GeometryType } from '../field-types.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { isPlainObject } from './field-values.js';

/** The GeoJSON `type` each `GeometryField({ type })` accepts; `feature` takes any geometry. */
const GEOJSON_TYPES: Readonly<Record<GeometryType, string | undefined>> = {
  feature: undefined,
  point: 'Point',
  line: 'LineString',
  polygon: 'Polygon',
  multipoint: 'MultiPoint',
  multiline: 'MultiLineString',
  multipolygon: 'MultiPolygon',
  collection: 'GeometryCollection',
};

const isPosition = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length === 2 &&
  value.every((entry) => typeof entry === 'number' && Number.isFinite(entry));

const isLine = (value: unknown): boolean =>
  Array.isArray(value) && value.length >= 2 && value.every(isPosition);

const isPolygon = (value: unknown): boolean =>
  Array.isArray(value) && value.length >= 1 && value.every(isLine);

const nonEmptyArrayOf =
  (each: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    Array.isArray(value) && value.length >= 1 && value.every(each);

const COORDINATES: Record<string, (value: unknown) => boolean> = {
  Point: isPosition,
  LineString: isLine,
  Polygon: isPolygon,
  MultiPoint: nonEmptyArrayOf(isPosition),
  MultiLineString: nonEmptyArrayOf(isLine),
  MultiPolygon: nonEmptyArrayOf(isPolygon),
};

// The SDK's own parser accepts string and empty coordinates, and NaN, which SurrealDB then stores or rejects late.
function isGeoJson(value: unknown, depth = 0): boolean {
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  if (value.type === 'GeometryCollection') {
    return (
      depth < 8 &&
      Array.isArray(value.geometries) &&
      value.geometries.every((entry) => isGeoJson(entry, depth + 1))
    );
  }
  const coordinates = COORDINATES[value.type];
  return coordinates !== undefined && coordinates(value.coordinates);
}

function geoJsonOf(value: unknown): unknown {
  return value instanceof Geometry ? value.toJSON() : value;
}

/** @internal `GeometryField`: `geometry<type>`; an SDK `Geometry` or a GeoJSON object of finite coordinates. */
export const geometryKind = defineFieldKind({
  kind: 'geometry',
  expected: 'a Geometry or a GeoJSON object with finite [x, y] coordinates',
  checkOptions: (options, _where, fail) => {
    if (
      options.type !== undefined &&
      !Object.hasOwn(GEOJSON_TYPES, options.type)
    ) {
      fail(
        `option "type" must be one of ${Object.keys(GEOJSON_TYPES).join(', ')}`,
      );
    }
  },
  is: (value) => isGeoJson(geoJsonOf(value)),
  check: (value, field, context) => {
    const wanted = field.options.type && GEOJSON_TYPES[field.options.type];
    const actual = (geoJsonOf(value) as { type: string }).type;
    return wanted && actual !== wanted
      ? [context.fail('type', `must be a ${wanted} geometry, not ${actual}`)]
      : NO_ERRORS;
  },
  toDatabase: (value) =>
    value instanceof Geometry ? value : Geometry.fromJSON(value as never),
  surqlType: (field) => {
    // `feature` means any geometry; SurrealDB 3 spells that plain `geometry`.
    const type = field.options.type;
    return type && type !== 'feature' ? `geometry<${type}>` : 'geometry';
  },
});
