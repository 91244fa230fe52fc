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

/**
 * The target of one `KILL` statement. SurrealQL takes only a uuid literal or a `$param` there, so the target can be
 * known before the query runs.
 */
export interface KillTarget {
  /** Where the target sits in the query text. */
  start: number;
  end: number;
  /** The target as the engine prints it in its error message (`u'...'` or `$name`). */
  display: string;
  /** The uuid of a literal target. */
  uuid?: string;
  /** The name of a `$param` target. */
  param?: string;
  /** The same query sets the param with `LET` before the `KILL`: its value is not known before the query runs. */
  assigned: boolean;
}

/** Finds the `KILL` statements of a query text, wherever they are in it. */
export function findKills(text: string): KillTarget[] {
  const tokens = tokenize(text);
  const kills: KillTarget[] = [];
  const assigned = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    const word = token.text.toUpperCase();
    const previous = tokens[index - 1];
    const atStatement =
      !previous || STATEMENT_OPENERS.has(previous.text.toUpperCase());
    if (word === 'LET' && atStatement && tokens[index + 1]?.text === '$') {
      const name = tokens[index + 2];
      if (name?.kind === 'word') assigned.add(name.text);
      return;
    }
    // `kill:` is an object key or a record id, not a statement.
    if (word !== 'KILL' || !atStatement || tokens[index + 1]?.text === ':')
      return;
    const target = tokens[index + 1];
    if (target?.kind === 'literal' && /^u['"]/i.test(target.text)) {
      const uuid = target.text.slice(2, -1);
      kills.push({
        start: target.start,
        end: target.end,
        display: `u'${uuid}'`,
        uuid,
        assigned: false,
      });
    } else if (target?.text === '$' && tokens[index + 2]?.kind === 'word') {
      const name = tokens[index + 2];
      kills.push({
        start: target.start,
        end: name.end,
        display: `$${name.text}`,
        param: name.text,
        assigned: assigned.has(name.text),
      });
    }
    // Anything else is a parse error in the engine.
  });
  return kills;
}

/** Cheap pre-check: only a query that mentions `live` can start a live query, so only then is its answer decoded. */
export function mayStartLive(text: string): boolean {
  return /live/i.test(text);
}
