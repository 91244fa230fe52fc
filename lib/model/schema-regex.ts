// JavaScript and SurrealDB (Rust `regex` crate) patterns differ: `\d` and `\w` are Unicode in Rust, `.` stops at
// fewer line ends, `[` nests, lookaround and back-references do not exist. Only patterns whose meaning can be kept
// exactly are translated; for any other the model alone checks the regex.

// JavaScript's `\s`, spelled for a Rust character class.
const SPACE =
  '\\t\\n\\x0B\\f\\r \\xA0\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const CLASSES: Record<string, string> = {
  d: '0-9',
  w: '0-9A-Za-z_',
  s: SPACE,
};
// Escapes both dialects read the same way.
const SAME = new Set(['t', 'n', 'r', 'f', 'v']);
const QUANTIFIER = /^\{\d+(,\d*)?\}/;

/**
 * @internal The Rust regex matching exactly what `regex` matches in JavaScript, or `undefined` when the pattern uses
 * something whose meaning differs (then the database does not check it).
 */
export function toRustRegex(regex: RegExp): string | undefined {
  let prefix = '';
  for (const flag of regex.flags) {
    if (flag === 'i') prefix += 'i';
    else if (flag === 's') prefix += 's';
    else if (flag !== 'u') return undefined;
  }
  const dotAll = regex.flags.includes('s');
  // Without the `u` flag JavaScript matches an emoji as two code units, Rust as one character: a `.` or a negated
  // class could then count differently (`^.{3,}$` on '😀a'), so such patterns are left to the model.
  let astral = false;
  const source = regex.source;
  let out = '';
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined) return undefined;
      index++;
      if (CLASSES[next]) {
        out += inClass ? CLASSES[next] : `[${CLASSES[next]}]`;
      } else if (CLASSES[next.toLowerCase()]) {
        if (inClass) return undefined;
        astral = true;
        out += `[^${CLASSES[next.toLowerCase()]}]`;
      } else if (SAME.has(next)) {
        out += `\\${next}`;
      } else if (
        next === 'x' &&
        /^[0-9A-Fa-f]{2}$/.test(source.slice(index + 1, index + 3))
      ) {
        out += `\\x${source.slice(index + 1, index + 3)}`;
        index += 2;
      } else if (
        next === 'u' &&
        /^[0-9A-Fa-f]{4}$/.test(source.slice(index + 1, index + 5))
      ) {
        out += `\\x{${source.slice(index + 1, index + 5)}}`;
        index += 4;
      } else if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(next)) {
        // Escaped ASCII punctuation is the literal character in both.
        out += `\\${next}`;
      } else {
        return undefined;
      }
      continue;
    }
    if (inClass) {
      if (char === ']') {
        inClass = false;
        out += char;
      } else if (char === '[' || char === '&' || char === '~') {
        out += `\\${char}`;
      } else if (char === '-' && source[index + 1] === '-') {
        return undefined;
      } else {
        out += char;
      }
      continue;
    }
    switch (char) {
      case '[': {
        // `[]` and `[^]` mean nothing and everything in JavaScript; Rust refuses them.
        const rest = source.slice(index + 1);
        if (rest.startsWith(']') || rest.startsWith('^]')) return undefined;
        inClass = true;
        out += char;
        if (rest.startsWith('^')) {
          astral = true;
          out += '^';
          index++;
        }
        break;
      }
      case '.':
        astral = true;
        out += dotAll ? '.' : '[^\\n\\r\\x{2028}\\x{2029}]';
        break;
      case '(': {
        const rest = source.slice(index + 1);
        if (rest.startsWith('?:')) {
          out += '(?:';
          index += 2;
        } else if (/^\?<[A-Za-z_][A-Za-z0-9_]*>/.test(rest)) {
          out += '(?P<';
          index += 2;
        } else if (rest.startsWith('?')) {
          return undefined; // lookaround
        } else {
          out += char;
        }
        break;
      }
      case '{': {
        const match = QUANTIFIER.exec(source.slice(index));
        if (match) {
          out += match[0];
          index += match[0].length - 1;
        } else {
          out += '\\{';
        }
        break;
      }
      case '}':
        out += '\\}';
        break;
      default:
        out += char;
    }
  }
  if (inClass || (astral && !regex.unicode)) return undefined;
  return prefix ? `(?${prefix})${out}` : out;
}
