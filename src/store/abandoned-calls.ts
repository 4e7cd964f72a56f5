import type { CallOutcome, CallRecordEvent } from './call-record.js';
import type { CallOwner } from './call-owner.js';

/** The `call.note` code of a call closed because the process holding it stopped without ending it. */
export const PROCESS_LOST_NOTE = 'DUN_NOTE_PROCESS_LOST';

/** The state named in the closing `call.ended` of a call whose record names none. */
export const UNKNOWN_STATE = '(unknown)';

/** What `CallStore.closeAbandonedCalls` did. */
export interface AbandonedCalls {
  /** The calls it closed, oldest first. */
  readonly closedCallIds: readonly string[];
  /** Open calls held by live processes on this host (this one included), left open. */
  readonly liveCallCount: number;
  /** Open calls held by processes on other hosts, left open: their pids cannot be checked from here. */
  readonly otherHostCallCount: number;
}

/** Why an open call counts as abandoned. */
export type AbandonReason = 'no_owner' | 'process_gone' | 'pid_reused';

/** What recovery makes of one open call. */
export type OpenCallVerdict = { readonly kind: 'abandoned'; readonly reason: AbandonReason } | { readonly kind: 'live' } | { readonly kind: 'other_host' };

/** What judging an open call needs to know about the processes of this host. */
export interface ProcessProbe {
  /** The owner doing the recovery; its host is "this host". */
  readonly closer: CallOwner;
  readonly isProcessAlive: (pid: number) => boolean;
  /** The instance id the process at `pid` on `host` last opened the store with, if any did. */
  readonly currentInstance: (host: string, pid: number) => string | undefined;
}

/** A probe that asks the system about each pid once, however many calls name it. */
export function createProcessProbe(closer: CallOwner, isProcessAlive: (pid: number) => boolean, currentInstance: ProcessProbe['currentInstance']): ProcessProbe {
  const known = new Map<number, boolean>();
  const aliveOnce = (pid: number): boolean => {
    const alive = known.get(pid) ?? isProcessAlive(pid);
    known.set(pid, alive);
    return alive;
  };
  return { closer, isProcessAlive: aliveOnce, currentInstance };
}

/**
 * Decides whether an open call is abandoned. A call with no owner was started before owners were
 * recorded, and is abandoned. A call owned on another host is left alone: a pid means nothing here.
 * On this host, a call is abandoned when its pid is gone, or when its pid is alive but the store was
 * last opened from that pid with another instance id: the owner died and a later dunbot got its
 * pid. A pid alive with the owner's instance id (or none recorded) is live, so a pid reused by a
 * program that never opens the store keeps the call open until that program exits.
 */
export function judgeOpenCall(owner: CallOwner | undefined, probe: ProcessProbe): OpenCallVerdict {
  if (owner === undefined) return { kind: 'abandoned', reason: 'no_owner' };
  if (owner.host !== probe.closer.host) return { kind: 'other_host' };
  if (!probe.isProcessAlive(owner.pid)) return { kind: 'abandoned', reason: 'process_gone' };
  const current = owner.pid === probe.closer.pid ? probe.closer.instanceId : probe.currentInstance(owner.host, owner.pid);
  if (current !== undefined && current !== owner.instanceId) return { kind: 'abandoned', reason: 'pid_reused' };
  return { kind: 'live' };
}

/** The open call being closed, as far as the record knows it. */
export interface AbandonedCall {
  readonly startedAtMs: number;
  readonly owner: CallOwner | undefined;
  readonly reason: AbandonReason;
  /** The readable entries of its record, in order. */
  readonly events: readonly CallRecordEvent[];
}

function describeLoss(call: AbandonedCall): string {
  const holder = call.owner === undefined ? 'the process holding the call' : `the process holding the call (pid ${call.owner.pid} on ${call.owner.host})`;
  const why =
    call.reason === 'no_owner' ? ' (the call was started before the store recorded which process holds a call)'
    : call.reason === 'pid_reused' ? ' (its pid now belongs to another process)'
    : '';
  return `${holder} stopped without ending it${why}`;
}

/**
 * The entries and outcome that close an abandoned call as a normal end would: a `call.note` that
 * says why, `call.ended` in the last state the record shows, and SYSTEM_FAILURE. The end time is
 * the latest time in the record (its start, or its latest entry): the call was cut off at some
 * point after it, and recovery may run hours later, so its time would be further from the truth.
 */
export function endAbandonedCall(call: AbandonedCall, closer: CallOwner, nowMs: number): { readonly entries: readonly CallRecordEvent[]; readonly outcome: CallOutcome } {
  let endedAtMs = call.startedAtMs;
  let state = UNKNOWN_STATE;
  for (const event of call.events) {
    endedAtMs = Math.max(endedAtMs, event.atMs);
    if (event.type === 'state.changed') state = event.to;
    else if ('state' in event) state = event.state;
  }
  const message = `${describeLoss(call)}; the call was cut off after its last entry, whose time is recorded as its end. Closed by pid ${closer.pid} on ${closer.host} at ${new Date(nowMs).toISOString()}.`;
  return {
    entries: [
      { type: 'call.note', atMs: endedAtMs, code: PROCESS_LOST_NOTE, message },
      { type: 'call.ended', atMs: endedAtMs, disposition: 'SYSTEM_FAILURE', state },
    ],
    outcome: { disposition: 'SYSTEM_FAILURE', endedAtMs },
  };
}
