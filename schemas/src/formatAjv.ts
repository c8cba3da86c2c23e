import type { ErrorObject } from './ajv.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from './issues.js';
import { closest } from './suggest.js';

type SchemaNode = Record<string, unknown>;

const maxPatternShown = 40;

/**
 * Turns ajv's errors into issues a city team can act on: the pointer of the offending value, the value, what is
 * wrong with it in words, and what is allowed (taken from the schema: enum values, bounds, the description of a
 * pattern or format, the known properties).
 */
export function issuesFromAjvErrors(errors: readonly ErrorObject[], file: string): ValidationIssue[] {
  // A failed property name also reports a `propertyNames` error on the object: the inner one says more.
  const namesWithInnerErrors = new Set(
    errors.filter((e) => e.propertyName !== undefined && e.keyword !== 'propertyNames').map((e) => e.instancePath),
  );
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    if (error.keyword === 'propertyNames' && namesWithInnerErrors.has(error.instancePath)) continue;
    const issue = issueOf(error, file);
    const key = `${issue.pointer}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function issueOf(error: ErrorObject, file: string): ValidationIssue {
  const parent = isNode(error.parentSchema) ? error.parentSchema : {};
  const params = error.params as Record<string, unknown>;
  const data: unknown = error.data;
  const at = error.instancePath;
  const shown = showValue(data);

  const { propertyName, ...aboutTheName } = error;
  if (propertyName !== undefined) {
    const problem = issueOf(aboutTheName, file);
    return issueAt(file, pointerJoin(at, propertyName), `property name ${problem.message}`, {
      value: propertyName,
      allowed: problem.allowed,
    });
  }

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const described = describedProperty(parent, missing);
      return issueAt(file, at, `missing required property "${missing}"${described ? ` (${described})` : ''}`);
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const known = Object.keys(isNode(parent.properties) ? parent.properties : {});
      const suggestion = closest(unknown, known);
      return issueAt(
        file,
        pointerJoin(at, unknown),
        `unknown property "${unknown}"${suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : ''}`,
        { allowed: known.join(', ') },
      );
    }
    case 'enum': {
      const values = Array.isArray(params.allowedValues) ? (params.allowedValues as unknown[]) : [];
      const suggestion =
        typeof data === 'string' ? closest(data, values.filter((v): v is string => typeof v === 'string')) : undefined;
      return issueAt(
        file,
        at,
        `${shown} is not one of the allowed values${suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : ''}`,
        { value: data, allowed: values.map((v) => JSON.stringify(v)).join(', ') },
      );
    }
    case 'const':
      return issueAt(file, at, `${shown} is not the expected value`, {
        value: data,
        allowed: JSON.stringify(params.allowedValue),
      });
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((type) => article(type))
        .join(' or ');
      return issueAt(file, at, `${shown} is ${article(typeName(data))}, expected ${expected}`, { value: data });
    }
    case 'pattern': {
      // A long expression helps no one reading the message; the pattern's description says what is allowed.
      const pattern = String(params.pattern);
      const allowed = describedValue(parent);
      const problem =
        allowed !== undefined && pattern.length > maxPatternShown ? 'has the wrong form' : `does not match ${pattern}`;
      return issueAt(file, at, `${shown} ${problem}`, { value: data, allowed });
    }
    case 'format':
      return issueAt(file, at, `${shown} is not a valid ${String(params.format)}`, {
        value: data,
        allowed: describedValue(parent),
      });
    case 'minimum':
    case 'exclusiveMinimum':
      return issueAt(file, at, `${shown} is less than the minimum ${String(params.limit)}`, {
        value: data,
        allowed: range(parent),
      });
    case 'maximum':
    case 'exclusiveMaximum':
      return issueAt(file, at, `${shown} is more than the maximum ${String(params.limit)}`, {
        value: data,
        allowed: range(parent),
      });
    case 'minLength':
      return issueAt(file, at, `${shown} is shorter than ${plural(Number(params.limit), 'character')}`, {
        value: data,
      });
    case 'maxLength':
      return issueAt(file, at, `${shown} is longer than ${plural(Number(params.limit), 'character')}`, {
        value: data,
      });
    case 'minItems':
      return issueAt(
        file,
        at,
        `has ${plural(Array.isArray(data) ? data.length : 0, 'item')}, fewer than the minimum ${String(params.limit)}`,
      );
    case 'maxItems':
      return issueAt(
        file,
        at,
        `has ${plural(Array.isArray(data) ? data.length : 0, 'item')}, more than the maximum ${String(params.limit)}`,
      );
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const item: unknown = Array.isArray(data) ? data[later] : undefined;
      return issueAt(file, pointerJoin(at, later), `${showValue(item)} repeats item ${earlier}`, { value: item });
    }
    case 'minProperties':
      return issueAt(file, at, `has fewer than ${plural(Number(params.limit), 'property', 'properties')}`);
    default:
      return issueAt(file, at, `${shown} ${error.message ?? `fails ${error.keyword}`}`, { value: data });
  }
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The description of a schema that holds a pattern or format: our schemas phrase those as what is allowed. */
function describedValue(schema: SchemaNode): string | undefined {
  return typeof schema.description === 'string' ? schema.description : undefined;
}

function describedProperty(schema: SchemaNode, name: string): string | undefined {
  const property = isNode(schema.properties) ? schema.properties[name] : undefined;
  return isNode(property) && typeof property.description === 'string' ? property.description : undefined;
}

function range(schema: SchemaNode): string | undefined {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  // Counts and credits are capped at 2^53 - 1 only so they stay exact in JavaScript: not a limit worth printing.
  const limit = schema.maximum ?? schema.exclusiveMaximum;
  const max = typeof limit === 'number' && limit >= Number.MAX_SAFE_INTEGER ? undefined : limit;
  const low = schema.exclusiveMinimum !== undefined ? `more than ${String(min)}` : `${String(min)}`;
  const high = schema.exclusiveMaximum !== undefined ? `less than ${String(max)}` : `${String(max)}`;
  const kind = schema.type === 'integer' ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${low} to ${high}`;
  if (min !== undefined) return `${kind} of at least ${low}`;
  if (max !== undefined) return `${kind} of at most ${high}`;
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  const words: Record<string, string> = {
    null: 'null',
    array: 'a list',
    object: 'an object',
    integer: 'a whole number',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
  };
  return words[type] ?? type;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
