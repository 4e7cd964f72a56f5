import type { Locale } from '../domain/locale.js';

// Self-contained on purpose: the shipped weights were trained on exactly these features, so a
// change to the rules' normalization must not shift them. Retrain (npm run train:intents) after
// any change here, and bump INTENT_FEATURES_VERSION so old weights are refused.

/** Version of the feature extraction below; a model file names the version it was trained on. */
export const INTENT_FEATURES_VERSION = 1;

const DIGIT_RUN = /\d+(?:[.,]\d+)*/g;
const NUMBER_TOKEN = '0';
const EN_WORD = /[a-z0-9]+(?:'[a-z]+)?/g;
const CJK = /\p{Script=Han}/u;

/** 32-bit FNV-1a over UTF-16 code units: stable across runs, platforms and Node versions. */
export function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
}

function englishFeatures(text: string): string[] {
  const words = (normalizeText(text).match(EN_WORD) ?? []).map((word) => (/\d/.test(word) ? NUMBER_TOKEN : word));
  const features: string[] = [];
  const padded = ['<s>', ...words, '</s>'];
  for (const word of words) features.push(`w:${word}`);
  for (let i = 0; i + 1 < padded.length; i += 1) features.push(`b:${padded[i]} ${padded[i + 1]}`);
  // Character n-grams over the whole phrase keep a misheard word ("cant pay", "bankrupcy") close to the right one.
  const chars = ` ${words.join(' ')} `;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= chars.length; i += 1) features.push(`c${n}:${chars.slice(i, i + n)}`);
  }
  return features;
}

/** Han characters one by one, Latin letters and digits as whole tokens (a digit run as one token). */
function chineseUnits(text: string): string[] {
  const units: string[] = [];
  const normalized = normalizeText(text).replace(DIGIT_RUN, NUMBER_TOKEN);
  let latin = '';
  for (const ch of normalized) {
    if (/[a-z0-9]/.test(ch)) {
      latin += ch;
      continue;
    }
    if (latin.length > 0) units.push(latin);
    latin = '';
    if (CJK.test(ch)) units.push(ch);
  }
  if (latin.length > 0) units.push(latin);
  return units;
}

function chineseFeatures(text: string): string[] {
  const units = chineseUnits(text);
  const padded = ['<s>', ...units, '</s>'];
  const features: string[] = [];
  for (const unit of units) features.push(`u:${unit}`);
  for (let i = 0; i + 1 < padded.length; i += 1) features.push(`b:${padded[i]}${padded[i + 1]}`);
  for (let i = 0; i + 2 < padded.length; i += 1) features.push(`t:${padded[i]}${padded[i + 1]}${padded[i + 2]}`);
  return features;
}

/**
 * The features of one utterance as distinct strings, before hashing: en-US word unigrams and
 * bigrams (lowercased, numbers as one token) plus character 3- and 4-grams; zh-CN character
 * unigrams, bigrams and trigrams.
 *
 * @example
 * extractIntentFeatures('I paid 200', 'en-US'); // → ['w:i', 'w:paid', 'w:0', 'b:<s> i', …, 'c3: i ', …]
 */
export function extractIntentFeatures(text: string, locale: Locale): string[] {
  const features = locale === 'zh-CN' ? chineseFeatures(text) : englishFeatures(text);
  return [...new Set(features)];
}

/** True for a feature that is one word (en-US) or one character or Latin token (zh-CN) of the utterance. */
export function isWordFeature(feature: string): boolean {
  return feature.startsWith('w:') || feature.startsWith('u:');
}

/** The hashed features of one utterance: distinct bucket indices in `0..2^hashBits-1`, ascending. */
export function hashIntentFeatures(text: string, locale: Locale, hashBits: number): number[] {
  const mask = hashBits >= 32 ? 0xffffffff : (1 << hashBits) - 1;
  const buckets = new Set(extractIntentFeatures(text, locale).map((feature) => (hashFeature(feature) & mask) >>> 0));
  return [...buckets].sort((a, b) => a - b);
}
