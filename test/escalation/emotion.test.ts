import { describe, expect, it } from 'vitest';
import { CallerEmotion, NO_EMOTION, emotionCallsForPerson, speechRate, withTurnEmotion, type EmotionTrajectory } from '../../src/escalation/emotion.js';
import { wordEmotion } from '../../src/escalation/emotion-words.js';
import { DEFAULT_EMOTION_ESCALATION, resolveEscalationPolicy, type EmotionEscalation } from '../../src/escalation/escalation-policy.js';
import type { VoiceFeatures } from '../../src/audio/voice-features.js';

const RULE: EmotionEscalation = DEFAULT_EMOTION_ESCALATION;

function trajectory(scores: readonly number[], rule: EmotionEscalation = RULE): EmotionTrajectory {
  return scores.reduce((so, score) => withTurnEmotion(so, score, rule), NO_EMOTION);
}

/** After which turn (1-based) the rule first hands the call over, if ever. */
function escalatesAt(scores: readonly number[], rule: EmotionEscalation = RULE): number | undefined {
  for (let n = 1; n <= scores.length; n += 1) if (emotionCallsForPerson(trajectory(scores.slice(0, n), rule), rule)) return n;
  return undefined;
}

describe('wordEmotion', () => {
  it.each([
    ['en-US', 'I can pay two hundred on Friday.'],
    ['en-US', 'Yes, this is Dana.'],
    ['en-US', 'Could you send me that in writing please?'],
    ['zh-CN', '我周五还两千。'],
    ['zh-CN', '麻烦您再说一遍。'],
    ['zh-CN', '哈哈哈哈，好的没问题。'],
    ['zh-CN', '谢谢谢谢，我下周还。'],
  ] as const)('%s: %j is calm', (locale, text) => {
    expect(wordEmotion(text, locale)).toBe(0);
  });

  it.each([
    ['en-US', 'Why do you keep calling me about this?'],
    ['en-US', 'Oh come on now.'],
    ['zh-CN', '行行行，知道了知道了。'],
  ] as const)('%s: %j is mildly heated', (locale, text) => {
    const score = wordEmotion(text, locale);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(0.4);
  });

  it.each([
    ['en-US', "I'm sick and tired of these calls, I've told you five times already!"],
    ['en-US', 'I am so furious right now, this is completely ridiculous!'],
    ['en-US', "Oh for crying out loud, no no no, that's not what I said!"],
    ['zh-CN', '我真的特别生气，你们太过分了！'],
    ['zh-CN', '我都说了三遍了，你们到底有完没完！'],
    ['zh-CN', '怎么又是你们，烦死了。'],
  ] as const)('%s: %j is heated', (locale, text) => {
    expect(wordEmotion(text, locale)).toBeGreaterThan(0.5);
  });

  it.each([
    "I already told you, I'll pay when the refund comes in.",
    "I told the last caller I'd deal with it next month.",
    "I've answered this three times now.",
    'Please stop asking me that.',
    "I don't know what to do anymore.",
  ])('en-US: %j is heated at being asked again or at a loss', (text) => {
    expect(wordEmotion(text, 'en-US')).toBeGreaterThan(0);
  });

  it.each([
    'I already paid that on Monday.',
    'I already told my bank to send it.',
    'I just explained it to my wife, she agrees with the plan.',
    'I just went over it with my accountant.',
    'I told the bank last week to set up autopay.',
    "I don't know what day I get paid yet.",
  ])('en-US: %j is calm, though it tells of something said or done before', (text) => {
    expect(wordEmotion(text, 'en-US')).toBe(0);
  });

  it('reads despair as well as anger', () => {
    expect(wordEmotion("I'm desperate, I don't know what to do, I'm crying here.", 'en-US')).toBeGreaterThan(0.4);
    expect(wordEmotion('我现在都快崩溃了，真的没办法了。', 'zh-CN')).toBeGreaterThan(0.4);
  });

  it('grows with intensifiers, repetition and exclamations, and ignores capitals', () => {
    expect(wordEmotion('this is really annoying', 'en-US')).toBeGreaterThan(wordEmotion('this is annoying', 'en-US'));
    expect(wordEmotion('no no no, that is wrong', 'en-US')).toBeGreaterThan(wordEmotion('no, that is wrong', 'en-US'));
    expect(wordEmotion('that is wrong!!', 'en-US')).toBeGreaterThan(wordEmotion('that is wrong', 'en-US'));
    expect(wordEmotion('STOP ASKING ME THE SAME QUESTION', 'en-US')).toBe(wordEmotion('stop asking me the same question', 'en-US'));
  });

  it('stays within 0 and 1 however much is piled on', () => {
    const score = wordEmotion('I am so furious and livid, this is fucking ridiculous bullshit, I told you ten times, are you deaf!!! no no no', 'en-US');
    expect(score).toBeGreaterThan(0.9);
    expect(score).toBeLessThan(1);
  });
});

describe('the emotion trajectory rule', () => {
  it('never hands over on one outburst, however loud, that is not followed by more', () => {
    expect(escalatesAt([0, 1, 0, 0, 0])).toBeUndefined();
    expect(escalatesAt([1, 0.1, 0.1])).toBeUndefined();
    expect(escalatesAt([0.2, 1])).toBeUndefined();
  });

  it('hands over once the smoothed score stays heated for two turns and keeps rising', () => {
    // Smoothed 0.06, 0.20, 0.44, 0.72: heated on the third and fourth turn, rising.
    expect(escalatesAt([0.1, 0.3, 0.6, 0.9])).toBe(4);
    expect(escalatesAt([0.8, 0.9])).toBe(2);
  });

  it('does not hand over while the heat is falling, even above the threshold', () => {
    // Smoothed 0.54, 0.76, 0.66: heated and rising on turn 2 — but a caller calming down on turn 3 does not count on its own.
    const rule = { ...RULE, turns: 3 };
    expect(escalatesAt([0.9, 0.9, 0.6], rule)).toBeUndefined();
  });

  it('needs as many heated turns as the rule says', () => {
    const rule = { ...RULE, turns: 3 };
    expect(escalatesAt([0.8, 0.9], rule)).toBeUndefined();
    expect(escalatesAt([0.8, 0.9, 1], rule)).toBe(3);
  });

  it('keeps every turn score and the smoothed score after it', () => {
    const after = trajectory([0.5, 1]);
    expect(after.scores).toEqual([0.5, 1]);
    expect(after.smoothed).toEqual([0.3, 0.72]);
  });

  it('refuses a rule that could act on one sentence', () => {
    expect(() => resolveEscalationPolicy({ emotion: { threshold: 0.4, turns: 1, smoothing: 0.6 } })).toThrow(RangeError);
    expect(() => resolveEscalationPolicy({ notUnderstoodInARow: 0 })).toThrow(RangeError);
    expect(resolveEscalationPolicy({ emotion: false }).emotion).toBe(false);
  });
});

describe('words over a call', () => {
  /** After which turn (1-based) the default rule hands a call of these words over, if ever. */
  const escalatesOnWords = (turns: readonly string[], locale: 'en-US' | 'zh-CN'): number | undefined => escalatesAt(turns.map((text) => wordEmotion(text, locale)));

  it('hand over a caller who grows angrier with every answer, by the turn they are furious', () => {
    const climbing = [
      'yes this is Dana',
      'I already explained this to the woman who called yesterday.',
      "I don't have an exact date. Why do you people keep asking me the same thing?",
      "This is ridiculous. I'm getting really angry now, I've answered this three times.",
      "I'm furious! Stop asking me!",
    ];
    expect(escalatesOnWords(climbing, 'en-US')).toBe(5);
  });

  it('never hand over one outburst followed by an apology and a promise, nor grumbling', () => {
    expect(escalatesOnWords(['yes', "Oh for god's sake, I KNOW! Stop telling me!", "Sorry. I'm just stressed. Can I pay Friday?", "yes that's right"], 'en-US')).toBeUndefined();
    expect(escalatesOnWords(['yes this is Dana', 'I already told you I get paid Friday.', 'Ugh, again? Fine.', 'Okay, I can pay 200 on Friday.'], 'en-US')).toBeUndefined();
  });
});

describe('CallerEmotion', () => {
  const calm: VoiceFeatures = { durationMs: 2000, voicedMs: 1500, loudnessDb: -26, pitchHz: 140, pitchSpreadSemitones: 1.5 };

  it('scores a text call from its words alone', () => {
    const emotion = new CallerEmotion('en-US');
    expect(emotion.score('I am so furious right now!')).toBe(wordEmotion('I am so furious right now!', 'en-US'));
  });

  it('reads the voice against the caller\'s own first turns', () => {
    const emotion = new CallerEmotion('en-US');
    const words = 'I told you that already';
    // The first two voiced turns set the baseline: they add nothing of their own.
    expect(emotion.score('yes this is Dana speaking', { features: calm, bargeIns: 0 })).toBe(0);
    expect(emotion.score('I can probably pay something', { features: calm, bargeIns: 0 })).toBe(0);
    // Then louder by 10 dB, pitch moving twice as much, faster, talking over the bot twice.
    const shouted = emotion.score(words, { features: { ...calm, loudnessDb: -16, pitchSpreadSemitones: 4.5, voicedMs: 900 }, bargeIns: 2 });
    expect(shouted).toBeGreaterThan(wordEmotion(words, 'en-US') + 0.4);
    // The same words said as calmly as the caller began add nothing to what the words say.
    expect(emotion.score(words, { features: calm, bargeIns: 0 })).toBeCloseTo(wordEmotion(words, 'en-US'), 2);
  });

  it('keeps a loud voice with calm words below what angry words reach', () => {
    const emotion = new CallerEmotion('en-US');
    emotion.score('hello', { features: calm, bargeIns: 0 });
    const loudButCalm = emotion.score('okay, I can pay on Friday', { features: { ...calm, loudnessDb: -10, pitchSpreadSemitones: 6 }, bargeIns: 3 });
    expect(loudButCalm).toBeGreaterThan(0);
    expect(loudButCalm).toBeLessThanOrEqual(0.6);
  });

  it('measures speech rate in words, or in characters for Mandarin', () => {
    expect(speechRate('I can pay on Friday', 'en-US', 2000)).toBeCloseTo(2.5);
    expect(speechRate('我周五还两千。', 'zh-CN', 1000)).toBe(6);
  });
});
