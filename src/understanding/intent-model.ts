import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { INTENTS, type Intent } from '../nlu/index.js';
import { packageRoot } from '../util/package-root.js';
import { INTENT_FEATURES_VERSION, extractIntentFeatures, hashFeature, hashIntentFeatures, isWordFeature } from './intent-features.js';

/** The model file format this code reads (`version` in data/intent-model/<locale>.json). */
export const INTENT_MODEL_VERSION = 1;

/** Model files are a few hundred KiB; anything far larger is not one of ours. */
export const MAX_INTENT_MODEL_BYTES = 8 * 1024 * 1024;

const IntentModelFileSchema = z.object({
  format: z.literal('dunbot-intent-model'),
  version: z.literal(INTENT_MODEL_VERSION),
  featuresVersion: z.literal(INTENT_FEATURES_VERSION),
  locale: z.enum(['en-US', 'zh-CN']),
  kind: z.enum(['logistic_regression', 'naive_bayes']),
  hyperparameters: z.object({ inputScaling: z.enum(['none', 'unit_norm']).optional() }).loose(),
  hashBits: z.number().int().min(8).max(30),
  intents: z.array(z.enum(INTENTS)).min(2),
  temperature: z.number().positive(),
  minConfidence: z.number().min(0).max(1),
  bias: z.array(z.number()),
  scale: z.number().positive(),
  rows: z.number().int().min(0),
  buckets: z.base64(),
  weights: z.base64(),
});

/** The intents a model scores, with the probability of each (same order, summing to 1). */
export interface IntentScores {
  readonly intents: readonly Intent[];
  readonly probabilities: readonly number[];
}

/**
 * A linear intent classifier over hashed n-gram features, as trained by
 * scripts/train-intent-model.mjs: logits = bias + x·Σ rows of the present buckets, where x is 1 or
 * 1/√(feature count); probabilities = softmax(logits / temperature).
 */
export class IntentModel {
  /** Below this top probability the model answers unknown (fitted on cross-validation). */
  readonly minConfidence: number;
  readonly intents: readonly Intent[];
  private readonly rowOf: ReadonlyMap<number, number>;

  private constructor(
    readonly locale: Locale,
    private readonly file: z.infer<typeof IntentModelFileSchema>,
    private readonly weights: Int8Array,
  ) {
    this.minConfidence = file.minConfidence;
    this.intents = file.intents;
    const buckets = Buffer.from(file.buckets, 'base64');
    const rowOf = new Map<number, number>();
    for (let row = 0; row < file.rows; row += 1) rowOf.set(buckets.readUInt32LE(row * 4), row);
    this.rowOf = rowOf;
  }

  /** Checks a parsed model file; throws DUN_ERR_UNDERSTANDER_FAILED naming what is wrong. */
  static fromJson(json: unknown, source: string): IntentModel {
    const parsed = IntentModelFileSchema.safeParse(json);
    const fail = (problem: string): never => {
      throw new DunbotError('DUN_ERR_UNDERSTANDER_FAILED', `learned intent model ${source} is unusable: ${problem}`, { details: { source } });
    };
    if (!parsed.success) return fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    const file = parsed.data;
    const classes = file.intents.length;
    const weights = Buffer.from(file.weights, 'base64');
    if (file.bias.length !== classes) fail(`bias has ${file.bias.length} values for ${classes} intents`);
    if (Buffer.byteLength(file.buckets, 'base64') !== file.rows * 4) fail('buckets do not match rows');
    if (weights.length !== file.rows * classes) fail('weights do not match rows × intents');
    return new IntentModel(file.locale, file, new Int8Array(weights.buffer, weights.byteOffset, weights.length));
  }

  /**
   * The share (0–1) of the utterance's words (zh-CN: characters and Latin tokens) that the model
   * learned weights for; 0 when it has none. Line noise and words of no language the model knows
   * score low: whatever the model says of them is its prior, not a reading.
   */
  knownWordShare(text: string): number {
    const mask = this.file.hashBits >= 32 ? 0xffffffff : (1 << this.file.hashBits) - 1;
    const words = extractIntentFeatures(text, this.locale).filter(isWordFeature);
    if (words.length === 0) return 0;
    const known = words.filter((word) => this.rowOf.has((hashFeature(word) & mask) >>> 0)).length;
    return known / words.length;
  }

  /** The calibrated probability of every intent the model knows for one utterance. */
  score(text: string): IntentScores {
    const classes = this.intents.length;
    const sums = new Array<number>(classes).fill(0);
    const buckets = hashIntentFeatures(text, this.locale, this.file.hashBits);
    for (const bucket of buckets) {
      const row = this.rowOf.get(bucket);
      if (row === undefined) continue;
      for (let k = 0; k < classes; k += 1) sums[k] = (sums[k] ?? 0) + (this.weights[row * classes + k] ?? 0);
    }
    const x = this.file.hyperparameters.inputScaling === 'unit_norm' && buckets.length > 0 ? 1 / Math.sqrt(buckets.length) : 1;
    const logits = sums.map((sum, k) => ((this.file.bias[k] ?? 0) + x * this.file.scale * sum) / this.file.temperature);
    const max = Math.max(...logits);
    const exps = logits.map((logit) => Math.exp(logit - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return { intents: this.intents, probabilities: exps.map((value) => value / total) };
  }
}

/** Where the shipped model of a locale lives: data/intent-model/<locale>.json in the package. */
export function shippedIntentModelPath(locale: Locale): string {
  return join(packageRoot(), 'data', 'intent-model', `${locale}.json`);
}

/** Reads and checks a model file; throws DUN_ERR_UNDERSTANDER_FAILED when it is missing, too large or malformed. */
export function loadIntentModel(path: string): IntentModel {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new DunbotError('DUN_ERR_UNDERSTANDER_FAILED', `learned intent model ${path} could not be read`, { cause: error, details: { source: path } });
  }
  if (raw.length > MAX_INTENT_MODEL_BYTES) {
    throw new DunbotError('DUN_ERR_UNDERSTANDER_FAILED', `learned intent model ${path} is larger than ${MAX_INTENT_MODEL_BYTES} bytes`, { details: { source: path } });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new DunbotError('DUN_ERR_UNDERSTANDER_FAILED', `learned intent model ${path} is not JSON`, { cause: error, details: { source: path } });
  }
  return IntentModel.fromJson(json, path);
}
