import { z } from 'zod';
import { DunbotError } from '../errors.js';

/** The name of the structured output. */
export const ANSWER_OUTPUT_NAME = 'grounded_answer';

/** The JSON schema of an answer, in the strict form OpenAI's structured outputs require. */
export const ANSWER_OUTPUT_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  additionalProperties: false,
  required: ['answer', 'grounded'],
  properties: {
    answer: { type: 'string', description: 'at most two short sentences, in the language asked for' },
    grounded: { type: 'boolean', description: 'true only when every statement comes from the facts' },
  },
};

/** What the model replied, before it is checked against the facts. */
export interface AnswerReply {
  readonly answer: string;
  readonly grounded: boolean;
}

const AnswerReplySchema = z.object({ answer: z.string(), grounded: z.boolean() });

/** The parts of a chat completion an answer can arrive in; everything else is ignored. */
const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
});

function malformed(reason: string): DunbotError {
  return new DunbotError('DUN_ERR_LLM_FAILED', `the model's reply is not a valid answer: ${reason}`, { details: { reason } });
}

/** The JSON object in `text`: the whole text, or the span from its first `{` to its last `}` (a code fence around it). */
function jsonObjectIn(text: string): unknown {
  for (const candidate of [text, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  throw malformed('no JSON object');
}

/**
 * Reads an answer out of a chat completion: the message's content, as structured output or as a
 * JSON object inside plain text from a server that ignored `response_format`. Throws
 * DUN_ERR_LLM_FAILED when there is none.
 *
 * @example
 * readAnswerReply({ choices: [{ message: { content: '{"answer":"Yes.","grounded":true}' } }] }); // → { answer: 'Yes.', grounded: true }
 */
export function readAnswerReply(completion: unknown): AnswerReply {
  const parsed = CompletionSchema.safeParse(completion);
  if (!parsed.success) throw malformed('not a chat completion');
  const text = parsed.data.choices[0]?.message.content ?? '';
  if (text.trim() === '') throw malformed('empty reply');
  const reply = AnswerReplySchema.safeParse(jsonObjectIn(text));
  if (!reply.success) throw malformed('not {"answer": string, "grounded": boolean}');
  return reply.data;
}
