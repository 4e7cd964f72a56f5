import type { VoiceCallParts } from '../call/call-parts.js';
import type { TurnAnswering, TurnUnderstanding } from '../call/session-ports.js';
import type { Debtor } from '../domain/debtor.js';
import type { Handoff, HandoffAdapter } from '../escalation/handoff.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import type { CallRecord } from '../store/call-record.js';
import type { Scheduler } from '../time/scheduler.js';
import { FIXTURE_VERSION, FRAME_BYTES, FRAME_MS, type Expectations, type FixtureConfig, type FixtureInput, type HandoffRunInput, type UnderstoodInput } from './fixture.js';

/** How far a media frame may arrive from its place in a run of audio before a new run starts (network jitter). */
const RUN_TOLERANCE_MS = 3 * FRAME_MS;

type AsrRecording = { results: { afterMs: number; text: string; confidence: number; isFinal: boolean }[]; error?: string };

/** A run of audio as it is being captured: where it started and its frames so far. */
interface AudioRun {
  readonly atMs: number;
  readonly frames: Buffer[];
}

type CapturedEvent = { readonly atMs: number; readonly event: 'dtmf'; readonly digit: string } | { readonly atMs: number; readonly event: 'stop' } | { readonly event: 'audio'; readonly run: AudioRun };

/**
 * Captures one live Twilio call as a fixture: every frame the caller's side sent (audio in runs,
 * keys, the stop) at its call time, and what the providers that are not deterministic gave the
 * call (recognitions, synthesized line lengths, the language model's readings and answers, the
 * hand-off's course). The call runs on the parts `wrap` returns; nothing it captures changes them.
 */
export class CallCapture {
  private openedAtMs: number | undefined;
  private callSid: string | undefined;
  private readonly events: CapturedEvent[] = [];
  private readonly asr: AsrRecording[] = [];
  private readonly tts: { text: string; durationMs: number; synthesisMs: number }[] = [];
  private readonly understood: UnderstoodInput[] = [];
  private readonly answers: { question: string; answer: string | null }[] = [];
  private readonly handoffs: HandoffRunInput[] = [];
  /** What the bot sent: audio (as its length), marks and clears, at their call times. */
  private readonly bot: ({ atMs: number; event: 'audio'; durationMs: number } | { atMs: number; event: 'mark'; name: string } | { atMs: number; event: 'clear' })[] = [];
  /** Frames that were not JSON or not Twilio's: the fixture cannot replay them, so it says how many. */
  unreadableFrames = 0;

  constructor(private readonly scheduler: Scheduler) {}

  /** One message from the caller's side, as the media server received it. */
  inbound(data: Buffer, isBinary: boolean): void {
    const nowMs = this.scheduler.nowMs();
    this.openedAtMs ??= nowMs;
    const atMs = nowMs - this.openedAtMs;
    let message: { event?: unknown; start?: { callSid?: unknown }; media?: { payload?: unknown }; dtmf?: { digit?: unknown } };
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(data.toString('utf8')) as typeof message;
    } catch {
      this.unreadableFrames += 1;
      return;
    }
    switch (message.event) {
      case 'start':
        if (typeof message.start?.callSid === 'string') this.callSid = message.start.callSid;
        return;
      case 'media': {
        const payload = typeof message.media?.payload === 'string' ? Buffer.from(message.media.payload, 'base64') : undefined;
        if (payload === undefined || payload.length !== FRAME_BYTES) {
          this.unreadableFrames += 1;
          return;
        }
        this.addFrame(atMs, payload);
        return;
      }
      case 'dtmf':
        if (typeof message.dtmf?.digit === 'string') this.events.push({ atMs, event: 'dtmf', digit: message.dtmf.digit });
        return;
      case 'stop':
        this.events.push({ atMs, event: 'stop' });
        return;
      default:
        // connected, and mark echoes: the replayed line sends its own.
        return;
    }
  }

  /** Frames the bot sent, as the media server hands them to the socket (Twilio's JSON). */
  outbound(frames: readonly { readonly data: string | Uint8Array }[]): void {
    if (this.openedAtMs === undefined) return;
    const atMs = this.scheduler.nowMs() - this.openedAtMs;
    for (const frame of frames) {
      let message: { event?: unknown; media?: { payload?: unknown }; mark?: { name?: unknown } };
      try {
        message = JSON.parse(typeof frame.data === 'string' ? frame.data : Buffer.from(frame.data).toString('utf8')) as typeof message;
      } catch {
        continue;
      }
      if (message.event === 'media' && typeof message.media?.payload === 'string') {
        const durationMs = Buffer.from(message.media.payload, 'base64').length / 8;
        const last = this.bot.at(-1);
        // Consecutive audio is kept as one stretch: the fixture says when the bot spoke, not every frame.
        if (last?.event === 'audio' && last.atMs + last.durationMs >= atMs) last.durationMs += durationMs;
        else this.bot.push({ atMs, event: 'audio', durationMs });
      } else if (message.event === 'mark' && typeof message.mark?.name === 'string') {
        this.bot.push({ atMs, event: 'mark', name: message.mark.name });
      } else if (message.event === 'clear') {
        this.bot.push({ atMs, event: 'clear' });
      }
    }
  }

  /** The call's parts, with each provider that is not deterministic captured on its way through. */
  wrap(parts: VoiceCallParts): VoiceCallParts {
    return {
      ...parts,
      asr: (locale) => {
        const provider = parts.asr(locale);
        return provider === undefined ? undefined : this.wrapAsr(provider);
      },
      tts: this.wrapTts(parts.tts),
      understanding: this.wrapUnderstanding(parts.understanding),
      ...(parts.answering !== undefined ? { answering: this.wrapAnswering(parts.answering) } : {}),
      handoff: { ...parts.handoff, adapter: this.wrapHandoff(parts.handoff.adapter) },
    };
  }

  /**
   * The fixture of the call, its expectations proposed from what the call did (`record`): a QA
   * engineer keeps those that matter and removes the rest.
   */
  toFixture(options: { readonly name: string; readonly record: CallRecord; readonly debtor: Debtor; readonly config: FixtureConfig }): FixtureInput {
    const { record } = options;
    return {
      dunbotFixture: FIXTURE_VERSION,
      name: options.name,
      description: `Recorded from call ${record.callId} (${record.flow}, ${record.locale}), ended ${record.disposition ?? 'without a disposition'}.`,
      call: {
        provider: 'twilio',
        startedAt: new Date(this.openedAtMs ?? record.startedAtMs).toISOString(),
        debtor: options.debtor as unknown as Record<string, unknown>,
        flow: record.flow,
        locale: record.locale,
        ...(this.callSid !== undefined ? { callSid: this.callSid } : {}),
        config: options.config,
      },
      caller: {
        events: this.events.map((event) => (event.event === 'audio' ? { atMs: event.run.atMs, event: 'audio' as const, payload: Buffer.concat(event.run.frames).toString('base64') } : event)),
      },
      providers: { asr: this.asr, tts: this.tts, understanding: this.understood, answers: this.answers, handoff: this.handoffs },
      expect: proposedExpectations(record),
      recorded: { bot: this.bot, transcript: transcriptOf(record, this.openedAtMs ?? record.startedAtMs) },
    };
  }

  private addFrame(atMs: number, payload: Buffer): void {
    const last = this.events.at(-1);
    if (last?.event === 'audio') {
      const dueMs = last.run.atMs + last.run.frames.length * FRAME_MS;
      if (Math.abs(atMs - dueMs) <= RUN_TOLERANCE_MS) {
        last.run.frames.push(payload);
        return;
      }
    }
    this.events.push({ event: 'audio', run: { atMs, frames: [payload] } });
  }

  private wrapAsr(provider: AsrProvider): AsrProvider {
    const { scheduler } = this;
    const recordings = this.asr;
    return {
      name: provider.name,
      locales: provider.locales,
      sampleRateHz: provider.sampleRateHz,
      open: async (options, listener) => {
        const recording: AsrRecording = { results: [] };
        recordings.push(recording);
        let finishedAtMs: number | undefined;
        const stream = await provider.open(options, {
          onResult: (result) => {
            recording.results.push({ afterMs: finishedAtMs === undefined ? 0 : Math.max(0, scheduler.nowMs() - finishedAtMs), text: result.text, confidence: result.confidence, isFinal: result.isFinal });
            listener.onResult(result);
          },
          onError: (error) => {
            recording.error = error.message;
            listener.onError(error);
          },
        });
        return {
          write: (samples) => stream.write(samples),
          finish: () => {
            finishedAtMs = scheduler.nowMs();
            return stream.finish();
          },
          close: () => stream.close(),
        };
      },
    };
  }

  private wrapTts(provider: TtsProvider): TtsProvider {
    return {
      name: provider.name,
      defaultVoice: (locale) => provider.defaultVoice(locale),
      synthesize: async (request) => {
        const startedMs = this.scheduler.nowMs();
        const audio = await provider.synthesize(request);
        this.tts.push({ text: request.text, durationMs: Math.round((audio.samples.length / audio.sampleRateHz) * 1000), synthesisMs: Math.max(0, this.scheduler.nowMs() - startedMs) });
        return audio;
      },
    };
  }

  private wrapUnderstanding(understanding: TurnUnderstanding): TurnUnderstanding {
    return {
      understand: async (utterance, context) => {
        const understood = await understanding.understand(utterance, context);
        // Only the language model's readings: the rules and the learned model run again on replay, so a change to them shows.
        if (understood.source === 'llm') {
          const { source, unavailable: _unavailable, ...result } = understood;
          this.understood.push({ utterance, result, source });
        }
        return understood;
      },
    };
  }

  private wrapAnswering(answering: TurnAnswering): TurnAnswering {
    return {
      answer: async (question, facts, locale) => {
        const answer = await answering.answer(question, facts, locale);
        this.answers.push({ question, answer: answer ?? null });
        return answer;
      },
    };
  }

  private wrapHandoff(adapter: HandoffAdapter): HandoffAdapter {
    return {
      name: adapter.name,
      onEscalate: async (handoff) => {
        const startedMs = this.scheduler.nowMs();
        const since = (): number => Math.max(0, this.scheduler.nowMs() - startedMs);
        const reports: { afterMs: number; state: 'briefing' | 'ringing'; detail?: string }[] = [];
        const run: { -readonly [K in keyof HandoffRunInput]: HandoffRunInput[K] } = { reports };
        this.handoffs.push(run);
        const watched: Handoff = {
          packet: handoff.packet,
          ...(handoff.target !== undefined ? { target: handoff.target } : {}),
          ringTimeoutMs: handoff.ringTimeoutMs,
          signal: handoff.signal,
          report: (state, detail) => {
            reports.push({ afterMs: since(), state, ...(detail !== undefined ? { detail } : {}) });
            handoff.report(state, detail);
          },
          movingCaller: () => {
            run.movedCallerAfterMs ??= since();
            handoff.movingCaller();
          },
        };
        const result = await adapter.onEscalate(watched);
        // After an abort the runtime has already ended the hand-off; on replay it does so again at the same time.
        if (!handoff.signal.aborted) run.outcome = { afterMs: since(), state: result.state, ...(result.reason !== undefined ? { reason: result.reason } : {}), ...(result.target !== undefined ? { target: result.target } : {}) };
        return result;
      },
    };
  }
}

/** Who said what and when, from the record, on the fixture's clock. */
type TranscriptLine = { atMs: number; speaker: 'bot' | 'debtor'; text: string };

function transcriptOf(record: CallRecord, openedAtMs: number): TranscriptLine[] {
  return record.events.flatMap((event): TranscriptLine[] => {
    const atMs = Math.max(0, event.atMs - openedAtMs);
    if (event.type === 'bot.said') return [{ atMs, speaker: 'bot', text: event.text }];
    if (event.type !== 'debtor.turn') return [];
    const text = event.input === 'silence' ? '(silence)' : event.input === 'dtmf' ? `(key ${event.digit ?? ''})` : event.text;
    return [{ atMs, speaker: 'debtor', text }];
  });
}

/** What a call did, as expectations a replay of it must meet. */
export function proposedExpectations(record: CallRecord): Expectations {
  const states: string[] = [];
  const intents: (string | null)[] = [];
  const said: string[] = [];
  for (const event of record.events) {
    if (event.type === 'state.changed' && states.at(-1) !== event.to) states.push(event.to);
    if (event.type === 'debtor.turn' && event.nlu !== undefined && (event.input === 'speech' || event.input === 'text')) intents.push(event.nlu.intent);
    if (event.type === 'bot.said' && !said.includes(event.prompt)) said.push(event.prompt);
  }
  const outcome = record.outcome;
  return {
    ...(record.disposition !== undefined ? { disposition: record.disposition } : {}),
    promise: outcome?.promise ?? null,
    flags: (outcome?.flags ?? []).map((flag) => ({ kind: flag.kind, ...(flag.detail !== undefined ? { detail: flag.detail } : {}) })),
    escalationReason: outcome?.escalation?.reason ?? null,
    handoffState: outcome?.escalation?.handoff?.state ?? null,
    states,
    intents,
    said,
  };
}
