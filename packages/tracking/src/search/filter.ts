import { invalidParam } from '../errors.js';

/**
 * MLflow's search filter language: comparisons joined by AND (MLflow has no OR), e.g.
 * `metrics.acc > 0.5 and params.model = 'seed' and tags.\`my key\` LIKE 'x%'`.
 */
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export interface Clause {
  /** The entity prefix as written, normalised: metric, param, tag, attribute, dataset; null when absent. */
  type: 'metric' | 'param' | 'tag' | 'attribute' | 'dataset' | null;
  key: string;
  comparator: Comparator;
  value: string | number | string[];
}

export interface OrderTerm {
  type: Clause['type'];
  key: string;
  ascending: boolean;
}

type Token =
  | { kind: 'ident'; text: string; quoted: boolean }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' | '.' };

const PREFIXES: Record<string, Clause['type']> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

function tokenize(input: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw invalidParam(`Invalid ${what} '${input}': ${msg} at position ${i}`);
  };
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      // quotes double themselves inside ('it''s'), as in SQL; backquoted and double-quoted text names a key
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= input.length) fail(`unterminated ${c} quote`);
        if (input[j] === c) {
          if (input[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += input[j++];
      }
      tokens.push(c === "'" ? { kind: 'string', text } : { kind: 'ident', text, quoted: true });
      i = j + 1;
    } else if (
      (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(input[i + 1] ?? ''))) &&
      // right after a key a dot separates (metrics.v2.5 is the key "v2.5"), it does not start a number
      !(c === '.' && /[\w`"]/.test(input[i - 1] ?? ''))
    ) {
      const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(input.slice(i));
      if (!m) fail('malformed number');
      tokens.push({ kind: 'number', value: Number(m![0]), text: m![0] });
      i += m![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w\-/:]*/.exec(input.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], quoted: false });
      i += m[0].length;
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=' || two === '<>' || two === '==') {
        tokens.push({ kind: 'op', text: two === '<>' ? '!=' : two === '==' ? '=' : two });
        i += 2;
      } else if (c === '!') {
        fail("unexpected '!'");
      } else {
        tokens.push({ kind: 'op', text: c });
        i++;
      }
    } else if (c === '(' || c === ')' || c === ',' || c === '.') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      fail(`unexpected character '${c}'`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
    private readonly what: string,
  ) {}

  fail(msg: string): never {
    throw invalidParam(`Invalid ${this.what} '${this.input}': ${msg}`);
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  isWord(t: Token | undefined, word: string): boolean {
    return t?.kind === 'ident' && !t.quoted && t.text.toUpperCase() === word;
  }

  /** `prefix.key`, `prefix.\`key\``, or a bare/quoted key; dots after the prefix belong to the key (metrics.a.b). */
  identifier(): { type: Clause['type']; key: string } {
    const t = this.next();
    if (!t || t.kind !== 'ident') return this.fail(`expected an identifier such as metrics.acc, got ${t ? describeToken(t) : 'the end'}`);
    // the tokenizer splits at dots, so `metrics.a.b` arrives as metrics . a . b
    const prefix = t.quoted ? undefined : PREFIXES[t.text.toLowerCase()];
    const after = this.peek();
    if (prefix && after?.kind === 'punct' && after.text === '.') {
      this.next();
      const k = this.next();
      if (!k || (k.kind !== 'ident' && k.kind !== 'number')) return this.fail(`expected a key after '${t.text}.'`);
      return { type: prefix, key: k.kind === 'number' ? k.text : k.quoted ? k.text : this.dottedRest(k.text) };
    }
    return { type: null, key: t.quoted ? t.text : this.dottedRest(t.text) };
  }

  /** Glues `a.b.c` split by the tokenizer back together (numbers and words after dots). */
  private dottedRest(start: string): string {
    let key = start;
    while (this.peek()?.kind === 'punct' && (this.peek() as { text: string }).text === '.') {
      const after = this.tokens[this.pos + 1];
      if (!after || (after.kind !== 'ident' && after.kind !== 'number')) break;
      this.pos += 2;
      key += `.${after.kind === 'number' ? after.text.replace(/^\./, '') : after.text}`;
    }
    return key;
  }

  comparator(): Comparator {
    const t = this.next();
    if (t?.kind === 'op') return t.text as Comparator;
    if (this.isWord(t, 'LIKE')) return 'LIKE';
    if (this.isWord(t, 'ILIKE')) return 'ILIKE';
    if (this.isWord(t, 'IN')) return 'IN';
    if (this.isWord(t, 'NOT') && this.isWord(this.peek(), 'IN')) {
      this.next();
      return 'NOT IN';
    }
    return this.fail(`expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN), got ${t ? describeToken(t) : 'the end'}`);
  }

  value(comparator: Comparator): string | number | string[] {
    if (comparator === 'IN' || comparator === 'NOT IN') {
      const open = this.next();
      if (open?.kind !== 'punct' || open.text !== '(') return this.fail(`expected '(' after ${comparator}`);
      const items: string[] = [];
      for (;;) {
        const t = this.next();
        if (t?.kind !== 'string') return this.fail(`expected a quoted string in the ${comparator} list`);
        items.push(t.text);
        const sep = this.next();
        if (sep?.kind === 'punct' && sep.text === ')') break;
        if (sep?.kind !== 'punct' || sep.text !== ',') return this.fail(`expected ',' or ')' in the ${comparator} list`);
      }
      return items;
    }
    const t = this.next();
    if (t?.kind === 'string') return t.text;
    if (t?.kind === 'number') return t.value;
    // MLflow also accepts double-quoted strings as values
    if (t?.kind === 'ident' && t.quoted) return t.text;
    return this.fail(`expected a value (a quoted string or a number), got ${t ? describeToken(t) : 'the end'}`);
  }
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'string':
      return `'${t.text}'`;
    case 'number':
      return t.text;
    default:
      return `'${t.text}'`;
  }
}

export function parseFilter(filter: string | undefined | null, what = 'filter'): Clause[] {
  if (filter === undefined || filter === null || filter.trim() === '') return [];
  if (typeof filter !== 'string') throw invalidParam(`Invalid ${what}: expected a string`);
  const p = new Parser(tokenize(filter, what), filter, what);
  const clauses: Clause[] = [];
  for (;;) {
    const { type, key } = p.identifier();
    const comparator = p.comparator();
    const value = p.value(comparator);
    clauses.push({ type, key, comparator, value });
    if (p.atEnd()) break;
    const t = p.next();
    if (p.isWord(t, 'OR')) p.fail('OR is not supported, only AND');
    if (!p.isWord(t, 'AND')) p.fail(`expected AND between comparisons, got ${t ? describeToken(t) : 'the end'}`);
  }
  return clauses;
}

export function parseOrderBy(terms: readonly string[] | undefined | null, what = 'order_by'): OrderTerm[] {
  if (terms === undefined || terms === null) return [];
  if (!Array.isArray(terms)) throw invalidParam(`Invalid ${what}: expected a list of strings`);
  return terms.map((term) => {
    if (typeof term !== 'string' || term.trim() === '') throw invalidParam(`Invalid ${what} clause ${JSON.stringify(term)}`);
    const p = new Parser(tokenize(term, `${what} clause`), term, `${what} clause`);
    const { type, key } = p.identifier();
    let ascending = true;
    if (!p.atEnd()) {
      const t = p.next();
      if (p.isWord(t, 'DESC')) ascending = false;
      else if (!p.isWord(t, 'ASC')) p.fail(`expected ASC or DESC after the key`);
    }
    if (!p.atEnd()) p.fail('unexpected text after the sort direction');
    return { type, key, ascending };
  });
}

/** SQL LIKE to GLOB (whose matching is case-sensitive, as MLflow's LIKE): % → *, _ → ?, glob specials escaped. */
export function likeToGlob(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else if (ch === '*' || ch === '?' || ch === '[') out += `[${ch}]`;
    else out += ch;
  }
  return out;
}
