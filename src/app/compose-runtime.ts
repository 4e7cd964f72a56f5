import { SHIPPED_FLOWS } from '../../flows/index.js';
import type { CallParts, SpeechProviders, VoiceCallParts } from '../call/call-parts.js';
import type { TurnAnswering, TurnUnderstanding } from '../call/session-ports.js';
import { createAnswering } from '../answering/create-answering.js';
import { DirectoryDebtorRepository, type DebtorRepository } from '../domain/debtor-repository.js';
import { DunbotError } from '../errors.js';
import { createHandoffAdapter, type HandoffAdapterFactory } from '../escalation/handoff-adapters.js';
import type { HandoffAdapter } from '../escalation/handoff.js';
import type { FlowRegistry } from '../flow/flow-registry.js';
import type { Logger } from '../log/logger.js';
import { defaultScriptsLibrary } from '../scripts/load-scripts-library.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { ServerConfig } from '../server/server-config.js';
import type { CallStore } from '../store/call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import { systemScheduler, type Scheduler } from '../time/scheduler.js';
import { createUnderstanding, type UnderstanderFactory } from '../understanding/understanding-registry.js';
import { createSpeechProviders, type ClosableSpeechProviders } from './speech-providers.js';

/** Parts given instead of the ones the configuration names: embedders' own, and tests' faults. */
export interface RuntimeOverrides {
  /** Speech providers instead of the configured ones, or `false` for a runtime without voice (text calls). */
  readonly speech?: SpeechProviders | false;
  /** A store owned by the caller (not closed with the runtime). */
  readonly store?: CallStore;
  readonly flows?: FlowRegistry;
  /** Where debtors are found instead of DUNBOT_DEBTORS_DIR (an application's own records, a replayed call's debtor). */
  readonly debtors?: DebtorRepository;
  readonly scripts?: ScriptsLibrary;
  /**
   * The hand-off adapter instead of the one DUNBOT_HANDOFF names: an application's own way to put a
   * caller through to a person (named `none`, it only records the request).
   */
  readonly handoff?: HandoffAdapter;
  /** Hand-off adapters by name, replacing or adding to the shipped ones; `handoff` in the configuration still chooses. */
  readonly handoffAdapters?: Partial<Record<string, HandoffAdapterFactory>>;
  /** Understanders by name, replacing or adding to the shipped ones; `understanders` in the configuration still chooses. */
  readonly understanders?: Partial<Record<string, UnderstanderFactory>>;
  /** A whole understanding stage instead of the configured chain (a remote service, a test's fault). */
  readonly understanding?: TurnUnderstanding;
  /** An answering stage instead of the configured one (an application's own answerer), or `false` for none. */
  readonly answering?: TurnAnswering | false;
}

export interface ComposeOptions {
  readonly logger: Logger;
  /** The time source of every call and timer; real time by default. */
  readonly scheduler?: Scheduler;
  /** Where Google credentials are read from; the process environment by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly overrides?: RuntimeOverrides;
}

/** Everything a deployment's calls share, built from one validated configuration. */
export interface DunbotRuntime {
  readonly config: ServerConfig;
  readonly scheduler: Scheduler;
  readonly parts: CallParts;
  /** Undefined for a runtime built without voice. */
  readonly speech: SpeechProviders | undefined;
  /** Closes what the runtime opened (the store, speech workers); parts given in `overrides` stay open. */
  close(): Promise<void>;
}

/**
 * The composition root: the one place that turns configuration into parts — the store, the
 * debtor repository, the flow registry (dunbot's shipped flows unless others are given), the
 * scripts library, understanding (the configured understanders, in order, under the turn budget),
 * answering (grounded answers to off-script questions, when an LLM is configured),
 * the hand-off adapter (how a caller is put through to a person) and the speech providers. `serve`, `demo`, `chat` and replays all start
 * here, so a call is assembled the same way wherever it runs.
 */
export async function composeRuntime(config: ServerConfig, options: ComposeOptions): Promise<DunbotRuntime> {
  const { logger, overrides = {} } = options;
  const scheduler = options.scheduler ?? systemScheduler;
  const scripts = overrides.scripts ?? defaultScriptsLibrary();
  const understanding = overrides.understanding ?? createUnderstanding(config, scheduler, logger, overrides.understanders);
  // Grounded answers to off-script questions, by the configured LLM unless DUNBOT_LLM_ANSWERS=off.
  const answering = overrides.answering === undefined ? createAnswering(config, scheduler, logger) : overrides.answering === false ? undefined : overrides.answering;
  // Before anything is opened: a DUNBOT_HANDOFF nobody provides, or an adapter missing a setting, stops the start here.
  const handoff = overrides.handoff ?? createHandoffAdapter(config, { scheduler, logger }, overrides.handoffAdapters);
  let speech: SpeechProviders | undefined;
  let ownSpeech: ClosableSpeechProviders | undefined;
  if (overrides.speech === undefined) {
    // Checks the Google credentials when DUNBOT_ASR or DUNBOT_TTS asks for Google: a bad file fails here.
    ownSpeech = await createSpeechProviders(config, scripts, logger, options.env ?? process.env);
    speech = ownSpeech;
  } else if (overrides.speech !== false) {
    speech = overrides.speech;
  }
  const store = overrides.store ?? SqliteCallStore.open(config.dbPath);
  const parts: CallParts = {
    debtors: overrides.debtors ?? new DirectoryDebtorRepository(config.debtorsDir),
    flows: overrides.flows ?? SHIPPED_FLOWS,
    understanding,
    ...(answering !== undefined ? { answering } : {}),
    scripts,
    store,
    handoff: {
      adapter: handoff,
      ringTimeoutMs: config.handoffRingTimeoutS * 1000,
      ...(config.handoffTarget !== undefined ? { target: config.handoffTarget } : {}),
      ...(config.handoffAgentLocale !== undefined ? { agentLocale: config.handoffAgentLocale } : {}),
    },
  };
  return {
    config,
    scheduler,
    parts,
    speech,
    close: async () => {
      await ownSpeech?.close();
      if (overrides.store === undefined) await store.close();
    },
  };
}

/** The parts of a voice call; DUN_ERR_CONFIG_INVALID for a runtime built without voice. */
export function voiceCallParts(runtime: DunbotRuntime): VoiceCallParts {
  if (runtime.speech === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'this runtime was built without speech providers; voice calls need them');
  return { ...runtime.parts, ...runtime.speech };
}
