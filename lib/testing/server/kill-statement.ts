/** Where a query text kills live queries, as far as the test server needs to know. */
export type KillScan =
  | { kind: 'none' }
  /** The whole query is one `KILL <expr>` statement. */
  | { kind: 'single'; expression: string }
  /** `KILL` appears inside a larger query, where its target cannot be checked before it runs. */
  | { kind: 'complex' };

interface Token {
  text: string;
  kind: 'word' | 'punct' | 'literal';
  start: number;
  end: number;
}

const STRING_PREFIXES = new Set(['u', 'r', 'd', 's', 'f', 'b']);

/**
 * Splits SurrealQL into tokens, skipping comments and keeping string literals and escaped identifiers whole, so that
 * a `kill` inside a string or a comment is not mistaken for a statement.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const skipQuoted = (close: string): void => {
    while (i < n && text[i] !== close) i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  while (i < n) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (
      (c === '-' && text[i + 1] === '-') ||
      (c === '/' && text[i + 1] === '/') ||
      c === '#'
    ) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i++;
      skipQuoted(c);
      tokens.push({
        text: text.slice(start, i),
        kind: 'literal',
        start,
        end: i,
      });
    } else if (c === '⟨') {
      i++;
      skipQuoted('⟩');
      tokens.push({
        text: text.slice(start, i),
        kind: 'literal',
        start,
        end: i,
      });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < n && /\w/.test(text[i])) i++;
      const word = text.slice(start, i);
      if (
        STRING_PREFIXES.has(word.toLowerCase()) &&
        (text[i] === "'" || text[i] === '"')
      ) {
        const quote = text[i];
        i++;
        skipQuoted(quote);
        tokens.push({
          text: text.slice(start, i),
          kind: 'literal',
          start,
          end: i,
        });
      } else {
        tokens.push({ text: word, kind: 'word', start, end: i });
      }
    } else {
      i++;
      tokens.push({ text: c, kind: 'punct', start, end: i });
    }
  }
  return tokens;
}

const STATEMENT_OPENERS = new Set([';', '{', '(', 'THEN', 'ELSE']);

/** Finds `KILL` statements in a query text. */
export function scanKill(text: string): KillScan {
  const tokens = tokenize(text);
  const kills: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' || token.text.toUpperCase() !== 'KILL') return;
    const previous = tokens[index - 1];
    // `kill:` is an object key or a record id, not a statement.
    if (tokens[index + 1]?.text === ':') return;
    if (!previous || STATEMENT_OPENERS.has(previous.text.toUpperCase()))
      kills.push(index);
  });
  if (kills.length === 0) return { kind: 'none' };
  if (kills.length > 1 || kills[0] !== 0) return { kind: 'complex' };
  let end = tokens.findIndex(
    (token) => token.kind === 'punct' && token.text === ';',
  );
  if (end < 0) end = tokens.length;
  if (end === 1 || tokens.slice(end + 1).length > 0) return { kind: 'complex' };
  return {
    kind: 'single',
    expression: text.slice(tokens[1].start, tokens[end - 1].end),
  };
}

/** Cheap pre-check: only a query that mentions `live` can start a live query, so only then is its answer decoded. */
export function mayStartLive(text: string): boolean {
  return /live/i.test(text);
}
