import { z } from 'zod';
import { DunbotError } from '../errors.js';
import { INTENTS, SIGNALS, type NluResult } from '../nlu/index.js';
import { NluResultSchema } from '../nlu/nlu-result-schema.js';

/** The name of the structured output, and of the function in tool mode. */
export const LLM_CLASSIFICATION_NAME = 'classify_utterance';

const nullable = (schema: Record<string, unknown>): Record<string, unknown> => ({ anyOf: [schema, { type: 'null' }] });
const ISO_DATE = { type: 'string', description: 'ISO date YYYY-MM-DD' };

/**
 * The JSON schema of a classification, in the strict form OpenAI's structured outputs require:
 * every property listed as required and no others allowed, so an entity not said is null.
 */
export const LLM_CLASSIFICATION_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  additionalProperties: false,
  required: ['intent', 'confidence', 'entities', 'signals'],
  properties: {
    intent: { type: 'string', enum: [...INTENTS] },
    confidence: { type: 'number', description: 'probability that the intent is right, 0 to 1' },
    signals: { type: 'array', items: { type: 'string', enum: [...SIGNALS] } },
    entities: {
      type: 'object',
      additionalProperties: false,
      required: ['amount', 'date', 'dateRange', 'callbackAt', 'name', 'identifier'],
      properties: {
        amount: nullable({ type: 'number' }),
        date: nullable(ISO_DATE),
        dateRange: nullable({ type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: ISO_DATE, to: ISO_DATE } }),
        callbackAt: nullable({ type: 'string', description: 'ISO date-time with UTC offset' }),
        name: nullable({ type: 'string' }),
        identifier: nullable({
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'value'],
          properties: { kind: { type: 'string', enum: ['date_of_birth', 'postcode', 'id_last4'] }, value: { type: 'string' } },
        }),
      },
    },
  },
};

/** The parts of a chat completion a classification can arrive in; everything else is ignored. */
const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(z.object({ function: z.object({ name: z.string().optional(), arguments: z.string() }) })).nullish(),
        }),
      }),
    )
    .min(1),
});

function malformed(reason: string, details: Record<string, unknown> = {}): DunbotError {
  return new DunbotError('DUN_ERR_LLM_FAILED', `the model's reply is not a valid classification: ${reason}`, { details: { reason, ...details } });
}

/** The JSON object in `text`: the whole text, or the span from its first `{` to its last `}` (prose or a code fence around it). */
function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start === -1 || end <= start) throw malformed('no JSON object');
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      throw malformed('no JSON object');
    }
  }
}

/** The classification without the nulls strict schemas need: an entity said as null is an entity not said. */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).filter(([, field]) => field !== null);
  const object: Record<string, unknown> = Object.fromEntries(entries.map(([key, field]) => [key, key === 'entities' ? withoutNulls(field) : field]));
  if (object.entities === undefined) object.entities = {};
  if (Array.isArray(object.signals) && object.signals.length === 0) delete object.signals;
  return object;
}

/**
 * Reads a classification out of a chat completion, wherever the server put it: the message's
 * content (structured output, or a JSON object inside plain text when the server ignored
 * `response_format`), or the arguments of a tool call. Throws DUN_ERR_LLM_FAILED when there is
 * none or it is not a valid `NluResult`.
 *
 * @example
 * parseLlmReply({ choices: [{ message: { content: '{"intent":"affirm","confidence":0.9,"entities":{},"signals":[]}' } }] });
 * // → { intent: 'affirm', confidence: 0.9, entities: {} }
 */
export function parseLlmReply(completion: unknown): NluResult {
  const parsed = CompletionSchema.safeParse(completion);
  if (!parsed.success) throw malformed('not a chat completion');
  const message = parsed.data.choices[0]?.message;
  const toolCall = message?.tool_calls?.find((call) => call.function.name === undefined || call.function.name === LLM_CLASSIFICATION_NAME);
  const text = toolCall?.function.arguments ?? message?.content ?? '';
  if (text.trim() === '') throw malformed('empty reply');
  const checked = NluResultSchema.safeParse(withoutNulls(parseJsonObject(text)));
  if (!checked.success) throw malformed('does not match the NLU result schema', { problems: checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
  return checked.data;
}
