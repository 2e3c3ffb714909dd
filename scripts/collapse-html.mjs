// A build step for lit templates: inside the static parts of `html`-tagged templates, a run of
// whitespace that contains a line break becomes one space (or none next to a tag's `>` before a
// block element), and quotes around plain attribute values go. HTML reads both the same (no
// template here holds <pre> or <textarea>), and the script-tag bundle stops carrying ~3 KB of
// template indentation. Only template chunks change, so code, strings and other tags are left
// alone. A source map goes with the edit.
import ts from 'typescript';

const BREAK_RUN = /\s*\n\s*/g;
const UNQUOTED = /="([\w-]+)"(?=[\s>])/g;
const BLOCK_TAG = /^<(div|p|h[1-6]|form|section|dialog)[\s>]/;

/** [start, end, replacement] edits of the source text, in order. */
export function findEdits(code, fileName = 'file.ts') {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits = [];
  const collapse = (start, end) => {
    const text = code.slice(start, end);
    // A static attribute value of word characters needs no quotes (HTML's unquoted syntax), as
    // long as a space or `>` ends it: `a="x"/>` unquoted would read as the value `x/`.
    for (const match of text.matchAll(UNQUOTED)) edits.push([start + match.index + 1, start + match.index + match[0].length, match[1]]);
    for (const match of text.matchAll(BREAK_RUN)) {
      const from = start + match.index;
      const to = from + match[0].length;
      // Before a tag's `>` the space means nothing; nor between a tag and a block-level one.
      const tight = code[to] === '>' || (code[from - 1] === '>' && BLOCK_TAG.test(code.slice(to, to + 9)));
      edits.push([from, to, tight ? '' : ' ']);
    }
  };
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'html') {
      const template = node.template;
      // Literal chunks, without their delimiters: `…`, `…${, }…${ and }…`.
      if (ts.isNoSubstitutionTemplateLiteral(template)) collapse(template.getStart(source) + 1, template.end - 1);
      else {
        collapse(template.head.getStart(source) + 1, template.head.end - 2);
        for (const span of template.templateSpans) {
          const literal = span.literal;
          collapse(literal.getStart(source) + 1, literal.end - (ts.isTemplateTail(literal) ? 1 : 2));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits.sort((a, b) => a[0] - b[0]);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest) digit |= 32;
    out += BASE64[digit];
  } while (rest);
  return out;
}

const kind = (char) => (/\s/.test(char) ? 0 : /\w/.test(char) ? 1 : 2);

/**
 * Applies the edits and writes a source map from the result back to `code`: a segment at every
 * line start, every change between word, space and punctuation, and around every edit, so
 * positions in the minified bundle still point at the right token of the source.
 */
export function applyEdits(code, edits, fileName) {
  let out = '';
  const lines = [[]];
  let outCol = 0;
  let line = 0;
  let col = 0;
  let force = true;
  const mark = (originalLine, originalCol) => lines[lines.length - 1].push([outCol, originalLine, originalCol]);
  let next = 0;
  for (let i = 0; i < code.length; ) {
    const edit = edits[next];
    if (edit && edit[0] === i) {
      if (edit[2]) mark(line, col);
      out += edit[2];
      outCol += edit[2].length;
      for (const char of code.slice(edit[0], edit[1])) {
        if (char === '\n') (line++, (col = 0));
        else col++;
      }
      i = edit[1];
      next++;
      force = true;
      continue;
    }
    const char = code[i];
    if (force || outCol === 0 || kind(char) !== kind(code[i - 1])) mark(line, col);
    force = false;
    out += char;
    if (char === '\n') {
      lines.push([]);
      outCol = 0;
      line++;
      col = 0;
    } else {
      outCol++;
      col++;
    }
    i++;
  }
  let previousLine = 0;
  let previousCol = 0;
  const mappings = lines
    .map((segments) => {
      let previousOut = 0;
      return segments
        .map(([column, originalLine, originalCol]) => {
          const segment = vlq(column - previousOut) + 'A' + vlq(originalLine - previousLine) + vlq(originalCol - previousCol);
          previousOut = column;
          previousLine = originalLine;
          previousCol = originalCol;
          return segment;
        })
        .join(',');
    })
    .join(';');
  return { code: out, map: { version: 3, file: fileName, sources: [fileName], sourcesContent: [code], names: [], mappings } };
}

/** The Vite/rolldown plugin: our own TypeScript and JavaScript sources, before they are compiled. */
export function collapseHtmlWhitespace() {
  return {
    name: 'gotrue-auth:collapse-html-whitespace',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.[cm]?[jt]s$/.test(id) || !code.includes('html`')) return null;
      const edits = findEdits(code, id);
      return edits.length ? applyEdits(code, edits, id) : null;
    },
  };
}
