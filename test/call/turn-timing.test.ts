import { describe, expect, it } from 'vitest';
import type { VadDecision } from '../../src/audio/vad.js';
import type { TurnTimingEntry } from '../../src/call/answer-timer.js';
import { AnswerTimer } from '../../src/call/answer-timer.js';
import { CallMeasures } from '../../src/call/call-measures.js';
import { TalkTimeline } from '../../src/call/talk-timeline.js';
import { stagesThrough, turnStages } from '../../src/call/turn-timing.js';

describe('turnStages', () => {
  it('makes each stage the time between two instants, so the stages add up to the whole', () => {
    const { stages, totalMs } = turnStages({ lastInputAtMs: 1000, endOfInputAtMs: 1300, transcriptAtMs: 1540, understoodAtMs: 1542, chosenAtMs: 1543, readyAtMs: 1700, firstFrameAtMs: 1720 });
    expect(stages).toEqual({ endpointingMs: 300, recognitionMs: 240, understandingMs: 2, flowMs: 1, synthesisMs: 157, firstFrameMs: 20 });
    expect(totalMs).toBe(720);
  });

  it('never makes a stage negative, and keeps whole milliseconds that add up exactly', () => {
    // A recognizer's final before the VAD's end: the end of the utterance is taken as no later than the transcript.
    const early = turnStages({ lastInputAtMs: 1000.4, endOfInputAtMs: 1600, transcriptAtMs: 1400.6, understoodAtMs: 1401.2, chosenAtMs: 1401.7, readyAtMs: 1401.7, firstFrameAtMs: 1402.49 });
    expect(Object.values(early.stages).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
    expect(Object.values(early.stages).reduce((sum, ms) => sum + ms, 0)).toBe(early.totalMs);
    expect(early.stages.recognitionMs).toBe(0);
    expect(early.stages.endpointingMs).toBe(600);
  });

  it('names the stages a turn goes through by how it came', () => {
    expect(stagesThrough('speech', true)).toEqual(['endpointing', 'recognition', 'understanding', 'flow', 'synthesis', 'firstFrame']);
    expect(stagesThrough('dtmf', true)).toEqual(['flow', 'synthesis', 'firstFrame']);
    expect(stagesThrough('text', false)).toEqual(['understanding', 'flow']);
    expect(stagesThrough('silence', false)).toEqual(['flow']);
  });
});

describe('AnswerTimer', () => {
  const heard = { lastInputAtMs: 0, endOfInputAtMs: 300, transcriptAtMs: 500, understoodAtMs: 510 };

  it('times the first line of the answer, once its first frame has left', async () => {
    const timed: TurnTimingEntry[] = [];
    const timer = new AnswerTimer({ turn: 2, state: 'askPayment', input: 'speech' }, heard, (entry) => timed.push(entry));
    timer.chosen('early.ask_payment', 520);
    timer.chosen('closing.payment_channel', 520);
    timer.ready(600);
    timer.started(650);
    timer.dropped();
    await timer.settled;
    expect(timed).toEqual([{ type: 'turn.timing', atMs: 650, turn: 2, state: 'askPayment', input: 'speech', prompt: 'early.ask_payment', stages: { endpointingMs: 300, recognitionMs: 200, understandingMs: 10, flowMs: 10, synthesisMs: 80, firstFrameMs: 50 }, totalMs: 650 }]);
  });

  it('times nothing for an answer dropped before its first frame', async () => {
    const timed: TurnTimingEntry[] = [];
    const timer = new AnswerTimer({ turn: 1, state: 'opening', input: 'dtmf' }, heard, (entry) => timed.push(entry));
    timer.chosen('disclosure.collector_notice', 520);
    timer.ready(600);
    timer.dropped();
    timer.started(700);
    await timer.settled;
    expect(timer.done).toBe(true);
    expect(timed).toEqual([]);
  });
});

/** VAD decisions for a run of frames: `v` voiced, `.` quiet, with the VAD's own onset (3) and hangover (2 here) counted. */
function decisions(pattern: string, onset = 3, hangover = 2): VadDecision[] {
  let speaking = false;
  let voicedRun = 0;
  let quietRun = 0;
  return [...pattern].map((frame) => {
    const voiced = frame === 'v';
    voicedRun = voiced ? voicedRun + 1 : 0;
    quietRun = voiced ? 0 : quietRun + 1;
    const speechStarted = !speaking && voicedRun >= onset;
    const speechEnded = speaking && quietRun >= hangover;
    if (speechStarted) speaking = true;
    if (speechEnded) speaking = false;
    return { speech: speaking, voiced, speechStarted, speechEnded, energyDb: voiced ? -20 : -70 };
  });
}

describe('TalkTimeline', () => {
  it('takes the caller from the first voiced frame of the run that started speech to the last voiced frame, and overlaps the bot with it', () => {
    const talk = new TalkTimeline();
    // 20 ms frames arriving at 20, 40, …: quiet, then voiced from the frame arriving at 60 to the one at 200 (speech declared at 100).
    const frames = decisions('..vvvvvvvv..........');
    const hear = (from: number, to: number): void => frames.slice(from, to).forEach((decision, i) => talk.callerFrame(20 * (from + i + 1), 20, decision));
    hear(0, 5);
    // The bot: a line begins at 100, over the caller, 200 ms of it; then 200 more sent early, at 200, which play after it.
    talk.botAudio(100, 200, true);
    hear(5, 10);
    talk.botAudio(200, 200, false);
    hear(10, frames.length);
    const summary = talk.talkBetween(0, 1000);
    expect(summary).toMatchObject({ durationMs: 1000, callerMs: 160, botMs: 400, overlapMs: 100, silenceMs: 540 });
    expect(summary.shares).toEqual({ callerOnly: 0.06, botOnly: 0.3, overlap: 0.1, silence: 0.54 });
    expect(talk.botOverCaller).toBe(1);
  });

  it('cuts the bot at a clear, counts a new line after a gap as a new start, and clips to the record', () => {
    const talk = new TalkTimeline();
    talk.botAudio(0, 200, true);
    talk.botCut(50);
    // 10 ms after a stretch ends is no gap a caller hears; 500 ms is.
    talk.botAudio(60, 100, true);
    talk.botAudio(160 + 10, 100, false);
    talk.botAudio(800, 400, true);
    const summary = talk.talkBetween(0, 1000);
    expect(summary.botMs).toBe(50 + 200 + 200);
    expect(summary.silenceMs).toBe(1000 - 450);
    expect(talk.botOverCaller).toBe(0);
    const shares = summary.shares;
    expect(shares.callerOnly + shares.botOnly + shares.overlap + shares.silence).toBeLessThanOrEqual(1);
  });

  it('rounds shares down so they never add up to more than the whole', () => {
    const talk = new TalkTimeline();
    talk.botAudio(0, 1, true);
    const { shares } = talk.talkBetween(0, 3);
    expect(shares).toEqual({ callerOnly: 0, botOnly: 0.3333, overlap: 0, silence: 0.6666 });
  });
});

describe('CallMeasures', () => {
  const entry = (input: TurnTimingEntry['input'], stages: Partial<TurnTimingEntry['stages']>): TurnTimingEntry => {
    const all = { endpointingMs: 0, recognitionMs: 0, understandingMs: 0, flowMs: 0, synthesisMs: 0, firstFrameMs: 0, ...stages };
    return { type: 'turn.timing', atMs: 0, turn: 1, state: 's', input, prompt: 'p', stages: all, totalMs: Object.values(all).reduce((sum, ms) => sum + ms, 0) };
  };

  it('takes each stage over the turns that went through it: the median by nearest rank, and the largest', () => {
    const measures = new CallMeasures();
    measures.turnTimed(entry('speech', { endpointingMs: 300, recognitionMs: 200, synthesisMs: 100 }), true);
    measures.turnTimed(entry('speech', { endpointingMs: 320, recognitionMs: 400, synthesisMs: 0 }), true);
    measures.turnTimed(entry('dtmf', { flowMs: 5, synthesisMs: 50 }), true);
    measures.callerBargedIn();
    measures.noInput();
    const summary = measures.summary(undefined);
    expect(summary).toEqual({
      turns: 3,
      stages: {
        endpointing: { turns: 2, p50Ms: 300, maxMs: 320 },
        recognition: { turns: 2, p50Ms: 200, maxMs: 400 },
        understanding: { turns: 2, p50Ms: 0, maxMs: 0 },
        flow: { turns: 3, p50Ms: 0, maxMs: 5 },
        synthesis: { turns: 3, p50Ms: 50, maxMs: 100 },
        firstFrame: { turns: 3, p50Ms: 0, maxMs: 0 },
      },
      total: { turns: 3, p50Ms: 600, maxMs: 720 },
      interruptions: { byCaller: 1, byBot: 0 },
      noInput: 1,
      notUnderstood: 0,
    });
  });

  it('has nothing to sum up when nothing was measured', () => {
    expect(new CallMeasures().summary(undefined)).toBeUndefined();
    const silent = new TalkTimeline().talkBetween(0, 5000);
    expect(new CallMeasures().summary({ talk: silent, botOverCaller: 0 })).toBeUndefined();
  });
});
