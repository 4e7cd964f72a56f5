import { composeRuntime, type DunbotRuntime } from '../../src/app/compose-runtime.js';
import { CallSession } from '../../src/call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import type { TelephonyIds } from '../../src/call/session-ports.js';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import type { ManualScheduler } from '../../src/time/scheduler.js';
import { fixtureDebtor } from '../support/fixtures.js';

/** A call on hold for a person, and what it did on the way. */
export interface CallOnHold {
  readonly runtime: DunbotRuntime;
  readonly store: MemoryCallStore;
  readonly session: CallSession;
  readonly said: RenderedPrompt[];
  readonly holds: string[];
  readonly hangUps: string[];
  record(): Promise<CallRecord>;
}

/** How the call is set up beyond its adapter. */
export interface CallOnHoldOptions {
  /** Environment settings on top of DUNBOT_HANDOFF_TARGET. */
  readonly env?: Record<string, string>;
  /** The provider's ids, for a call that came over telephony. */
  readonly telephony?: TelephonyIds;
}

/**
 * A call session of the composed runtime with `adapter` as its hand-off, on `scheduler`: the debtor
 * (en-US, early stage) verifies, and 3 s later asks for a person, so the call is on hold.
 */
export async function callOnHold(adapter: HandoffAdapter, scheduler: ManualScheduler, options: CallOnHoldOptions = {}): Promise<CallOnHold> {
  const store = new MemoryCallStore();
  const config = loadServerConfig({ DUNBOT_HANDOFF_TARGET: '+15557654321', ...options.env }, undefined, { understanders: ['rules'] });
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: false, store, handoff: adapter } });
  const debtor = fixtureDebtor('en-US-early');
  const flow = runtime.parts.flows.select(debtor);
  const said: RenderedPrompt[] = [];
  const holds: string[] = [];
  const hangUps: string[] = [];
  const session = await CallSession.start({
    flowName: flow.name,
    machine: flow.machine,
    input: { debtor, locale: 'en-US', today: '2026-03-11', caller: DEFAULT_CALLER_PROFILES['en-US'] },
    understanding: runtime.parts.understanding,
    scripts: runtime.parts.scripts,
    store,
    clock: scheduler,
    ...(options.telephony !== undefined ? { channel: 'voice' as const, telephony: options.telephony } : {}),
    handoff: runtime.parts.handoff,
    scheduler,
    effects: {
      say: (prompt) => said.push(prompt),
      hangUp: (disposition) => hangUps.push(disposition),
      hold: () => holds.push('hold'),
      endHold: (outcome) => holds.push(`end:${outcome}`),
    },
  });
  await session.take({ kind: 'text', text: 'yes speaking' });
  scheduler.increment(3000);
  await session.take({ kind: 'text', text: 'I want to talk to a real person' });
  return {
    runtime,
    store,
    session,
    said,
    holds,
    hangUps,
    record: async () => {
      await session.flush();
      const record = await store.getCall(session.callId);
      if (record === undefined) throw new Error('no record');
      return record;
    },
  };
}
