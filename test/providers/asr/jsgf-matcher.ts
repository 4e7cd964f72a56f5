/**
 * A small JSGF reader for tests: parses the subset buildJsgfGrammar writes (sequences, `|`,
 * `( )`, `[ ]`, `<rule>` references, `+` repetition and `/weight/` prefixes) and says whether a rule accepts a
 * sentence, so tests check the phrases a grammar accepts rather than its text.
 */
type Expansion =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'ref'; readonly rule: string }
  | { readonly kind: 'seq'; readonly items: readonly Expansion[] }
  | { readonly kind: 'alt'; readonly options: readonly Expansion[] }
  | { readonly kind: 'opt'; readonly inner: Expansion }
  | { readonly kind: 'plus'; readonly inner: Expansion };

/** The rules of a grammar by name (without angle brackets), and the public rule's name. */
export interface ParsedGrammar {
  readonly rules: ReadonlyMap<string, Expansion>;
  readonly publicRule: string;
}

/** Parses a JSGF grammar string; throws on syntax it does not know. */
export function parseJsgf(text: string): ParsedGrammar {
  const rules = new Map<string, Expansion>();
  let publicRule = '';
  for (const statement of text.split(';')) {
    const match = /^\s*(public\s+)?<([^>]+)>\s*=([\s\S]*)$/.exec(statement);
    if (match === null) continue;
    const name = match[2] ?? '';
    if (match[1] !== undefined) publicRule = name;
    const tokens = (match[3] ?? '').match(/<[^>]+>|\/[\d.]+\/|[()[\]|]|[^\s()[\]|<>/]+/g) ?? [];
    const parser = { tokens, position: 0 };
    rules.set(name, parseAlternatives(parser));
    if (parser.position !== tokens.length) throw new Error(`Unexpected ${tokens[parser.position] ?? ''} in <${name}>`);
  }
  return { rules, publicRule };
}

interface Parser {
  readonly tokens: readonly string[];
  position: number;
}

function parseAlternatives(parser: Parser): Expansion {
  const options = [parseSequence(parser)];
  while (parser.tokens[parser.position] === '|') {
    parser.position += 1;
    options.push(parseSequence(parser));
  }
  return options.length === 1 && options[0] !== undefined ? options[0] : { kind: 'alt', options };
}

function parseSequence(parser: Parser): Expansion {
  const items: Expansion[] = [];
  for (;;) {
    const token = parser.tokens[parser.position];
    if (token === undefined || token === '|' || token === ')' || token === ']') break;
    parser.position += 1;
    if (token.startsWith('/')) continue;
    if (token === '+') {
      const last = items.pop();
      if (last === undefined) throw new Error('+ repeats nothing');
      items.push({ kind: 'plus', inner: last });
      continue;
    }
    if (token === '(' || token === '[') {
      const inner = parseAlternatives(parser);
      const close = parser.tokens[parser.position];
      if (close !== (token === '(' ? ')' : ']')) throw new Error(`Unbalanced ${token}`);
      parser.position += 1;
      items.push(token === '(' ? inner : { kind: 'opt', inner });
    } else if (token.startsWith('<')) {
      items.push({ kind: 'ref', rule: token.slice(1, -1) });
    } else {
      items.push({ kind: 'word', word: token });
    }
  }
  return { kind: 'seq', items };
}

/** True when rule `ruleName` (default: the public rule) accepts exactly the words of `sentence`. */
export function accepts(grammar: ParsedGrammar, sentence: string, ruleName = grammar.publicRule): boolean {
  const words = sentence.split(/\s+/).filter((word) => word !== '');
  const rule = grammar.rules.get(ruleName);
  if (rule === undefined) throw new Error(`No rule <${ruleName}>`);
  return advance(grammar, rule, words, new Set([0])).has(words.length);
}

function advance(grammar: ParsedGrammar, expansion: Expansion, words: readonly string[], from: ReadonlySet<number>): Set<number> {
  switch (expansion.kind) {
    case 'word':
      return new Set([...from].filter((position) => words[position] === expansion.word).map((position) => position + 1));
    case 'ref': {
      const rule = grammar.rules.get(expansion.rule);
      if (rule === undefined) throw new Error(`No rule <${expansion.rule}>`);
      return advance(grammar, rule, words, from);
    }
    case 'seq':
      return expansion.items.reduce<Set<number>>((positions, item) => advance(grammar, item, words, positions), new Set(from));
    case 'alt':
      return new Set(expansion.options.flatMap((option) => [...advance(grammar, option, words, from)]));
    case 'opt':
      return new Set([...from, ...advance(grammar, expansion.inner, words, from)]);
    case 'plus': {
      const reached = new Set<number>();
      let frontier = advance(grammar, expansion.inner, words, from);
      while (frontier.size > 0) {
        for (const position of frontier) reached.add(position);
        frontier = new Set([...advance(grammar, expansion.inner, words, frontier)].filter((position) => !reached.has(position)));
      }
      return reached;
    }
  }
}
