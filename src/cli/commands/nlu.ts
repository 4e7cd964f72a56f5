import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { Locale } from '../../domain/locale.js';
import { RulesNlu } from '../../nlu/index.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs, parseLocaleOption, parseNowOption } from '../cli-options.js';

export const NLU_USAGE = 'dunbot nlu --locale zh-CN|en-US [--now <ISO>] [--tz <IANA zone>]';

/** The time zone dates resolve in when --tz is not given. */
const DEFAULT_ZONES: Readonly<Record<Locale, string>> = { 'zh-CN': 'Asia/Shanghai', 'en-US': 'America/New_York' };

/** Classifies one utterance per stdin line and prints one JSON object per line. */
export async function runNlu(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() => parseArgs({ args: [...args], options: { locale: { type: 'string' }, now: { type: 'string' }, tz: { type: 'string' } }, allowPositionals: true, strict: true }));
  const locale = parseLocaleOption(values.locale);
  const fixedNow = parseNowOption(values.now);
  const timeZone = values.tz ?? DEFAULT_ZONES[locale];
  const nlu = new RulesNlu();
  // Fail on a bad zone before reading any input.
  nlu.classify('', locale, { now: fixedNow ?? new Date(), timeZone });
  const reader = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of reader) {
    const text = line.trim();
    if (text === '') continue;
    const result = nlu.classify(text, locale, { now: fixedNow ?? new Date(), timeZone });
    writeLine(io.stdout, JSON.stringify({ text, intent: result.intent, confidence: result.confidence, entities: result.entities }));
  }
  return 0;
}
