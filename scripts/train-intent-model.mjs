// Trains the learned intent fallback (src/understanding/learned-understander.ts) from the labeled
// sets and writes data/intent-model/<locale>.json. Run: npm run train:intents (builds dist first,
// because the features come from dist/src/understanding/intent-features.js, the very code that
// scores them at run time).
//
// Only test/nlu/labeled/ is read. Model kind and regularization are chosen by stratified 5-fold
// cross-validation on it; the temperature and the abstention threshold are fitted on the same
// out-of-fold predictions. The held-out set (test/nlu/holdout/) is never read here.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTENT_FEATURES_VERSION, hashIntentFeatures } from '../dist/src/understanding/intent-features.js';
import { INTENTS } from '../dist/src/nlu/intents.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = ['en-US', 'zh-CN'];
const MODEL_VERSION = 1;
const HASH_BITS = 18;
const SEED = 20260311;
const FOLDS = 5;
const QUANT_LEVELS = 127;

/** mulberry32: a small seeded generator, so shuffles and folds are the same on every run. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function loadLabeled(locale) {
  const path = join(root, 'test', 'nlu', 'labeled', `${locale}.jsonl`);
  const raw = readFileSync(path, 'utf8');
  const lines = raw.split('\n').filter((line) => line.trim().length > 0).map((line) => JSON.parse(line));
  for (const line of lines) {
    if (typeof line.text !== 'string' || !INTENTS.includes(line.intent)) throw new Error(`${path}: bad line ${JSON.stringify(line)}`);
  }
  return { lines, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** Every fold holds about 1/FOLDS of each intent. */
function stratifiedFolds(labels, random) {
  const fold = new Array(labels.length);
  const byClass = new Map();
  labels.forEach((label, index) => byClass.set(label, [...(byClass.get(label) ?? []), index]));
  let offset = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const index of shuffle(byClass.get(label), random)) fold[index] = offset++ % FOLDS;
  }
  return fold;
}

/** Bucket -> dense column, for the buckets of the given samples. */
function columnsOf(samples) {
  const columns = new Map();
  for (const sample of samples) for (const bucket of sample.buckets) if (!columns.has(bucket)) columns.set(bucket, columns.size);
  return columns;
}

function softmaxInPlace(logits) {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let sum = 0;
  for (let k = 0; k < logits.length; k += 1) {
    logits[k] = Math.exp(logits[k] - max);
    sum += logits[k];
  }
  for (let k = 0; k < logits.length; k += 1) logits[k] /= sum;
  return logits;
}

/** The value of each present feature: 1, or 1/sqrt(count) so that every utterance has unit norm. */
function featureValue(inputScaling, count) {
  return inputScaling === 'unit_norm' && count > 0 ? 1 / Math.sqrt(count) : 1;
}

/** A linear model over binary features: logits = bias + sum of the rows of the present buckets. */
function logitsOf(model, buckets) {
  const K = model.bias.length;
  const logits = new Float64Array(K);
  for (const bucket of buckets) {
    const column = model.columns.get(bucket);
    if (column === undefined) continue;
    const row = column * K;
    for (let k = 0; k < K; k += 1) logits[k] += model.weights[row + k];
  }
  const x = featureValue(model.inputScaling, buckets.length);
  for (let k = 0; k < K; k += 1) logits[k] = model.bias[k] + x * logits[k];
  return logits;
}

/** Multinomial logistic regression, AdaGrad over shuffled single examples, L2 on the rows touched. */
function trainLogistic(samples, K, { l2, epochs, inputScaling }, random) {
  const columns = columnsOf(samples);
  const weights = new Float64Array(columns.size * K);
  const bias = new Float64Array(K);
  const gradSq = new Float64Array(columns.size * K).fill(1e-8);
  const biasGradSq = new Float64Array(K).fill(1e-8);
  const rate = 0.5;
  const order = samples.map((_, index) => index);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (const index of shuffle(order, random)) {
      const sample = samples[index];
      const probabilities = softmaxInPlace(logitsOf({ bias, weights, columns, inputScaling }, sample.buckets));
      const x = featureValue(inputScaling, sample.buckets.length);
      for (let k = 0; k < K; k += 1) {
        const g = probabilities[k] - (k === sample.label ? 1 : 0);
        biasGradSq[k] += g * g;
        bias[k] -= (rate * g) / Math.sqrt(biasGradSq[k]);
        for (const bucket of sample.buckets) {
          const at = columns.get(bucket) * K + k;
          const gw = g * x + l2 * weights[at];
          gradSq[at] += gw * gw;
          weights[at] -= (rate * gw) / Math.sqrt(gradSq[at]);
        }
      }
    }
  }
  return { kind: 'logistic_regression', bias, weights, columns, inputScaling };
}

/** Bernoulli-feature multinomial naive Bayes, written as the same linear model. */
function trainNaiveBayes(samples, K, { alpha }) {
  const columns = columnsOf(samples);
  const counts = new Float64Array(columns.size * K);
  const totals = new Float64Array(K);
  const priors = new Float64Array(K);
  for (const sample of samples) {
    priors[sample.label] += 1;
    for (const bucket of sample.buckets) {
      counts[columns.get(bucket) * K + sample.label] += 1;
      totals[sample.label] += 1;
    }
  }
  const V = columns.size;
  const weights = new Float64Array(columns.size * K);
  for (let c = 0; c < V; c += 1) {
    for (let k = 0; k < K; k += 1) weights[c * K + k] = Math.log((counts[c * K + k] + alpha) / (totals[k] + alpha * V));
  }
  // Center each row: adding a constant to every class of a feature leaves the softmax unchanged.
  for (let c = 0; c < V; c += 1) {
    let mean = 0;
    for (let k = 0; k < K; k += 1) mean += weights[c * K + k] / K;
    for (let k = 0; k < K; k += 1) weights[c * K + k] -= mean;
  }
  const bias = priors.map((count) => Math.log((count + 1) / (samples.length + K)));
  return { kind: 'naive_bayes', bias, weights, columns, inputScaling: 'none' };
}

const CANDIDATES = [
  { kind: 'logistic_regression', inputScaling: 'unit_norm', l2: 1e-5, epochs: 20 },
  { kind: 'logistic_regression', inputScaling: 'unit_norm', l2: 1e-4, epochs: 20 },
  { kind: 'logistic_regression', inputScaling: 'unit_norm', l2: 1e-3, epochs: 20 },
  { kind: 'naive_bayes', alpha: 0.03 },
  { kind: 'naive_bayes', alpha: 0.1 },
  { kind: 'naive_bayes', alpha: 0.3 },
];

function train(samples, K, candidate, seed) {
  return candidate.kind === 'naive_bayes' ? trainNaiveBayes(samples, K, candidate) : trainLogistic(samples, K, candidate, seededRandom(seed));
}

/** Out-of-fold logits of every sample for one candidate. */
function crossValidate(samples, folds, K, candidate) {
  const out = new Array(samples.length);
  for (let f = 0; f < FOLDS; f += 1) {
    const model = train(samples.filter((_, i) => folds[i] !== f), K, candidate, SEED + f);
    samples.forEach((sample, i) => {
      if (folds[i] === f) out[i] = logitsOf(model, sample.buckets);
    });
  }
  return out;
}

function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (values[k] > values[best]) best = k;
  return best;
}

function accuracyOf(samples, logits) {
  return samples.filter((sample, i) => argmax(logits[i]) === sample.label).length / samples.length;
}

function nllAt(samples, logits, temperature) {
  let total = 0;
  samples.forEach((sample, i) => {
    const p = softmaxInPlace(logits[i].map((value) => value / temperature));
    total -= Math.log(Math.max(p[sample.label], 1e-12));
  });
  return total / samples.length;
}

/** Temperature scaling: the T minimizing out-of-fold log loss of softmax(logits / T), by log-grid then refinement. */
function fitTemperature(samples, logits) {
  let best = { temperature: 1, nll: nllAt(samples, logits, 1) };
  for (let step = -40; step <= 40; step += 1) {
    const temperature = Math.exp(step * 0.1);
    const nll = nllAt(samples, logits, temperature);
    if (nll < best.nll) best = { temperature, nll };
  }
  for (let step = -10; step <= 10; step += 1) {
    const temperature = best.temperature * Math.exp(step * 0.01);
    const nll = nllAt(samples, logits, temperature);
    if (nll < best.nll) best = { temperature, nll };
  }
  return best;
}

/** Expected calibration error over 10 equal-width confidence bins. */
function calibrationError(samples, probabilities) {
  const bins = Array.from({ length: 10 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  samples.forEach((sample, i) => {
    const top = argmax(probabilities[i]);
    const bin = bins[Math.min(9, Math.floor(probabilities[i][top] * 10))];
    bin.count += 1;
    bin.confidence += probabilities[i][top];
    bin.correct += top === sample.label ? 1 : 0;
  });
  return bins.reduce((sum, bin) => sum + (bin.count === 0 ? 0 : Math.abs(bin.confidence - bin.correct)), 0) / samples.length;
}

/**
 * The lowest top probability at which the model still names an intent; below it, it answers
 * unknown. Chosen to maximize out-of-fold accuracy with that rule (ties: the lower threshold).
 */
function fitMinConfidence(samples, probabilities, unknownLabel) {
  let best = { minConfidence: 0, accuracy: -1 };
  for (let step = 0; step <= 60; step += 1) {
    const minConfidence = step / 100;
    let correct = 0;
    samples.forEach((sample, i) => {
      const top = argmax(probabilities[i]);
      const predicted = probabilities[i][top] >= minConfidence ? top : unknownLabel;
      if (predicted === sample.label) correct += 1;
    });
    const accuracy = correct / samples.length;
    if (accuracy > best.accuracy + 1e-9) best = { minConfidence, accuracy };
  }
  return best;
}

/** Symmetric int8 quantization with one scale; rows that quantize to all zeros are dropped. */
function quantize(model, K) {
  let maxAbs = 0;
  for (const value of model.weights) maxAbs = Math.max(maxAbs, Math.abs(value));
  const scale = maxAbs / QUANT_LEVELS;
  const kept = [];
  for (const [bucket, column] of [...model.columns].sort((a, b) => a[0] - b[0])) {
    const row = Array.from({ length: K }, (_, k) => Math.round(model.weights[column * K + k] / scale));
    if (row.some((value) => value !== 0)) kept.push({ bucket, row });
  }
  const buckets = Buffer.alloc(kept.length * 4);
  const weights = Buffer.alloc(kept.length * K);
  kept.forEach(({ bucket, row }, r) => {
    buckets.writeUInt32LE(bucket, r * 4);
    row.forEach((value, k) => weights.writeInt8(value, r * K + k));
  });
  return { scale, rows: kept.length, buckets: buckets.toString('base64'), weights: weights.toString('base64') };
}

function round(value, digits = 6) {
  return Number(value.toFixed(digits));
}

function trainLocale(locale) {
  const startedMs = performance.now();
  const { lines, sha256 } = loadLabeled(locale);
  const K = INTENTS.length;
  const samples = lines.map((line) => ({ buckets: hashIntentFeatures(line.text, locale, HASH_BITS), label: INTENTS.indexOf(line.intent) }));
  const folds = stratifiedFolds(samples.map((sample) => sample.label), seededRandom(SEED));

  const scored = CANDIDATES.map((candidate) => {
    const logits = crossValidate(samples, folds, K, candidate);
    return { candidate, logits, accuracy: accuracyOf(samples, logits) };
  });
  for (const { candidate, accuracy } of scored) console.log(`  ${locale} ${JSON.stringify(candidate)} 5-fold accuracy ${(accuracy * 100).toFixed(1)}%`);
  // Best out-of-fold accuracy; the earlier candidate (logistic regression first) wins a tie.
  const chosen = scored.reduce((best, next) => (next.accuracy > best.accuracy + 1e-9 ? next : best));

  const { temperature, nll } = fitTemperature(samples, chosen.logits);
  const calibrated = chosen.logits.map((logits) => softmaxInPlace(logits.map((value) => value / temperature)));
  const rawProbabilities = chosen.logits.map((logits) => softmaxInPlace(Float64Array.from(logits)));
  const { minConfidence, accuracy: abstainingAccuracy } = fitMinConfidence(samples, calibrated, INTENTS.indexOf('unknown'));

  const final = train(samples, K, chosen.candidate, SEED);
  const packed = quantize(final, K);
  const { kind: _kind, ...hyperparameters } = chosen.candidate;
  const model = {
    format: 'dunbot-intent-model',
    version: MODEL_VERSION,
    featuresVersion: INTENT_FEATURES_VERSION,
    locale,
    kind: chosen.candidate.kind,
    hyperparameters,
    hashBits: HASH_BITS,
    intents: [...INTENTS],
    temperature: round(temperature, 4),
    minConfidence,
    bias: [...final.bias].map((value) => round(value)),
    scale: packed.scale,
    rows: packed.rows,
    buckets: packed.buckets,
    weights: packed.weights,
    training: {
      source: `test/nlu/labeled/${locale}.jsonl`,
      sha256,
      lines: lines.length,
      seed: SEED,
      folds: FOLDS,
      crossValidation: {
        accuracy: round(chosen.accuracy, 4),
        accuracyAbstaining: round(abstainingAccuracy, 4),
        logLoss: round(nll, 4),
        calibrationErrorRaw: round(calibrationError(samples, rawProbabilities), 4),
        calibrationError: round(calibrationError(samples, calibrated), 4),
      },
    },
  };
  const path = join(root, 'data', 'intent-model', `${locale}.json`);
  mkdirSync(dirname(path), { recursive: true });
  const json = `${JSON.stringify(model, null, 1)}\n`;
  writeFileSync(path, json);
  const seconds = (performance.now() - startedMs) / 1000;
  console.log(
    `${locale}: ${model.kind} ${JSON.stringify(hyperparameters)}, 5-fold accuracy ${(chosen.accuracy * 100).toFixed(1)}%, ` +
      `T=${model.temperature}, ECE ${model.training.crossValidation.calibrationErrorRaw} -> ${model.training.crossValidation.calibrationError}, ` +
      `abstain below ${minConfidence} (${(abstainingAccuracy * 100).toFixed(1)}%), ${packed.rows} rows, ${(json.length / 1024).toFixed(0)} KiB, ${seconds.toFixed(1)} s`,
  );
}

for (const locale of LOCALES) trainLocale(locale);
