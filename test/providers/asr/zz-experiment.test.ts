import { afterAll, it } from 'vitest';
import { SoundswallowerAsr, type AsrHints } from '../../../src/providers/asr/index.js';
import { loadPhoneSpeech } from './espeak-speech.js';

const VERIFY = ['affirm','deny','third_party','wrong_number','callback','ask_caller_identity','promise_to_pay','already_paid','dispute','hardship','request_plan','refuse','ask_balance'] as const;
const PAY = ['affirm','promise_to_pay','request_plan','hardship','already_paid','dispute','callback','refuse','deny','ask_balance','ask_caller_identity','wrong_number','third_party'] as const;
const H_VERIFY: AsrHints = { expectedIntents: VERIFY, debtorNames: ['John Smith', 'John', 'Smith'], slots: [] } as AsrHints;
const H_PAY: AsrHints = { expectedIntents: PAY, debtorNames: ['John Smith', 'John', 'Smith'], slots: ['amount', 'date'], amountRange: { min: 100, max: 1250.5 } } as AsrHints;
const CASES: [string, AsrHints][] = [
  ['yes this is john speaking', H_VERIFY], ['john here', H_VERIFY], ['speaking', H_VERIFY], ["yes it's john", H_VERIFY],
  ['this is john smith', H_VERIFY], ["that's me", H_VERIFY], ['yes speaking', H_VERIFY], ['he is not here', H_VERIFY],
  ['wrong number', H_VERIFY], ['stop calling me', H_VERIFY],
  ['i can pay two hundred dollars on friday', H_PAY], ['i can pay one hundred fifty dollars tomorrow', H_PAY], ['three hundred dollars', H_PAY],
  ['next friday', H_PAY], ['i can pay five hundred dollars on the fifteenth', H_PAY], ['i lost my job', H_PAY],
  ['the weather is nice in spain today', H_VERIFY], ['my cat likes to sleep on the sofa', H_PAY], ['please send the blue car to the garage', H_VERIFY],
  ['we watched a movie about dragons last night', H_PAY], ['the train to boston leaves at noon', H_VERIFY], ['i like green apples and orange juice', H_PAY],
  ['what a beautiful garden you have', H_VERIFY], ['turn left at the next traffic light', H_PAY],
];
const asr = new SoundswallowerAsr({ garbageWeight: Number(process.env.GW ?? 1) });
afterAll(() => asr.dispose());
it('experiment', async () => {
  const speak = await loadPhoneSpeech();
  if (!speak) throw new Error('no espeak');
  await asr.warmUp(1);
  const lines: string[] = [];
  for (const [text, hints] of CASES) {
    const audio = await speak(text);
    let final = { text: '', confidence: 0 };
    const t0 = performance.now();
    const stream = await asr.open({ locale: 'en-US', hints }, { onResult: (r) => { if (r.isFinal) final = r; }, onError: (e) => { throw e; } });
    for (let o = 0; o < audio.length; o += 160) stream.write(audio.subarray(o, o + 160));
    await stream.finish();
    lines.push(`${text === final.text ? 'OK ' : '   '} ${text} -> "${final.text}" c=${final.confidence.toFixed(2)} ${Math.round(performance.now() - t0)}ms`);
  }
  console.log(lines.join('\n'));
}, 120_000);
