import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChatResult, describeChatOutcome } from '../../src/cli/chat-transcript.js';
import { HANDOFF_ADAPTERS } from '../../src/escalation/handoff-adapters.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const debtor = join(root, 'fixtures', 'debtors', 'en-US-early.json');
const NOW = '2026-03-11T15:00:00Z';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dunbot-chat-handoff-'));
  db = join(dir, 'calls.db');
});

function script(lines: readonly string[]): string {
  const path = join(dir, 'script.txt');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('dunbot chat --handoff', () => {
  it('refuses an adapter nobody provides, before the call starts', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor, '--now', NOW, '--script', script(['yes speaking']), '--json', '--db', db, '--handoff', 'carrier-pigeon:http://127.0.0.1:9/hook']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUN_ERR_CONFIG_INVALID');
    expect(result.stderr).toContain('carrier-pigeon');
  });

  it('refuses a --handoff without an adapter name', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor, '--now', NOW, '--script', script(['yes speaking']), '--db', db, '--handoff', ':http://127.0.0.1:9/hook']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--handoff');
  });

  it('with `none` ends the call ESCALATED at once, as without the option', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor, '--now', NOW, '--script', script(['yes speaking', 'I want to talk to a real person']), '--json', '--db', db, '--handoff', 'none']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ disposition: 'ESCALATED', escalation: { reason: 'request_human' } });
    expect(output.handoff).toBeUndefined();
  });
});

describe('the result of a text call with a hand-off', () => {
  it('carries the hand-off in --json and in the closing lines', () => {
    const handoff = {
      state: 'no_answer' as const,
      reason: 'no one answered within 25 s',
      history: [
        { state: 'requested' as const, atMs: 1000, target: '+15557654321' },
        { state: 'no_answer' as const, atMs: 26_000, reason: 'no one answered within 25 s' },
      ],
    };
    const result = buildChatResult({ disposition: 'ESCALATION_FAILED', escalation: { reason: 'request_human', handoff: { state: 'no_answer' } }, flags: [{ kind: 'callback' }] }, [], 'call-9', handoff);
    expect(result.handoff).toEqual(handoff);
    expect(Object.keys(result)).toEqual(['disposition', 'escalation', 'flags', 'handoff', 'transcript', 'recordId']);
    expect(describeChatOutcome(result, 'USD')).toContain('hand-off: no_answer (no one answered within 25 s)');
  });
});

describe('dunbot calls show', () => {
  it('prints every state of a hand-off, the hold line heard, and how it ended', async () => {
    const store = SqliteCallStore.open(db);
    const at = Date.parse(NOW);
    await store.startCall({ callId: 'call-h', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: at, provider: 'twilio' });
    await store.append(
      'call-h',
      { type: 'escalation.requested', atMs: at + 9000, reason: 'request_human', state: 'escalateHumanOnHold' },
      { type: 'handoff.state', atMs: at + 9000, handoffId: 'h-1', state: 'requested', adapter: 'webhook', target: '+15557654321', sinceTriggerMs: 2 },
      { type: 'handoff.hold', atMs: at + 9040, handoffId: 'h-1', prompt: 'escalation.handoff', sinceTriggerMs: 42 },
      { type: 'handoff.state', atMs: at + 10_000, handoffId: 'h-1', state: 'ringing', detail: 'desk 4' },
      { type: 'handoff.state', atMs: at + 34_000, handoffId: 'h-1', state: 'no_answer', reason: 'no one answered within 25 s' },
      { type: 'call.ended', atMs: at + 40_000, disposition: 'ESCALATION_FAILED', state: 'handoffCallbackNoted' },
    );
    await store.finishCall('call-h', { disposition: 'ESCALATION_FAILED', endedAtMs: at + 40_000, escalation: { reason: 'request_human', handoff: { state: 'no_answer', reason: 'no one answered within 25 s' } }, flags: [{ kind: 'callback' }] });
    await store.close();
    const shown = await runDunbot(['calls', 'show', 'call-h', '--db', db]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('escalation request_human, hand-off no_answer (no one answered within 25 s)');
    expect(shown.stdout).toContain("hand-off requested via webhook to +15557654321 (2 ms after the debtor's turn)");
    expect(shown.stdout).toContain("hand-off hold line heard (escalation.handoff), 42 ms after the debtor's turn");
    expect(shown.stdout).toContain('hand-off ringing: desk 4');
    expect(shown.stdout).toContain('hand-off no_answer: no one answered within 25 s');
  });
});

/** A hand-off webhook that declines every call, as a desk with nobody free does. */
async function decliningDesk(): Promise<{ readonly url: string; readonly server: Server; readonly bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accepted: false, reason: 'nobody free' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server, bodies };
}

// The signed webhook adapter takes this path once it is registered as `webhook`.
describe.runIf(Object.hasOwn(HANDOFF_ADAPTERS, 'webhook'))('dunbot chat --handoff webhook:<url>', () => {
  let desk: Awaited<ReturnType<typeof decliningDesk>> | undefined;
  afterEach(() => desk?.server.close());

  it('puts the caller on hold, then offers a callback when nobody takes the call', async () => {
    desk = await decliningDesk();
    const lines = ['yes speaking', 'I want to talk to a real person', 'call me back tomorrow at 10am'];
    const env = { DUNBOT_HANDOFF_SECRET: 'whsec-test-0123456789abcdef' };
    const result = await runDunbot(['chat', '--debtor', debtor, '--now', NOW, '--script', script(lines), '--json', '--db', db, '--handoff', `webhook:${desk.url}`], '', env);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ disposition: 'ESCALATION_FAILED', flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }], handoff: { state: 'declined', reason: 'nobody free' } });
    const states = output.handoff.history.map((step: { state: string }) => step.state);
    expect([states[0], states.at(-1)]).toEqual(['requested', 'declined']);
    expect(desk.bodies).toHaveLength(1);

    const text = await runDunbot(['chat', '--debtor', debtor, '--now', NOW, '--script', script(lines), '--db', db, '--handoff', `webhook:${desk.url}`], '', env);
    expect(text.stdout).toContain('(on hold)');
    expect(text.stdout).toContain('(hand-off ended: declined)');
  }, 30_000);
});
