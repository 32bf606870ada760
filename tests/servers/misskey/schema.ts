/**
 * Parameter validation as Misskey does it: each endpoint declares a JSON schema
 * (`paramDef`) compiled by Ajv with `useDefaults: true` and the format
 * `misskey:id` = /^[a-zA-Z0-9]+$/ (server/api/endpoint-base.ts). The first Ajv
 * error becomes
 *   400 INVALID_PARAM  info: {param: error.schemaPath, reason: error.message}
 *
 * This is the subset of Ajv (draft-07, allErrors: false) the endpoints here use,
 * with Ajv's messages, schema paths and keyword order:
 *   type (with `nullable`) → untyped keywords (enum, if/then) →
 *   number: maximum, minimum · string: maxLength, minLength, pattern, format ·
 *   array: maxItems, minItems, uniqueItems, items · object: required, properties.
 * String lengths count code points (Ajv's ucs2length), not UTF-16 units.
 * Defaults are filled in while `properties` is checked, as Ajv does.
 */

export type JsonType = 'object' | 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'null';

export interface Schema {
  type?: JsonType;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'misskey:id';
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  if?: Schema;
  then?: Schema;
}

export interface SchemaError {
  schemaPath: string;
  message: string;
}

const FORMATS: Record<string, RegExp> = { 'misskey:id': /^[a-zA-Z0-9]+$/ };

function typeOf(value: unknown): JsonType | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object') return typeof value as JsonType;
  return 'undefined';
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

/** Ajv's equal() for uniqueItems/enum: deep equality of JSON values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Validates (and fills defaults into) `data`; returns the first error like Ajv, or null. */
export function validate(schema: Schema, data: unknown, path = '#'): SchemaError | null {
  // type, with OpenAPI's `nullable` adding null to the allowed types
  if (schema.type) {
    const ok = matchesType(data, schema.type) || (schema.nullable === true && data === null);
    if (!ok) return { schemaPath: `${path}/type`, message: `must be ${schema.type}` };
  }

  // keywords that apply to any type
  if (schema.enum && !schema.enum.some((v) => deepEqual(v, data))) {
    return { schemaPath: `${path}/enum`, message: 'must be equal to one of the allowed values' };
  }
  if (schema.if) {
    // Ajv evaluates `if` without reporting its errors, then `then` when it passed.
    const passed = validate(schema.if, structuredCloneJson(data), `${path}/if`) === null;
    if (passed && schema.then) {
      const error = validate(schema.then, data, `${path}/then`);
      if (error) return error;
    }
  }

  const actual = typeOf(data);
  if (actual === 'number' || actual === 'integer') {
    const n = data as number;
    if (schema.maximum !== undefined && !(n <= schema.maximum)) return { schemaPath: `${path}/maximum`, message: `must be <= ${schema.maximum}` };
    if (schema.minimum !== undefined && !(n >= schema.minimum)) return { schemaPath: `${path}/minimum`, message: `must be >= ${schema.minimum}` };
  } else if (actual === 'string') {
    const s = data as string;
    const length = [...s].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      return { schemaPath: `${path}/maxLength`, message: `must NOT have more than ${schema.maxLength} characters` };
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      return { schemaPath: `${path}/minLength`, message: `must NOT have fewer than ${schema.minLength} characters` };
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(s)) {
      return { schemaPath: `${path}/pattern`, message: `must match pattern "${schema.pattern}"` };
    }
    if (schema.format !== undefined && !FORMATS[schema.format]!.test(s)) {
      return { schemaPath: `${path}/format`, message: `must match format "${schema.format}"` };
    }
  } else if (actual === 'array') {
    const arr = data as unknown[];
    if (schema.maxItems !== undefined && arr.length > schema.maxItems) {
      return { schemaPath: `${path}/maxItems`, message: `must NOT have more than ${schema.maxItems} items` };
    }
    if (schema.minItems !== undefined && arr.length < schema.minItems) {
      return { schemaPath: `${path}/minItems`, message: `must NOT have fewer than ${schema.minItems} items` };
    }
    if (schema.uniqueItems) {
      // Ajv walks from the end: "items ## j and i are identical" with i < j.
      for (let i = arr.length - 1; i >= 0; i--) {
        for (let j = arr.length - 1; j > i; j--) {
          if (deepEqual(arr[i], arr[j])) {
            return { schemaPath: `${path}/uniqueItems`, message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)` };
          }
        }
      }
    }
    if (schema.items) {
      for (const item of arr) {
        const error = validate(schema.items, item, `${path}/items`);
        if (error) return error;
      }
    }
  } else if (actual === 'object') {
    const obj = data as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined) return { schemaPath: `${path}/required`, message: `must have required property '${key}'` };
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (obj[key] === undefined) {
        if (sub.default !== undefined) obj[key] = structuredCloneJson(sub.default);
        continue;
      }
      const error = validate(sub, obj[key], `${path}/properties/${key}`);
      if (error) return error;
    }
  }
  return null;
}

function structuredCloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
