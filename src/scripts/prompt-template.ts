/** One piece of a parsed prompt: literal text, or a `{variable}` placeholder. */
export type PromptSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string };

/** A prompt's text split into literal pieces and placeholders, parsed once at load. */
export interface PromptTemplate {
  readonly segments: readonly PromptSegment[];
  /** Distinct variable names in order of first use. */
  readonly variables: readonly string[];
}

/** The result of parsing a prompt's text: a template, or why it is malformed. */
export type PromptTemplateResult = { readonly ok: true; readonly template: PromptTemplate } | { readonly ok: false; readonly error: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Splits prompt text on `{variableName}` placeholders. Braces have no escape: a stray `{` or `}`
 * or a placeholder that is not an identifier is an error, since TTS would read it aloud.
 * @example parsePromptTemplate('Hello {name}.') // segments: "Hello ", {name}, "."
 */
export function parsePromptTemplate(text: string): PromptTemplateResult {
  const segments: PromptSegment[] = [];
  const variables: string[] = [];
  let offset = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!VARIABLE_NAME.test(name)) return { ok: false, error: `placeholder "{${name}}" is not a variable name` };
    const literal = text.slice(offset, match.index);
    if (/[{}]/.test(literal)) return { ok: false, error: 'unbalanced "{" or "}"' };
    if (literal !== '') segments.push({ kind: 'text', text: literal });
    segments.push({ kind: 'variable', name });
    if (!variables.includes(name)) variables.push(name);
    offset = match.index + match[0].length;
  }
  const tail = text.slice(offset);
  if (/[{}]/.test(tail)) return { ok: false, error: 'unbalanced "{" or "}"' };
  if (tail !== '') segments.push({ kind: 'text', text: tail });
  return { ok: true, template: { segments, variables } };
}
