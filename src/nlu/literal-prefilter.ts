/**
 * Cheap `includes()` pre-checks for the NLU's regexes.
 *
 * Why: V8 compiles a regex lazily, on its first run, and throws the compiled code away during
 * garbage collection when the regex has not run for a while. In a voice call the NLU runs every
 * few seconds, so without a pre-check every utterance recompiled all ~300 patterns (70–90 ms on
 * the event loop). A regex that is never run is never compiled, so we skip each pattern unless the
 * text contains one of the literals that every match of it must contain.
 *
 * `requiredLiterals` derives those literals from the regex source itself, so the rule tables stay
 * the single source of truth and a pre-check can never disagree with its pattern: it only says
 * "cannot match" when no match is possible.
 */

/** Finite sets larger than this are not tracked (they stop being cheap to check). */
const MAX_SET = 48;

/** What we know about a piece of a pattern. */
interface Info {
  /** Every string the piece can match, when that set is small and finite. */
  readonly exact: readonly string[] | undefined;
  /** For each of these sets, the text of every match contains one of its strings. */
  readonly required: readonly (readonly string[])[];
}

const UNKNOWN: Info = { exact: undefined, required: [] };
const EMPTY: Info = { exact: [''], required: [] };

function uniq(strings: Iterable<string>): string[] {
  return [...new Set(strings)];
}

/** Drops strings that contain another member: finding the shorter one is implied by the longer. */
function minimize(strings: readonly string[]): string[] {
  const sorted = uniq(strings).sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}

/** A set that filters: known, and without '' (which every text contains). */
function usable(set: readonly string[] | undefined): set is readonly string[] {
  return set !== undefined && set.length > 0 && !set.includes('');
}

/** All requirements of a piece, including its own exact set when that filters. */
function allOf(info: Info): (readonly string[])[] {
  return usable(info.exact) ? [info.exact, ...info.required] : [...info.required];
}

/** Longer literals and fewer of them filter better; a set with '' filters nothing. */
function better(a: readonly string[] | undefined, b: readonly string[] | undefined): readonly string[] | undefined {
  if (a === undefined || a.includes('')) return b?.includes('') === true ? undefined : b;
  if (b === undefined || b.includes('')) return a;
  const minA = Math.min(4, ...a.map((s) => s.length));
  const minB = Math.min(4, ...b.map((s) => s.length));
  if (minA !== minB) return minA > minB ? a : b;
  return a.length <= b.length ? a : b;
}

function product(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_SET) return undefined;
  return uniq(a.flatMap((x) => b.map((y) => x + y)));
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.pos !== this.src.length) throw new Error('unbalanced pattern');
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos += 1;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0] ?? UNKNOWN;
    const exactSets = branches.map((b) => b.exact);
    const exact = exactSets.every((e) => e !== undefined) ? uniq(exactSets.flatMap((e) => e ?? [])) : undefined;
    // Of each branch, only its single best set can be carried: a match satisfies one branch.
    const bestSets = branches.map((b) => allOf(b).reduce<readonly string[] | undefined>(better, undefined));
    const required = bestSets.every(usable) ? [minimize(bestSets.flatMap((set) => set ?? []))] : [];
    return { exact: exact !== undefined && exact.length <= MAX_SET ? exact : undefined, required };
  }

  private sequence(): Info {
    const required: (readonly string[])[] = [];
    let run: readonly string[] | undefined = [''];
    let whole: readonly string[] | undefined = [''];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const item = this.quantified(this.atom());
      required.push(...item.required);
      whole = whole !== undefined && item.exact !== undefined ? product(whole, item.exact) : undefined;
      const joined: readonly string[] | undefined = run !== undefined && item.exact !== undefined ? product(run, item.exact) : undefined;
      if (joined !== undefined) {
        run = joined;
      } else {
        if (usable(run)) required.push(run);
        run = item.exact;
      }
    }
    if (usable(run) && run !== whole) required.push(run);
    return { exact: whole, required };
  }

  private quantified(atom: Info): Info {
    const ch = this.src[this.pos];
    let min: number;
    let max: number;
    if (ch === '?') [min, max] = [0, 1];
    else if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '{' && /^\{\d+(?:,\d*)?\}/.test(this.src.slice(this.pos))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos)) ?? [];
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += (m[0]?.length ?? 1) - 1;
    } else return atom;
    this.pos += 1;
    if (this.src[this.pos] === '?') this.pos += 1; // lazy
    const required = min >= 1 ? allOf(atom) : [];
    if (min === 0 && max === 1) return { exact: atom.exact === undefined ? undefined : uniq(['', ...atom.exact]), required };
    if (min === 1 && max === 1) return atom;
    return { exact: undefined, required };
  }

  private atom(): Info {
    const ch = this.src[this.pos] ?? '';
    this.pos += 1;
    if (ch === '^' || ch === '$') return EMPTY;
    if (ch === '.') return UNKNOWN;
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '(') return this.group();
    return { exact: [ch], required: [] };
  }

  private group(): Info {
    let lookaround: 'none' | 'positive' | 'negative' = 'none';
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.pos))) {
      const lookbehind = this.src[this.pos + 1] === '<';
      lookaround = this.src[this.pos + (lookbehind ? 2 : 1)] === '=' ? 'positive' : 'negative';
      this.pos += lookbehind ? 3 : 2;
    } else if (this.src.startsWith('?<', this.pos)) this.pos = this.src.indexOf('>', this.pos) + 1;
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') throw new Error('unclosed group');
    this.pos += 1;
    if (lookaround === 'none') return inner;
    // A lookaround consumes nothing, so it adds nothing to the matched text; but the text around
    // the match must still contain what a positive one looks for.
    return { exact: [''], required: lookaround === 'positive' ? allOf(inner) : [] };
  }

  /** A character class counts as a small set of characters, unless negated or spanning ranges. */
  private characterClass(): Info {
    const chars: string[] = [];
    let simple = this.src[this.pos] !== '^';
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      let ch = this.src[this.pos] ?? '';
      this.pos += 1;
      if (ch === '\\') {
        const escaped = this.escape();
        if (escaped.exact?.length !== 1 || escaped.exact[0] === '') simple = false;
        ch = escaped.exact?.[0] ?? '';
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) simple = false;
      chars.push(ch);
    }
    this.pos += 1;
    return simple && chars.length > 0 && chars.length <= 8 ? { exact: uniq(chars), required: [] } : UNKNOWN;
  }

  private escape(): Info {
    const ch = this.src[this.pos] ?? '';
    this.pos += 1;
    if (ch === 'b' || ch === 'B') return EMPTY;
    if (ch === 'u' && /^[0-9a-fA-F]{4}/.test(this.src.slice(this.pos))) {
      const code = parseInt(this.src.slice(this.pos, this.pos + 4), 16);
      this.pos += 4;
      return { exact: [String.fromCharCode(code)], required: [] };
    }
    if (ch === 'x' && /^[0-9a-fA-F]{2}/.test(this.src.slice(this.pos))) {
      const code = parseInt(this.src.slice(this.pos, this.pos + 2), 16);
      this.pos += 2;
      return { exact: [String.fromCharCode(code)], required: [] };
    }
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) return { exact: [simple], required: [] };
    // Classes (\d \w \s …), back-references, \p{…}, \c…, \k<…>: nothing known.
    if (/[0-9a-zA-Z]/.test(ch)) return UNKNOWN;
    return { exact: [ch], required: [] };
  }
}

/**
 * What a text must contain for a regex to match: for every set, one of its strings. Empty when
 * nothing can be derived (then the regex must always run).
 */
export type LiteralFilter = readonly (readonly string[])[];

/** At most this many sets are checked: the most selective ones. */
const MAX_SETS = 3;

function score(set: readonly string[]): number {
  return Math.min(4, ...set.map((s) => s.length)) * 1000 - set.length;
}

/**
 * Derives the `LiteralFilter` of a regex from its source. Case-insensitive and unicode-set
 * patterns are not analysed.
 */
export function requiredLiterals(pattern: RegExp): LiteralFilter {
  if (/[iv]/.test(pattern.flags)) return [];
  try {
    const sets = allOf(new Parser(pattern.source).parse()).filter(usable).map(minimize);
    const unique = new Map(sets.map((set) => [set.join('\u0000'), set]));
    const all = [...unique.values()];
    // A set is implied by another whose every string contains one of its strings ("can" by "i can").
    const implied = (set: readonly string[]): boolean =>
      all.some((other) => other !== set && other.every((s) => set.some((t) => s.includes(t))));
    return all.filter((set) => !implied(set)).sort((x, y) => score(y) - score(x)).slice(0, MAX_SETS);
  } catch {
    return [];
  }
}

/** False only when `text` cannot match: for some required set it contains none of the strings. */
export function mayMatch(text: string, filter: LiteralFilter): boolean {
  for (const set of filter) {
    let found = false;
    for (const literal of set) {
      if (text.includes(literal)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/**
 * The top-level alternatives of a regex source (`a|b(?:c|d)` → `a`, `b(?:c|d)`). A text matches
 * the whole exactly when it matches one of them, and each can be skipped on its own.
 */
export function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '\\') i += 1;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

const cache = new WeakMap<RegExp, LiteralFilter>();

/** `mayMatch` for a pattern whose filter is derived once and cached. */
export function mayMatchPattern(text: string, pattern: RegExp): boolean {
  let filter = cache.get(pattern);
  if (filter === undefined) {
    filter = requiredLiterals(pattern);
    cache.set(pattern, filter);
  }
  return mayMatch(text, filter);
}
