import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture, type Fixture } from '../../src/replay/fixture.js';
import { replayCall } from '../../src/replay/replay-call.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';

const CALLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'calls');
const FILES = readdirSync(CALLS_DIR).filter((name) => name.endsWith('.json')).sort();

/** One row of the README's table of fixtures. */
interface ReadmeRow {
  readonly covers: readonly string[];
  readonly disposition: string;
}

/** The README's table, by fixture file: what each fixture is said to cover, and how it ends. */
function readmeTable(): Map<string, ReadmeRow> {
  const rows = new Map<string, ReadmeRow>();
  for (const line of readFileSync(join(CALLS_DIR, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const file = /^`([^`]+\.json)`$/.exec(cells[1] ?? '')?.[1];
    if (file === undefined) continue;
    rows.set(file, { covers: (cells[3] ?? '').split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''), disposition: cells[4] ?? '' });
  }
  return rows;
}

const README = readmeTable();

type EventOf<T extends CallRecordEvent['type']> = Extract<CallRecordEvent, { readonly type: T }>;

function eventsOf<T extends CallRecordEvent['type']>(record: CallRecord, type: T): EventOf<T>[] {
  return record.events.filter((event): event is EventOf<T> => event.type === type);
}

const saidPrompts = (record: CallRecord): string[] => eventsOf(record, 'bot.said').map((event) => event.prompt);
const flagKinds = (record: CallRecord): string[] => (record.outcome?.flags ?? []).map((flag) => flag.kind);
const DISCLOSURES = ['disclosure.collector_notice', 'disclosure.debt'];

/** A replayed call, as the README's "covers" column is checked against it. */
interface ReplayedCall {
  readonly fixture: Fixture;
  readonly record: CallRecord;
}

/**
 * What each word of the README's "covers" column means, as a check of the replayed call: a
 * fixture that stopped showing what it is shipped for fails here, even if its expectations pass.
 */
const COVERS: Readonly<Record<string, (call: ReplayedCall) => boolean>> = {
  ptp: ({ record }) => record.disposition === 'PTP' && eventsOf(record, 'promise.captured').length === 1,
  'barge-in': ({ record }) => eventsOf(record, 'bot.interrupted').length > 0,
  dtmf: ({ record }) => eventsOf(record, 'debtor.turn').some((turn) => turn.input === 'dtmf'),
  // Key 0, and the person asked for at once on it.
  'person-key': ({ record }) => {
    const key = eventsOf(record, 'debtor.turn').find((turn) => turn.input === 'dtmf' && turn.digit === '0');
    return key !== undefined && eventsOf(record, 'escalation.requested').some((escalation) => escalation.reason === 'request_human' && escalation.atMs === key.atMs);
  },
  silence: ({ record }) => eventsOf(record, 'debtor.turn').some((turn) => turn.input === 'silence') && saidPrompts(record).includes('common.no_input'),
  'no-response': ({ record }) => record.disposition === 'NO_RESPONSE' && !saidPrompts(record).some((prompt) => DISCLOSURES.includes(prompt)),
  // Someone else answered: nothing about the debt was said to them.
  'third-party': ({ record }) => record.disposition === 'THIRD_PARTY' && !saidPrompts(record).some((prompt) => DISCLOSURES.includes(prompt)),
  // The debt was disclosed, then the caller said they were someone else: the call ends as what it was, flagged.
  retraction: ({ record }) => {
    const said = saidPrompts(record);
    return ['THIRD_PARTY', 'WRONG_NUMBER'].includes(record.disposition ?? '') && flagKinds(record).includes('disclosure_incident') && said.includes('disclosure.debt') && said.indexOf('disclosure.debt') < said.indexOf('retraction.apology');
  },
  dispute: ({ record }) => record.disposition === 'DISPUTE' && flagKinds(record).includes('dispute'),
  // Distress goes to a person on the very turn it is heard, with the crisis line.
  distress: ({ record }) => {
    const escalation = eventsOf(record, 'escalation.requested').find((event) => event.reason === 'distress');
    return escalation !== undefined && saidPrompts(record).includes('escalation.distress') && eventsOf(record, 'debtor.turn').some((turn) => turn.atMs === escalation.atMs && turn.input === 'speech');
  },
  bridged: ({ record }) => record.outcome?.escalation?.handoff?.state === 'bridged' && eventsOf(record, 'handoff.state').some((state) => state.state === 'bridged'),
  'failed-transfer': ({ record }) => {
    const handoff = record.outcome?.escalation?.handoff?.state;
    return record.disposition === 'ESCALATION_FAILED' && handoff !== undefined && handoff !== 'bridged' && saidPrompts(record).includes('escalation.ask_callback_time');
  },
  'llm-answer': ({ fixture, record }) => fixture.providers.answers.some((answer) => answer.answer !== null) && eventsOf(record, 'bot.said').some((said) => said.generated === true),
  callback: ({ record }) => record.disposition === 'CALLBACK' && flagKinds(record).includes('callback'),
};

describe('the shipped call fixtures', () => {
  it('are at least 16, across both locales and all three flows, each listed in the README', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(16);
    expect([...README.keys()].sort()).toEqual(FILES);
    const fixtures = FILES.map((file) => loadFixture(join(CALLS_DIR, file)));
    expect(new Set(fixtures.map((fixture) => `${fixture.call.locale}/${fixture.call.flow}`))).toEqual(new Set(['en-US/early', 'en-US/mid', 'en-US/late', 'zh-CN/early', 'zh-CN/mid', 'zh-CN/late']));
    // The name is the file's, so a report names the file to open.
    expect(fixtures.map((fixture) => `${fixture.name}.json`)).toEqual(FILES);
  });

  it('cover, between them, every scenario the set is shipped for', () => {
    const covered = (tags: readonly string[], locale?: string): boolean =>
      FILES.some((file) => tags.every((tag) => README.get(file)?.covers.includes(tag) === true) && (locale === undefined || file.startsWith(locale)));
    for (const locale of ['en-US', 'zh-CN']) expect(covered(['ptp'], locale), `a promise to pay in ${locale}`).toBe(true);
    for (const tags of [['barge-in'], ['dtmf'], ['silence'], ['third-party'], ['retraction'], ['dispute'], ['distress', 'bridged'], ['distress', 'failed-transfer'], ['llm-answer']]) {
      expect(covered(tags), tags.join(' + ')).toBe(true);
    }
    // Every word of the column means something the test can check.
    const unknown = [...README.values()].flatMap((row) => row.covers).filter((tag) => COVERS[tag] === undefined);
    expect(unknown).toEqual([]);
  });

  it.each(FILES)('%s replays with every expectation met, no drift, and covers what the README says', async (file) => {
    const fixture = loadFixture(join(CALLS_DIR, file));
    expect(fixture.description ?? '').toMatch(/scripted/);
    const replay = await replayCall(fixture);
    expect(replay.drift).toEqual([]);
    expect(replay.checks.filter((check) => !check.passed)).toEqual([]);
    expect(replay.passed).toBe(true);
    // A fixture that asserts nothing proves nothing: the outcome at least is pinned.
    expect(replay.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['disposition', 'promise', 'flags', 'escalationReason', 'handoffState', 'states', 'intents', 'said']));
    const row = README.get(file);
    expect(row?.disposition).toBe(fixture.expect.disposition);
    const call: ReplayedCall = { fixture, record: replay.record };
    for (const tag of row?.covers ?? []) expect(COVERS[tag]?.(call), `${basename(file)} covers ${tag}`).toBe(true);
  });
});
