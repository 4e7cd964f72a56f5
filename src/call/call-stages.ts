import { todayInZone } from '../domain/calendar.js';
import { debtorNameForms, type Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import type { FlowChoice } from '../flow/flow-registry.js';
import type { Logger } from '../log/logger.js';
import type { MediaEvent } from '../telephony/media-event.js';
import type { Scheduler } from '../time/scheduler.js';
import type { VoiceCallParts } from './call-parts.js';
import { CallSession } from './call-session.js';
import { DEFAULT_CALLER_PROFILES } from './caller-profile.js';
import { CallerSpeech } from './caller-speech.js';
import { KeypadMode } from './keypad-mode.js';
import type { DebtorTurn } from './debtor-turn.js';
import type { MediaChannel } from './media-channel.js';
import { Playback } from './playback.js';
import { TalkTimeline } from './talk-timeline.js';
import { TurnTaking } from './turn-taking.js';
import { searchesAudioForKeys, type VoiceCallOptions } from './voice-call-options.js';
import type { VoiceMetrics } from './voice-metrics.js';

/** The stages of a started voice call, in the order a frame meets them after the channel. */
export interface CallStages {
  readonly turnTaking: TurnTaking;
  readonly session: CallSession;
  readonly playback: Playback;
  /** Off until the call can no longer hear speech; then keys answer questions, amounts and dates included. */
  readonly keypad: KeypadMode;
}

/** Who the call is with and what it runs. */
export interface CallSetup {
  readonly start: Extract<MediaEvent, { type: 'media.start' }>;
  readonly debtor: Debtor;
  readonly locale: Locale;
  readonly flow: FlowChoice;
  readonly channel: MediaChannel;
  readonly parts: VoiceCallParts;
  readonly options: VoiceCallOptions;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics: VoiceMetrics;
}

/** What the stages report to the call that assembled them. */
export interface StageEvents {
  /** Playback exists (before the session starts, so the greeting's marks find it). */
  readonly onPlayback: (playback: Playback) => void;
  readonly onTurn: (turn: DebtorTurn) => void;
  readonly onPlaybackIdle: () => void;
  readonly onSynthesisFailed: (error: unknown, promptId: string) => void;
  readonly onRecognizerFailed: () => void;
  readonly onMaxCallLength: () => void;
  /** The flow ended the call: the line is to be closed once its last words have been heard. */
  readonly onHangUp: () => void;
  /** A person took the call (a bridged hand-off): the bot falls silent, and the provider ends the stream. */
  readonly onHandedOver: () => void;
}

/**
 * Builds a call's stages and wires them along the path of a frame: turn-taking hears the
 * channel's audio and keys and opens utterances on caller speech; the recognizer's text becomes a
 * turn; the session understands it, runs the flow and hands `say` to playback, which speaks
 * through the channel. The session is started, so the greeting is on its way when this resolves.
 */
export async function assembleStages(setup: CallSetup, events: StageEvents): Promise<CallStages> {
  const { start, debtor, locale, flow, channel, parts, options, scheduler, metrics } = setup;
  // The recognizer is asked for before the call's logger exists: the benchmark ties the two by that order.
  const asr = parts.asr(locale);
  const logger = setup.logger.child({ streamId: start.streamId, flow: flow.name });
  let turnTaking: TurnTaking | undefined;
  // Set once the session has started: the greeting's first frame may leave before.
  let started: CallSession | undefined;
  // Who talked when: the caller's frames as the VAD judged them, the bot's audio as it plays.
  const talk = new TalkTimeline();
  const speech = asr === undefined ? undefined : new CallerSpeech({
    asr,
    inboundRateHz: start.inboundFormat.sampleRateHz,
    preRollMs: options.preRollMs,
    logger,
    metrics,
    onText: (text) => turnTaking?.recognized(text),
    onFailure: () => events.onRecognizerFailed(),
  });
  const playback = new Playback({
    outlet: channel,
    tts: parts.tts,
    locale,
    scheduler,
    framesPerSend: options.framesPerSend,
    logger,
    onIdle: () => events.onPlaybackIdle(),
    onError: (error, prompt) => events.onSynthesisFailed(error, prompt.promptId),
    onFirstFrame: (promptId) => started?.audioStarted(promptId),
    talk,
  });
  events.onPlayback(playback);
  const session = await CallSession.start({
    flowName: flow.name,
    machine: flow.machine,
    input: { debtor, locale, today: todayInZone(new Date(scheduler.nowMs()), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[locale] },
    understanding: parts.understanding,
    ...(parts.answering !== undefined ? { answering: parts.answering } : {}),
    scripts: parts.scripts,
    store: parts.store,
    clock: scheduler,
    channel: 'voice',
    telephony: { provider: channel.provider, streamId: start.streamId, ...(start.callId !== undefined ? { callId: start.callId } : {}) },
    logger,
    handoff: parts.handoff,
    scheduler,
    talk,
    // The turn-latency histogram observes the same whole as the record's turn timing.
    onTurnTimed: (timing) => metrics.turnLatency(timing.totalMs),
    effects: {
      say: (prompt, progress) => playback.speak(prompt, progress),
      reportsAudio: true,
      hangUp: () => events.onHangUp(),
      // After the hold line, hold audio until the outcome: a caller waiting for a person never hears silence.
      hold: () => playback.hold(),
      endHold: (outcome) => {
        playback.endHold();
        if (outcome === 'bridged') events.onHandedOver();
      },
    },
    onWriteError: () => metrics.storeError(),
    onLineWithheld: (rule) => metrics.lineWithheld(rule),
  });
  started = session;
  const keypad = new KeypadMode({ session, scheduler, onTurn: (turn) => events.onTurn(turn) });
  turnTaking = new TurnTaking(
    {
      inboundFormat: start.inboundFormat,
      detectKeys: searchesAudioForKeys(options.inBandDtmf, channel.reportsKeys),
      noInputMs: options.noInputMs,
      maxCallMs: options.maxCallMs,
      maxUtteranceMs: options.maxUtteranceMs,
      voice: playback,
      scheduler,
      logger,
      metrics,
      openUtterance: (callerSpeech) => callerSpeech.open({ locale, hints: { expectedIntents: session.expectations().intents, slots: session.expectations().slots, debtorNames: debtorNameForms(debtor), amountRange: { min: debtor.policy.minFirstPayment, max: debtor.balance } } }, scheduler.nowMs()),
      acceptsAnswers: () => !session.ended,
      onTurn: (turn) => keypad.take(turn),
      onInterruption: (cut) => session.recordInterruption(cut.promptId, cut.heardMs, cut.durationMs),
      onMaxCallLength: () => events.onMaxCallLength(),
      talk,
    },
    speech,
  );
  return { turnTaking, session, playback, keypad };
}
