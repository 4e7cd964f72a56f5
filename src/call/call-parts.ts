import type { DebtorRepository } from '../domain/debtor-repository.js';
import type { Locale } from '../domain/locale.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { CallStore } from '../store/call-store.js';
import type { CallHandoff, TurnAnswering, TurnUnderstanding } from './session-ports.js';

/** The speech providers of a deployment, chosen by configuration. */
export interface SpeechProviders {
  /** The recognizer for a locale, or undefined when there is none (the call then runs on keys). */
  readonly asr: (locale: Locale) => AsrProvider | undefined;
  readonly tts: TtsProvider;
}

/**
 * What every call of a deployment shares, built once by the composition root from the
 * configuration: where debtors, flows and records are, how speech is heard, understood and
 * spoken, and who takes escalated calls.
 */
export interface CallParts {
  readonly debtors: DebtorRepository;
  readonly flows: FlowRegistry;
  readonly understanding: TurnUnderstanding;
  /** Answers to off-script questions; absent when none is configured (the scripted line is said instead). */
  readonly answering?: TurnAnswering;
  readonly scripts: ScriptsLibrary;
  readonly store: CallStore;
  /** How a caller is put through to a person (`none`: the request is only recorded). */
  readonly handoff: CallHandoff;
}

/** A voice call's parts: the shared ones and the speech providers. */
export interface VoiceCallParts extends CallParts, SpeechProviders {}
