import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VoiceCallParts } from '../call/call-parts.js';
import type { Logger } from '../log/logger.js';
import type { ServerConfig } from '../server/server-config.js';
import type { CallCapture } from './call-capture.js';
import type { FixtureConfig } from './fixture.js';

/** The settings of a deployment that change how a call goes, as a fixture keeps them. */
export function fixtureConfigOf(config: ServerConfig): FixtureConfig {
  return {
    noInputMs: config.noInputMs,
    maxCallMs: config.maxCallMs,
    inBandDtmf: config.inBandDtmf,
    understanders: [...config.understanders],
    handoff: config.handoff,
    ...(config.handoffTarget !== undefined ? { handoffTarget: config.handoffTarget } : {}),
    handoffRingTimeoutS: config.handoffRingTimeoutS,
  };
}

/**
 * Writes a finished call's fixture to `<dir>/<call id>.json` (whole or not at all: written aside,
 * then renamed). Never throws: a fixture that cannot be written is logged, and the call's record
 * is unaffected.
 */
export async function saveCallFixture(capture: CallCapture, options: { readonly dir: string; readonly callId: string | undefined; readonly parts: VoiceCallParts; readonly config: ServerConfig; readonly logger: Logger }): Promise<string | undefined> {
  const { dir, callId, parts, logger } = options;
  try {
    if (callId === undefined) return undefined;
    const record = await parts.store.getCall(callId);
    if (record === undefined) throw new Error('the call has no record');
    const debtor = await parts.debtors.get(record.debtorId);
    if (debtor === undefined) throw new Error(`debtor ${record.debtorId} is no longer known`);
    const fixture = capture.toFixture({ name: `call-${callId}`, record, debtor, config: fixtureConfigOf(options.config) });
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${callId}.json`);
    writeFileSync(`${path}.partial`, `${JSON.stringify(fixture, null, 2)}\n`);
    renameSync(`${path}.partial`, path);
    if (capture.unreadableFrames > 0) logger.warn('call fixture saved without frames it could not read', { callId, unreadableFrames: capture.unreadableFrames });
    logger.info('call fixture saved', { callId, path });
    return path;
  } catch (error) {
    logger.error('call fixture could not be saved', { callId, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
