import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Locale } from '../../src/domain/locale.js';
import { INTENTS, RulesNlu, SIGNALS, type Intent } from '../../src/nlu/index.js';

/** One labeled utterance: expected intent and, when the utterance has them, amount and date. */
export const LabeledLine = z.object({
  text: z.string(),
  intent: z.enum(INTENTS),
  amount: z.number().optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  now: z.string().datetime().optional(),
  tz: z.string().optional(),
  /** Signals the utterance must carry (others may come too). */
  signals: z.array(z.enum(SIGNALS)).optional(),
});
export type LabeledLine = z.infer<typeof LabeledLine>;

const DEFAULT_NOW = '2026-03-11T15:00:00Z';
const DEFAULT_TZ: Readonly<Record<Locale, string>> = { 'en-US': 'America/New_York', 'zh-CN': 'Asia/Shanghai' };
/** The gates: at least 90% intent and 85% entity accuracy. */
export const INTENT_GATE = 0.9;
export const ENTITY_GATE = 0.85;
/** Intents the safety checks decide: a miss on one of these is a call handled wrongly, not a turn misread. */
export const SAFETY_INTENTS: readonly Intent[] = ['distress', 'abusive', 'attorney', 'bankruptcy', 'deceased', 'cease_contact'];
const SAFETY_SIGNALS = ['self_harm', 'violence_threat', 'complaint'] as const;
const here = dirname(fileURLToPath(import.meta.url));

/** Loads `<folder>/<locale>.jsonl` next to this file, validating every line. */
export function loadSet(folder: 'labeled' | 'holdout' | 'blind', locale: Locale): LabeledLine[] {
  const raw = readFileSync(join(here, folder, `${locale}.jsonl`), 'utf8');
  return raw
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = LabeledLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${locale}.jsonl line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface Report {
  readonly intentAccuracy: number;
  readonly entityAccuracy: number;
  readonly entityLines: number;
  readonly perIntent: ReadonlyMap<Intent, { correct: number; total: number }>;
  readonly misses: readonly string[];
  /** Lines labelled with a safety intent or safety signal, and how many of them were read right. */
  readonly safety: { readonly caught: number; readonly total: number };
  /** Lines labelled with signals, and how many carried every labelled signal. */
  readonly signalLines: { readonly caught: number; readonly total: number };
}

/** Classifies every line and scores intents (per intent too) and entities (amount and date both exact). */
export function evaluate(locale: Locale, lines: readonly LabeledLine[]): Report {
  const nlu = new RulesNlu();
  const perIntent = new Map<Intent, { correct: number; total: number }>(INTENTS.map((i) => [i, { correct: 0, total: 0 }]));
  const misses: string[] = [];
  let intentCorrect = 0;
  let entityCorrect = 0;
  let entityLines = 0;
  const safety = { caught: 0, total: 0 };
  const signalLines = { caught: 0, total: 0 };
  for (const line of lines) {
    const result = nlu.classify(line.text, locale, { now: new Date(line.now ?? DEFAULT_NOW), timeZone: line.tz ?? DEFAULT_TZ[locale] });
    const bucket = perIntent.get(line.intent) ?? { correct: 0, total: 0 };
    bucket.total += 1;
    const intentOk = result.intent === line.intent;
    if (intentOk) {
      bucket.correct += 1;
      intentCorrect += 1;
    }
    const hasEntity = line.amount !== undefined || line.date !== undefined || result.entities.amount !== undefined || result.entities.date !== undefined;
    const entityOk = result.entities.amount === line.amount && result.entities.date === line.date;
    if (hasEntity) {
      entityLines += 1;
      if (entityOk) entityCorrect += 1;
    }
    const wantedSignals = line.signals ?? [];
    const signalsOk = wantedSignals.every((signal) => (result.signals ?? []).includes(signal));
    if (wantedSignals.length > 0) {
      signalLines.total += 1;
      if (signalsOk) signalLines.caught += 1;
    }
    const safetySignals = wantedSignals.filter((signal) => (SAFETY_SIGNALS as readonly string[]).includes(signal));
    if (SAFETY_INTENTS.includes(line.intent) || safetySignals.length > 0) {
      safety.total += 1;
      const intentCaught = !SAFETY_INTENTS.includes(line.intent) || intentOk;
      if (intentCaught && safetySignals.every((signal) => (result.signals ?? []).includes(signal))) safety.caught += 1;
    }
    if (!intentOk || (hasEntity && !entityOk) || !signalsOk) {
      misses.push(`  ${JSON.stringify(line.text)} → ${result.intent} ${JSON.stringify(result.entities)} ${JSON.stringify(result.signals ?? [])} (want ${line.intent} ${JSON.stringify({ amount: line.amount, date: line.date })} ${JSON.stringify(wantedSignals)})`);
    }
  }
  return {
    intentAccuracy: intentCorrect / lines.length,
    entityAccuracy: entityLines === 0 ? 1 : entityCorrect / entityLines,
    entityLines,
    perIntent,
    misses,
    safety,
    signalLines,
  };
}

/** Prints a readable accuracy table with every miss. */
export function printReport(title: string, lines: number, report: Report): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const rows = [...report.perIntent]
    .filter(([, b]) => b.total > 0)
    .map(([intent, b]) => `  ${intent.padEnd(20)} ${String(b.correct).padStart(4)}/${String(b.total).padEnd(4)} ${pct(b.correct / b.total).padStart(7)}`);
  console.log(
    [
      `${title} (${lines} lines)`,
      `  intent accuracy      ${pct(report.intentAccuracy)}  (gate ${pct(INTENT_GATE)})`,
      `  entity accuracy      ${pct(report.entityAccuracy)}  over ${report.entityLines} lines (gate ${pct(ENTITY_GATE)})`,
      `  safety recall        ${report.safety.caught}/${report.safety.total}`,
      `  signal recall        ${report.signalLines.caught}/${report.signalLines.total}`,
      '  per intent:',
      ...rows,
      `  misses (${report.misses.length}):`,
      ...report.misses,
    ].join('\n'),
  );
}

