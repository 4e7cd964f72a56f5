import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { DunbotError } from '../errors.js';

/**
 * The process that holds a call while it is live: the host it runs on, its pid there, and a random
 * id drawn once per process, which tells it apart from an earlier process that had the same pid.
 */
export interface CallOwner {
  /** The host name; it must name the pid namespace (two containers sharing a volume need different names). */
  readonly host: string;
  readonly pid: number;
  readonly instanceId: string;
}

/** The schema of a call owner, checked when a store is opened with one. */
export const CallOwnerSchema = z.strictObject({
  host: z.string().min(1).max(255),
  pid: z.number().int().positive(),
  instanceId: z.string().min(1).max(100),
});

/** How a store learns who owns the calls it starts and which processes are alive; both default to this process. */
export interface CallOwnership {
  /**
   * The owner written on every call the store starts; defaults to `currentProcessOwner()`. Give one
   * owner per process: two owners with the same host and pid make the older one's calls look
   * abandoned to the next recovery.
   */
  readonly owner?: CallOwner;
  /** Whether a pid on this host is alive; defaults to `isProcessAlive`. */
  readonly isProcessAlive?: (pid: number) => boolean;
}

let processOwner: CallOwner | undefined;

/**
 * This process as a call owner; the instance id is drawn on first use and kept for the life of the
 * process, so every store it opens shares one identity. A worker thread has its own copy of this
 * module, so a thread that opens a store should be handed the main thread's owner.
 */
export function currentProcessOwner(): CallOwner {
  processOwner ??= { host: hostname(), pid: process.pid, instanceId: randomUUID() };
  return processOwner;
}

/**
 * True unless no process has `pid` on this host: signal 0 checks without sending anything. ESRCH
 * means gone; EPERM means alive under another user; anything else counts as alive, so a call is
 * never closed on a doubt.
 */
export function isProcessAlive(pid: number): boolean {
  // Signal 0 to pid 0 or a negative pid would test a process group, not a process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}

/** The owner and liveness check a store uses, from its options. */
export function resolveOwnership(options: CallOwnership): { readonly owner: CallOwner; readonly isProcessAlive: (pid: number) => boolean } {
  const owner = options.owner ?? currentProcessOwner();
  const checked = CallOwnerSchema.safeParse(owner);
  if (!checked.success) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `invalid call owner: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return { owner: checked.data, isProcessAlive: options.isProcessAlive ?? isProcessAlive };
}
