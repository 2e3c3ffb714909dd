/**
 * Decodes a request body the way GoTrue's `json.NewDecoder(r.Body).Decode(&params)` does, so bad
 * input gets the same error text (gotrue-api.md §1.2): `EOF` for an empty body, `unexpected EOF`
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
  const value = (): void => {
    ws();
    if (i >= text.length) eof();
    const c = text[i] as string;
    if (c === '{') {
      i++;
      ws();
      if (i >= text.length) eof();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (i >= text.length) eof();
        if (text[i] !== '"') bad('looking for beginning of object key string');
        string();
        ws();
        if (i >= text.length) eof();
        if (text[i] !== ':') bad('after object key');
        i++;
        value();
        ws();
        if (i >= text.length) eof();
        if (text[i] === '}') return void i++;
        if (text[i] !== ',') bad('after object key:value pair');
        i++;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (i >= text.length) eof();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (i >= text.length) eof();
        if (text[i] === ']') return void i++;
        if (text[i] !== ',') bad('after array element');
        i++;
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || /[0-9]/.test(c)) return number();
    bad('looking for beginning of value');
  };
  ws();
  if (i >= text.length) throw new GoJsonError('EOF');
  value();
  return i;
}

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
  for (const [name, kind] of Object.entries(fields)) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    const actual = goType(value);
    const expected = kind === 'boolean' ? 'boolean' : kind;
    if (actual !== expected) {
      const goName = kind === 'object' ? 'map[string]interface {}' : kind === 'boolean' ? 'bool' : 'string';
      throw new GoJsonError(`json: cannot unmarshal ${actual === 'boolean' ? 'bool' : actual} into Go struct field ${structName}.${name} of type ${goName}`);
    }
  }
  return record;
}
