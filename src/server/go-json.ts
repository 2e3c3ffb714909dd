/**
 * Decodes a request body the way GoTrue's `json.NewDecoder(r.Body).Decode(&params)` does, so bad
 * input gets the same error text: `EOF` for an empty body, `unexpected EOF`
 * for a truncated one, `invalid character 'e' looking for beginning of value` for a form body.
 * Only the first JSON value is read; trailing bytes are ignored, as Go's Decoder does.
 */

export class GoJsonError extends Error {}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const quoted = JSON.stringify(c).slice(1, -1);
  return `'${quoted}'`;
}

/** Go's encoding/json gives up past 10,000 nested arrays and objects. */
const MAX_DEPTH = 10_000;

/** Scans one JSON value from `text`; throws GoJsonError with Go's message on the first problem. */
function scan(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const eof = (): never => {
    throw new GoJsonError('unexpected EOF');
  };
  const bad = (context: string): never => {
    throw new GoJsonError(`invalid character ${quoteChar(text[i] as string)} ${context}`);
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) {
      if (i >= text.length) eof();
      if (text[i] !== word[k]) bad(`in literal ${word} (expecting ${quoteChar(word[k] as string)})`);
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) eof();
      const c = text[i] as string;
      if (c === '"') return void i++;
      if (c < ' ') bad('in string literal');
      if (c === '\\') {
        i++;
        if (i >= text.length) eof();
        const e = text[i] as string;
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= text.length) eof();
            if (!/[0-9a-fA-F]/.test(text[i] as string)) bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(e)) bad('in string escape code');
      }
      i++;
    }
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      if (i >= text.length) eof();
      if (!/[0-9]/.test(text[i] as string)) bad('in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
    if (text[i] === '.') {
      i++;
      if (i >= text.length) eof();
      if (!/[0-9]/.test(text[i] as string)) bad('after decimal point in numeric literal');
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= text.length) eof();
      if (!/[0-9]/.test(text[i] as string)) bad('in exponent of numeric literal');
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
    }
  };
  const key = () => {
    ws();
    if (i >= text.length) eof();
    if (text[i] !== '"') bad('looking for beginning of object key string');
    string();
    ws();
    if (i >= text.length) eof();
    if (text[i] !== ':') bad('after object key');
    i++;
  };
  // Iterative, with Go's nesting limit: a body nested thousands deep must not overflow the stack.
  const open: string[] = [];
  ws();
  if (i >= text.length) throw new GoJsonError('EOF');
  for (;;) {
    ws();
    if (i >= text.length) eof();
    const c = text[i] as string;
    if (c === '{' || c === '[') {
      if (open.length >= MAX_DEPTH) bad('exceeded max depth');
      open.push(c);
      i++;
      ws();
      if (i >= text.length) eof();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
        open.pop();
      } else {
        if (c === '{') key();
        continue;
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || /[0-9]/.test(c)) number();
    else bad('looking for beginning of value');
    // A value is complete: close the containers it completes, then expect the next value.
    for (;;) {
      const container = open.at(-1);
      if (container === undefined) return i;
      ws();
      if (i >= text.length) eof();
      if (text[i] === (container === '{' ? '}' : ']')) {
        i++;
        open.pop();
        continue;
      }
      if (text[i] !== ',') bad(container === '{' ? 'after object key:value pair' : 'after array element');
      i++;
      if (container === '{') key();
      break;
    }
  }
}

/** Go's decoder replaces half a surrogate pair (`"\ud800"`) with U+FFFD; so does this. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Replaces lone surrogates in every string and key of a parsed value, without recursion. */
function replaceLoneSurrogates(root: Record<string, unknown>): void {
  const pending: Array<Record<string, unknown> | unknown[]> = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((v, k) => [k, v])
      : Object.entries(node);
    for (const [k, v] of entries) {
      const fixed = typeof v === 'string' ? wellFormed(v) : v;
      if (typeof k === 'string' && wellFormed(k) !== k) {
        delete (node as Record<string, unknown>)[k];
        (node as Record<string, unknown>)[wellFormed(k)] = fixed;
      } else if (fixed !== v) {
        (node as Record<string | number, unknown>)[k] = fixed;
      }
      if (fixed && typeof fixed === 'object') pending.push(fixed as Record<string, unknown>);
    }
  }
}

/**
 * Nesting depth as MySQL counts it (a scalar or empty container is 1 level). GoTrue keeps
 * metadata in MySQL JSON columns, which refuse documents deeper than 100 levels.
 */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, depth] = item;
    deepest = Math.max(deepest, depth);
    if (node && typeof node === 'object') for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

const MAX_STORED_DEPTH = 100;

function goType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/**
 * Parses the first JSON value of `text` into an object whose listed fields have the listed
 * kinds. `structName` names the Go struct in type errors, as Go's decoder does.
 */
export function decodeGoJson(
  text: string,
  structName: string,
  fields: Record<string, 'string' | 'object' | 'boolean'>,
): Record<string, unknown> {
  const end = scan(text);
  const parsed: unknown = JSON.parse(text.slice(0, end));
  if (parsed === null) return {};
  if (goType(parsed) !== 'object') {
    throw new GoJsonError(`json: cannot unmarshal ${goType(parsed)} into Go value of type api.${structName}`);
  }
  const record = parsed as Record<string, unknown>;
  if (/\\u[dD][89a-fA-F]/.test(text)) replaceLoneSurrogates(record);
  for (const [name, kind] of Object.entries(fields)) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    const actual = goType(value);
    const expected = kind === 'boolean' ? 'boolean' : kind;
    if (actual !== expected) {
      const goName = kind === 'object' ? 'map[string]interface {}' : kind === 'boolean' ? 'bool' : 'string';
      throw new GoJsonError(
        `json: cannot unmarshal ${actual === 'boolean' ? 'bool' : actual} into Go struct field ${structName}.${name} of type ${goName}`,
      );
    }
    // Where GoTrue's database would fail with a 500, this answers 400 before anything is stored.
    if (kind === 'object' && depthOf(value) > MAX_STORED_DEPTH) {
      throw new GoJsonError(
        `${structName}.${name} is nested deeper than ${MAX_STORED_DEPTH} levels, more than GoTrue can store`,
      );
    }
  }
  return record;
}
