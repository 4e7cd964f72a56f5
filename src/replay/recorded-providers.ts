import type { PcmAudio } from '../audio/audio-format.js';
import { generateTone } from '../audio/tone-generator.js';
import type { Locale } from '../domain/locale.js';
import { abortOutcome } from '../escalation/adapters/abort-outcome.js';
import type { Handoff, HandoffAdapter, HandoffResult } from '../escalation/handoff.js';
import { DunbotError } from '../errors.js';
import type { NluResult } from '../nlu/intents.js';
import type { AsrListener, AsrProvider, AsrStream } from '../providers/asr/asr.js';
import type { TtsProvider, TtsRequest } from '../providers/tts/tts.js';
import type { TurnAnswering } from '../call/session-ports.js';
import type { Understander } from '../understanding/understander.js';
import type { Scheduler } from '../time/scheduler.js';
import type { Fixture } from './fixture.js';

/**
 * Where a replay with recorded providers departed from the recording: the bot asked a provider
 * something the recording has no answer for (a new prompt to synthesize, one utterance more).
 * The replay goes on with a stand-in answer and reports each departure, since the fixture may
 * need recording again.
 */
export interface ReplayDrift {
  readonly provider: 'asr' | 'tts' | 'llm' | 'answers' | 'handoff';
  readonly detail: string;
}

/** Collects the departures of one replay. */
export class DriftLog {
  readonly entries: ReplayDrift[] = [];

  note(provider: ReplayDrift['provider'], detail: string): void {
    this.entries.push({ provider, detail });
  }
}

/**
 * The recognizer as it was: the n-th utterance the call opens gets the n-th recorded utterance's
 * results, each `afterMs` after the audio ended on the call's clock. The audio itself still runs
 * through the call's VAD and turn-taking, so endpointing, barge-in and silence behave as live.
 */
export class RecordedAsr implements AsrProvider {
  readonly name = 'recorded';
  readonly locales: readonly Locale[] = ['en-US', 'zh-CN'];
  readonly sampleRateHz = 8000;
  private next = 0;

  constructor(
    private readonly utterances: Fixture['providers']['asr'],
    private readonly scheduler: Scheduler,
    private readonly drift: DriftLog,
  ) {}

  async open(_options: unknown, listener: AsrListener): Promise<AsrStream> {
    const index = this.next++;
    const recorded = this.utterances[index];
    let closed = false;
    return {
      write: () => undefined,
      finish: async () => {
        if (closed) return;
        if (recorded === undefined) {
          this.drift.note('asr', `utterance ${index + 1}: the recording has only ${this.utterances.length}; heard as nothing`);
          listener.onResult({ text: '', isFinal: true, confidence: 0 });
          return;
        }
        // finish() resolves once the final result is in, as a recognizer's does; results that came at once come at once.
        let deliveredMs = 0;
        for (const result of recorded.results) {
          if (result.afterMs > deliveredMs) {
            await new Promise((resolve) => this.scheduler.setTimeout(() => resolve(undefined), result.afterMs - deliveredMs));
            deliveredMs = result.afterMs;
          }
          if (!closed) listener.onResult({ text: result.text, isFinal: result.isFinal, confidence: result.confidence });
        }
        if (recorded.error !== undefined && !closed) listener.onError(new DunbotError('DUN_ERR_ASR_FAILED', recorded.error));
      },
      close: () => {
        closed = true;
      },
    };
  }
}

/**
 * The synthesizer as it was: each line sounds as long as it did in the recording and is ready
 * after the time its synthesis took, on the call's clock. A line the recording never synthesized
 * (a changed prompt) is timed from its length, as ToneTts does; the replay reports the ones it said.
 */
export class RecordedTts implements TtsProvider {
  readonly name = 'recorded';
  private readonly byText = new Map<string, { durationMs: number; synthesisMs: number }[]>();

  constructor(
    spoken: Fixture['providers']['tts'],
    private readonly scheduler: Scheduler,
  ) {
    for (const line of spoken) {
      const entries = this.byText.get(line.text) ?? [];
      entries.push({ durationMs: line.durationMs, synthesisMs: line.synthesisMs });
      this.byText.set(line.text, entries);
    }
  }

  defaultVoice(): string {
    return 'recorded';
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    const entries = this.byText.get(request.text);
    // Repeated lines take their recorded lengths in turn; the last one stands for any further repeat.
    const recorded = entries !== undefined && entries.length > 1 ? entries.shift() : entries?.[0];
    const durationMs = recorded?.durationMs ?? Math.min(4000, request.text.length * 40);
    if (recorded !== undefined && recorded.synthesisMs > 0) await new Promise((resolve) => this.scheduler.setTimeout(() => resolve(undefined), recorded.synthesisMs));
    return toneOf(durationMs);
  }
}

/** A quiet tone of `durationMs` at 8 kHz: what a replayed line sounds like to the line and the VAD's echo of it. */
function toneOf(durationMs: number): PcmAudio {
  return { samples: generateTone(440, durationMs, 8000, TONE_AMPLITUDE), sampleRateHz: 8000 };
}

/** As quiet as ToneTts's tone: about −32 dBFS. */
const TONE_AMPLITUDE = 800 / 32767;

/**
 * The language model as it answered: the recorded reading of an utterance (taken in order when
 * the same words came twice). An utterance it never read fails as a failed request would, and the
 * call goes on with the other understanders.
 */
export class RecordedLlmUnderstander implements Understander {
  readonly name = 'llm';
  private readonly byUtterance = new Map<string, NluResult[]>();

  constructor(
    understood: Fixture['providers']['understanding'],
    private readonly drift: DriftLog,
  ) {
    for (const entry of understood) {
      if (entry.source !== 'llm') continue;
      const results = this.byUtterance.get(entry.utterance) ?? [];
      results.push(entry.result as NluResult);
      this.byUtterance.set(entry.utterance, results);
    }
  }

  async understand(utterance: string): Promise<NluResult> {
    const results = this.byUtterance.get(utterance);
    const result = results !== undefined && results.length > 1 ? results.shift() : results?.[0];
    if (result === undefined) {
      this.drift.note('llm', `no recorded reading of "${utterance.slice(0, 80)}"`);
      throw new DunbotError('DUN_ERR_LLM_FAILED', 'the recording has no language-model reading of this utterance');
    }
    return result;
  }
}

/** Grounded answers as they were given, by question; a question never asked gets none (the scripted line is said). */
export class RecordedAnswering implements TurnAnswering {
  private readonly byQuestion = new Map<string, (string | null)[]>();

  constructor(
    answers: Fixture['providers']['answers'],
    private readonly drift: DriftLog,
  ) {
    for (const entry of answers) {
      const list = this.byQuestion.get(entry.question) ?? [];
      list.push(entry.answer);
      this.byQuestion.set(entry.question, list);
    }
  }

  async answer(question: string): Promise<string | undefined> {
    const list = this.byQuestion.get(question);
    if (list === undefined) {
      this.drift.note('answers', `no recorded answer to "${question.slice(0, 80)}"`);
      return undefined;
    }
    const answer = list.length > 1 ? list.shift() : list[0];
    return answer ?? undefined;
  }
}

/**
 * The hand-off as the adapter played it: the same reports and outcome at the same times after
 * the request, on the call's clock. The runtime's own limits still apply (the ring timeout, the
 * caller hanging up), so a recording that never settled ends as the live call did.
 */
export class RecordedHandoffAdapter implements HandoffAdapter {
  private next = 0;

  constructor(
    readonly name: string,
    private readonly runs: Fixture['providers']['handoff'],
    private readonly scheduler: Scheduler,
    private readonly drift: DriftLog,
  ) {}

  onEscalate(handoff: Handoff): Promise<HandoffResult> {
    const run = this.runs[this.next++];
    if (run === undefined) {
      this.drift.note('handoff', `hand-off ${this.next}: the recording has only ${this.runs.length}`);
      return Promise.resolve({ state: 'failed', reason: 'no recorded hand-off' });
    }
    return new Promise((resolve) => {
      const timers = run.reports.map((report) => this.scheduler.setTimeout(() => handoff.report(report.state, report.detail), report.afterMs));
      if (run.movedCallerAfterMs !== undefined) timers.push(this.scheduler.setTimeout(() => handoff.movingCaller(), run.movedCallerAfterMs));
      const outcome = run.outcome;
      if (outcome !== undefined) {
        timers.push(this.scheduler.setTimeout(() => resolve({ state: outcome.state, ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}), ...(outcome.target !== undefined ? { target: outcome.target } : {}) }), outcome.afterMs));
      }
      handoff.signal.addEventListener('abort', () => {
        for (const timer of timers) this.scheduler.clearTimeout(timer);
        resolve({ state: abortOutcome(handoff.signal) });
      }, { once: true });
    });
  }
}
