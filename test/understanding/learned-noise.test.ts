import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { LearnedUnderstander, MIN_KNOWN_WORD_SHARE, RulesUnderstander, Understanding, loadIntentModel, shippedIntentModelPath, type TurnContext } from '../../src/understanding/index.js';
import { NOW_MS, turnContextFor } from './fake-understander.js';

/** A yes/no question that is not about who is speaking. */
function atYesNo(locale: Locale): TurnContext {
  return { ...turnContextFor(locale), expected: { intents: ['affirm', 'deny'], slots: [] }, lastPrompt: { id: 'plan.offer', text: locale === 'zh-CN' ? '分三期可以吗？' : 'Would three payments work?' } };
}

/** Line noise, ASR junk and letters of no language, as a phone line delivers them. */
const NOISE: ReadonlyArray<readonly [string, Locale]> = [
  ['……嗞……咔啦……嘶……', 'zh-CN'],
  ['嗞嗞嗞嗞', 'zh-CN'],
  ['asdf qwer', 'zh-CN'],
  ['xkcd zzz', 'zh-CN'],
  ['%%##@@', 'zh-CN'],
  ['kkkkk', 'en-US'],
  ['brrrzt fsss', 'en-US'],
  ['xq zv', 'en-US'],
  ['@@## %%', 'en-US'],
];

/** Short real answers to a yes/no question. */
const YES: ReadonlyArray<readonly [string, Locale]> = [
  ['嗯对', 'zh-CN'],
  ['是的', 'zh-CN'],
  ['对对对', 'zh-CN'],
  ['ok', 'zh-CN'],
  ['yes', 'en-US'],
  ['ok', 'en-US'],
  ['uh huh', 'en-US'],
];

function understandingOf(): Understanding {
  return new Understanding({ understanders: [new RulesUnderstander(), new LearnedUnderstander()], budgetMs: 60_000, scheduler: new ManualScheduler(NOW_MS) });
}

describe('the learned reading of noise', () => {
  it.each(NOISE)('gives %j (%s) no intent', async (utterance, locale) => {
    const learned = await new LearnedUnderstander().understand(utterance, atYesNo(locale), new AbortController().signal);
    const understood = await understandingOf().understand(utterance, atYesNo(locale));

    expect(learned.intent).toBe('unknown');
    expect(understood.intent).toBe('unknown');
  });

  it('scores noise below the known-word share and real words above it', () => {
    const zh = loadIntentModel(shippedIntentModelPath('zh-CN'));
    const en = loadIntentModel(shippedIntentModelPath('en-US'));

    expect(zh.knownWordShare('……呼呼……嗞嗞……咔……')).toBeLessThan(MIN_KNOWN_WORD_SHARE);
    expect(zh.knownWordShare('')).toBe(0);
    expect(zh.knownWordShare('我明天还500')).toBe(1);
    expect(en.knownWordShare('asdf qwer zxcv')).toBeLessThan(MIN_KNOWN_WORD_SHARE);
    expect(en.knownWordShare('I already paid that last week')).toBe(1);
  });

  it.each(YES)('still reads %j (%s) as a yes at a yes/no question', async (utterance, locale) => {
    const understood = await understandingOf().understand(utterance, atYesNo(locale));

    expect(understood.intent).toBe('affirm');
  });

  it.each([['嗯对', 'zh-CN'], ['是的', 'zh-CN'], ['yeah', 'en-US'], ['ok', 'en-US']] as const)('reads %j (%s) as a yes on its own', async (utterance, locale) => {
    const learned = await new LearnedUnderstander().understand(utterance, atYesNo(locale), new AbortController().signal);

    expect(learned.intent).toBe('affirm');
  });
});
