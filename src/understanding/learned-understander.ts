import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import type { NluResult } from '../nlu/index.js';
import { readInContext } from './contextual-reading.js';
import { loadIntentModel, shippedIntentModelPath, type IntentModel } from './intent-model.js';
import type { TurnContext } from './turn-context.js';
import type { Understander } from './understander.js';

/** Intents that end or hand over a call: left to the rules (see `classify`). */
const STOPS: ReadonlySet<string> = new Set(['distress', 'abusive', 'attorney', 'bankruptcy', 'deceased', 'cease_contact', 'request_human']);

/**
 * Below this share of words the model knows, the utterance is not read (see `IntentModel.knownWordShare`):
 * "……嗞……咔啦……", "asdf qwer" carry no evidence, and the model's bias alone would name an intent.
 */
export const MIN_KNOWN_WORD_SHARE = 0.5;

/** How `LearnedUnderstander` finds its model for a locale. Default: the weights shipped in data/intent-model/. */
export type IntentModelLoader = (locale: Locale) => IntentModel;

/**
 * A learned fallback for intents: a small linear classifier over hashed word and character
 * n-grams, trained on the labeled sets (scripts/train-intent-model.mjs) and shipped as data. Its
 * confidence is the calibrated probability of the top intent; below the model's `minConfidence`
 * it answers unknown, and so it does when too few of the words are ones it learned (noise, another
 * language). It names intents only: entities and signals stay with the rules, so put it
 * after `rules` (`DUNBOT_UNDERSTANDERS=rules,learned`). Each locale's model loads on first use.
 *
 * @example
 * const learned = new LearnedUnderstander();
 * await learned.understand('i already sent the money last week', context, signal);
 * // → { intent: 'already_paid', confidence: 0.93, entities: {} }
 */
export class LearnedUnderstander implements Understander {
  readonly name = 'learned';
  private readonly models = new Map<Locale, IntentModel>();

  constructor(private readonly load: IntentModelLoader = (locale) => loadIntentModel(shippedIntentModelPath(locale))) {}

  async understand(utterance: string, context: TurnContext, signal: AbortSignal): Promise<NluResult> {
    signal.throwIfAborted();
    // The question asked shapes this reading as it shapes the rules' ("ok" does not say who is speaking).
    return readInContext(this.classify(utterance, context.locale), { utterance }, context);
  }

  /** The same answer as `understand`, synchronously (for evaluation and tools). */
  classify(utterance: string, locale: Locale): NluResult {
    const model = this.modelFor(locale);
    if (model.knownWordShare(utterance) < MIN_KNOWN_WORD_SHARE) return { intent: 'unknown', confidence: 0, entities: {} };
    const { intents, probabilities } = model.score(utterance);
    let top = 0;
    for (let k = 1; k < probabilities.length; k += 1) if ((probabilities[k] ?? 0) > (probabilities[top] ?? 0)) top = k;
    const intent = intents[top] ?? 'unknown';
    const confidence = probabilities[top] ?? 0;
    // A call is never stopped or handed over on this model's word alone: short ordinary phrases
    // ("就这样吧", "nothing else") share words with farewells it learned as distress, and the rules,
    // tuned for recall, already read every stop they can.
    if (STOPS.has(intent)) return { intent: 'unknown', confidence: 0, entities: {} };
    if (confidence < model.minConfidence) {
      const unknownAt = intents.indexOf('unknown');
      return { intent: 'unknown', confidence: unknownAt < 0 ? 0 : (probabilities[unknownAt] ?? 0), entities: {} };
    }
    return { intent, confidence, entities: {} };
  }

  private modelFor(locale: Locale): IntentModel {
    const cached = this.models.get(locale);
    if (cached !== undefined) return cached;
    const model = this.load(locale);
    if (model.locale !== locale) {
      throw new DunbotError('DUN_ERR_NLU_LOCALE', `learned intent model for ${locale} was trained for ${model.locale}`, { details: { locale, modelLocale: model.locale } });
    }
    this.models.set(locale, model);
    return model;
  }
}
