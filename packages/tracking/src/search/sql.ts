import { invalidParam } from '../errors.js';
import { likeToGlob, parseFilter, parseOrderBy, type Clause, type OrderTerm } from './filter.js';

/**
 * Compiles parsed filters and order terms to SQL over one entity table. Every value travels as a bound
 * parameter; only column names from the fixed specs below are spliced into the text.
 */
export interface AttributeSpec {
  column: string;
  kind: 'string' | 'number';
  /** Comparators allowed for this attribute, when narrower than the kind's. */
  comparators?: readonly Clause['comparator'][];
  /** Turns the filter's value into the stored one (e.g. a version string to its integer). */
  coerce?: (v: string | number) => string | number;
  nullable?: boolean;
}

/** A key/value side table joined on the entity's key columns (tags, params, latest metrics). */
export interface SideTableSpec {
  table: string;
  /** `x.col = <entity>.col` join conditions, with the side table aliased as x. */
  join: string;
  kind: 'string' | 'number';
}

export interface EntitySpec {
  what: string;
  alias: string;
  attributes: Record<string, AttributeSpec>;
  /** Entity prefix → side table; `null` is the bare key, which names an attribute. */
  sides: Partial<Record<'metric' | 'param' | 'tag', SideTableSpec>>;
  /** Extra clause compilers (e.g. datasets for runs). */
  extra?: (clause: Clause, params: unknown[]) => string | undefined;
}

export interface CompiledQuery {
  where: string[];
  joins: string[];
  orderBy: string[];
  params: unknown[];
  /** Parameters of the JOIN clauses, which come before the WHERE ones in the text. */
  joinParams: unknown[];
}

const STRING_OPS: readonly Clause['comparator'][] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMBER_OPS: readonly Clause['comparator'][] = ['=', '!=', '<', '<=', '>', '>='];

function comparison(column: string, c: Clause, kind: 'string' | 'number', what: string, params: unknown[], allowed?: readonly Clause['comparator'][]): string {
  const ops = allowed ?? (kind === 'string' ? STRING_OPS : NUMBER_OPS);
  const label = `${c.type ? `${c.type}.` : ''}${c.key}`;
  if (!ops.includes(c.comparator)) {
    throw invalidParam(`Invalid comparator '${c.comparator}' for ${label} in the ${what} filter: expected one of ${ops.join(', ')}`);
  }
  if (c.comparator === 'IN' || c.comparator === 'NOT IN') {
    const list = c.value as string[];
    params.push(...list);
    return `${column} ${c.comparator} (${list.map(() => '?').join(', ')})`;
  }
  if (kind === 'number') {
    if (typeof c.value !== 'number') throw invalidParam(`Expected a numeric value for ${label} in the ${what} filter, got '${String(c.value)}'`);
    params.push(c.value);
    return `${column} ${c.comparator} ?`;
  }
  if (typeof c.value !== 'string') throw invalidParam(`Expected a quoted string value for ${label} in the ${what} filter, got ${String(c.value)}`);
  if (c.comparator === 'LIKE') {
    params.push(likeToGlob(c.value));
    return `${column} GLOB ?`;
  }
  if (c.comparator === 'ILIKE') {
    params.push(likeToGlob(c.value.toLowerCase()));
    return `lower(${column}) GLOB ?`;
  }
  params.push(c.value);
  return `${column} ${c.comparator} ?`;
}

export function compileSearch(spec: EntitySpec, filter: string | undefined, orderBy: readonly string[] | undefined): CompiledQuery {
  const clauses = parseFilter(filter, `${spec.what} filter`);
  const terms = parseOrderBy(orderBy, `${spec.what} order_by`);
  const params: unknown[] = [];
  const where: string[] = [];
  for (const c of clauses) where.push(compileClause(spec, c, params));
  const joinParams: unknown[] = [];
  const joins: string[] = [];
  const order: string[] = [];
  terms.forEach((t, i) => compileOrder(spec, t, i, joins, joinParams, order));
  return { where, joins, orderBy: order, params, joinParams };
}

function compileClause(spec: EntitySpec, c: Clause, params: unknown[]): string {
  if (c.type === null || c.type === 'attribute') {
    const attr = spec.attributes[c.key];
    if (!attr) throw invalidParam(`Invalid attribute key '${c.key}' in the ${spec.what} filter: expected one of ${Object.keys(spec.attributes).join(', ')}`);
    const value = attr.coerce && !Array.isArray(c.value) ? attr.coerce(c.value) : c.value;
    return comparison(`${spec.alias}.${attr.column}`, { ...c, value }, attr.kind, spec.what, params, attr.comparators);
  }
  const extra = spec.extra?.(c, params);
  if (extra !== undefined) return extra;
  const side = c.type === 'dataset' ? undefined : spec.sides[c.type];
  if (!side) throw invalidParam(`Invalid entity type '${c.type}' in the ${spec.what} filter`);
  params.push(c.key);
  const cond = comparison('x.value', c, side.kind, spec.what, params);
  // NaN metrics are stored as 0 with is_nan set: no comparison holds for them
  const nan = side.table === 'latest_metrics' ? ' AND x.is_nan = 0' : '';
  return `EXISTS (SELECT 1 FROM ${side.table} x WHERE ${side.join} AND x.key = ?${nan} AND ${cond})`;
}

function compileOrder(spec: EntitySpec, t: OrderTerm, i: number, joins: string[], joinParams: unknown[], order: string[]): void {
  const dir = t.ascending ? 'ASC' : 'DESC';
  if (t.type === null || t.type === 'attribute') {
    const attr = spec.attributes[t.key];
    if (!attr) throw invalidParam(`Invalid order_by key '${t.key}' for ${spec.what}: expected one of ${Object.keys(spec.attributes).join(', ')}`);
    const col = `${spec.alias}.${attr.column}`;
    if (attr.nullable) order.push(`(${col} IS NULL)`);
    order.push(`${col} ${dir}`);
    return;
  }
  const side = t.type === 'dataset' ? undefined : spec.sides[t.type];
  if (!side) throw invalidParam(`Invalid order_by entity type '${t.type}' for ${spec.what}`);
  const a = `o${i}`;
  joins.push(`LEFT JOIN ${side.table} ${a} ON ${side.join.replaceAll('x.', `${a}.`)} AND ${a}.key = ?`);
  joinParams.push(t.key);
  // entities without the key sort last in both directions, as in MLflow
  order.push(`(${a}.key IS NULL)`);
  if (side.table === 'latest_metrics') order.push(`${a}.is_nan`);
  order.push(`${a}.value ${dir}`);
}
