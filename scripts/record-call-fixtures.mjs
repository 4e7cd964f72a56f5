// @ts-check
// Records the shipped call fixtures (fixtures/calls/*.json) through the real server, and writes
// fixtures/calls/README.md. Run: npm run fixtures:record (builds dist first: the server, the
// recorder and the replay are the very code in dist/, as in the other scripts). Names on the
// command line (`node scripts/record-call-fixtures.mjs en-US-early-ptp`) record only those.
//
// Each scenario is one phone call held through the server as `dunbot serve` runs it, with
// `recordDir` set: a simulated Twilio phone sends the caller's side as Twilio does (a 20 ms μ-law
// frame every 20 ms from the start, quiet line noise between utterances, keys as dtmf events, each
// mark echoed once the audio before it has played), on a ManualScheduler so the call runs faster
// than real time and the same way every run. The caller's words are real speech,
// synthesized offline with espeak-ng; the recognizer is ScriptedAsr, which stands in for a cloud
// recognizer by returning each utterance's words from the scenario; the bot's voice is ToneTts (a
// tone as long as the line), which keeps the fixtures small and the recording fast.
//
// The saved fixture keeps the expectations the recorder proposed, with `states` trimmed to the
// scenario's key states. Before a fixture is written, the outcome the call actually had is held
// against the outcome reviewed for the scenario (what a careful, lawful collector would do), and
// the fixture is replayed once: a call that went otherwise, or that does not replay, stops the run
// instead of being shipped as the expected behaviour.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { checkAnswer } from '../dist/src/answering/answer-check.js';
import { composeRuntime } from '../dist/src/app/compose-runtime.js';
import { EnergyVad } from '../dist/src/audio/energy-vad.js';
import { resample } from '../dist/src/audio/resampler.js';
import { parseDebtor } from '../dist/src/domain/debtor.js';
import { silentLogger } from '../dist/src/log/logger.js';
import { EspeakTts } from '../dist/src/providers/tts/espeak-tts.js';
import { parseFixture } from '../dist/src/replay/fixture.js';
import { replayCall } from '../dist/src/replay/replay-call.js';
import { startDunbotServer } from '../dist/src/server/dunbot-server.js';
import { loadServerConfig } from '../dist/src/server/server-config.js';
import { SqliteCallStore } from '../dist/src/store/sqlite-call-store.js';
import { mintStreamToken } from '../dist/src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../dist/src/testing/scripted-speech.js';
import { TwilioCallerFrames } from '../dist/src/testing/twilio-caller-frames.js';
import { ManualScheduler } from '../dist/src/time/scheduler.js';
import WebSocket from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEBTORS_DIR = join(root, 'fixtures', 'debtors');
const OUT_DIR = join(root, 'fixtures', 'calls');
const SECRET = 'fixture-recording-secret-0123456789';

/** Every call is placed on this day at 10:00 in the debtor's own zone: inside every call window. */
const CALL_DATE = '2026-03-11';
const CALL_HOUR = 10;

const SAMPLE_RATE_HZ = 8000;
const FRAME_MS = 20;
const FRAME_SAMPLES = (SAMPLE_RATE_HZ * FRAME_MS) / 1000;
/** Line noise: a one-second loop of low, constant-level noise (about -70 dBFS), under speech too. */
const NOISE_AMPLITUDE = 8;
const NOISE_LOOP_SAMPLES = SAMPLE_RATE_HZ;
/**
 * How long each character of a bot line sounds (ToneTts, at most 4 s a line): short lines keep the
 * fixtures small, and whole 20 ms frames end every line where a frame ends, as the replayed line
 * plays it.
 */
const BOT_MS_PER_CHARACTER = 20;
/** The debtor answers once the bot has been quiet this long, as a person waits for the end of a sentence. */
const ANSWER_AFTER_QUIET_MS = 700;
/** A call that outlives this is not short, and is not shipped. */
const MAX_CALL_MS = 60_000;
/** Once the caller has done everything, the bot has this long to end the call. */
const END_WAIT_MS = 20_000;
/** Pauses inside a synthesized utterance are shortened to this: the VAD ends an utterance after 300 ms of quiet. */
const MAX_PAUSE_MS = 160;
/** Frames quieter than this are a pause between words (the VAD never takes anything below -50 dBFS for speech). */
const PAUSE_DB = -45;

const ASR_NOTE = 'Caller audio is espeak-ng speech; the recognizer results are scripted stand-ins for a cloud recognizer (ScriptedAsr) and the bot voice is a tone (ToneTts).';

// ---------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{ kind: 'say', words: string, audioWords?: string }
 *   | { kind: 'barge_in', words: string, line: number, afterMs: number }
 *   | { kind: 'key', digit: string }
 *   | { kind: 'silence' }
 *   | { kind: 'hang_up', afterQuietMs: number }} CallerStep
 * @typedef {{ ringingAfterMs: number, outcome: 'bridged' | 'no_answer' | 'busy', outcomeAfterMs: number }} DeskBehaviour
 * @typedef {{
 *   disposition: string,
 *   promise: { amount: number, date: string, kind: string } | null,
 *   flagKinds: string[],
 *   escalationReason: string | null,
 *   handoffState: string | null,
 * }} ReviewedOutcome
 * @typedef {{
 *   scenario: string,
 *   debtor: string,
 *   summary: string,
 *   covers: string[],
 *   caller: CallerStep[],
 *   desk?: DeskBehaviour,
 *   answers?: boolean,
 *   reviewed: ReviewedOutcome,
 *   keyStates: string[],
 *   notSaid?: string[],
 * }} Scenario
 */

/** @param {string} words @returns {CallerStep} */
const say = (words) => ({ kind: 'say', words });
/** Words said over the bot's `line`-th line of its turn, `afterMs` into it. @param {string} words @param {number} line @param {number} afterMs @returns {CallerStep} */
const bargeIn = (words, line, afterMs) => ({ kind: 'barge_in', words, line, afterMs });
/** @param {string} digit @returns {CallerStep} */
const key = (digit) => ({ kind: 'key', digit });
/** The caller's turn comes and they say nothing. @returns {CallerStep} */
const silence = () => ({ kind: 'silence' });
/** @param {number} afterQuietMs @returns {CallerStep} */
const hangUp = (afterQuietMs) => ({ kind: 'hang_up', afterQuietMs });

/** What no call outside a hand-off or a stop should say. */
const NO_PERSON = { flagKinds: [], escalationReason: null, handoffState: null };
/** The disclosures: never to anyone who has not confirmed they are the debtor. */
const DISCLOSURES = ['disclosure.collector_notice', 'disclosure.debt'];

/** @type {Scenario[]} */
const SCENARIOS = [
  {
    scenario: 'ptp',
    debtor: 'en-US-early',
    summary: 'Right party confirmed, then a promise of $300 on Friday, read back and confirmed.',
    covers: ['ptp'],
    caller: [say('yes speaking'), say('i can pay three hundred dollars on friday'), say('yes that is right')],
    reviewed: { disposition: 'PTP', promise: { amount: 300, date: '2026-03-13', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'barge-in',
    debtor: 'en-US-early',
    summary: 'The debtor talks over the payment question with a promise of $300 on Friday; the prompt is cut, the promise read back and confirmed.',
    covers: ['barge-in', 'ptp'],
    caller: [say('yes speaking'), bargeIn('i can pay three hundred dollars on friday', 3, 1200), say('yes')],
    reviewed: { disposition: 'PTP', promise: { amount: 300, date: '2026-03-13', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'silence',
    debtor: 'en-US-early',
    summary: 'Nobody speaks: the greeting is asked again with the keys, then the call ends NO_RESPONSE without a word about the debt.',
    covers: ['silence', 'no-response'],
    caller: [silence(), silence()],
    reviewed: { disposition: 'NO_RESPONSE', promise: null, ...NO_PERSON },
    keyStates: ['noResponse'],
    notSaid: DISCLOSURES,
  },
  {
    scenario: 'third-party',
    debtor: 'en-US-mid',
    summary: 'Her husband answers: a callback message only, nothing about the debt (THIRD_PARTY).',
    covers: ['third-party'],
    caller: [say('no this is her husband she is not home')],
    reviewed: { disposition: 'THIRD_PARTY', promise: null, ...NO_PERSON },
    keyStates: ['thirdParty'],
    notSaid: DISCLOSURES,
  },
  {
    scenario: 'retraction',
    debtor: 'en-US-mid',
    summary: 'The caller says she is Maria, hears the disclosures, then says she is her sister: apology, nothing more, THIRD_PARTY with a disclosure incident flag.',
    covers: ['retraction'],
    caller: [say('yes this is maria'), say('actually i am not maria i am her sister')],
    reviewed: { disposition: 'THIRD_PARTY', promise: null, flagKinds: ['disclosure_incident'], escalationReason: null, handoffState: null },
    keyStates: ['askPayment', 'retracted'],
  },
  {
    scenario: 'dispute',
    debtor: 'en-US-mid',
    summary: 'The debtor disputes the debt: the push stops, the dispute is acknowledged in writing and flagged (DISPUTE).',
    covers: ['dispute'],
    caller: [say('yes speaking'), say('i do not owe this it is not my debt')],
    reviewed: { disposition: 'DISPUTE', promise: null, flagKinds: ['dispute'], escalationReason: null, handoffState: null },
    keyStates: ['askPayment', 'dispute'],
    notSaid: ['consequences.fees', 'consequences.credit', 'consequences.ask_again'],
  },
  {
    scenario: 'keys-person',
    debtor: 'en-US-mid',
    summary: 'Keys only: 1 to confirm who she is, then 0 for a person; she waits on hold and the desk takes the call (bridged).',
    covers: ['dtmf', 'person-key', 'bridged'],
    caller: [key('1'), key('0'), hangUp(2000)],
    desk: { ringingAfterMs: 500, outcome: 'bridged', outcomeAfterMs: 4000 },
    reviewed: { disposition: 'ESCALATED', promise: null, flagKinds: [], escalationReason: 'request_human', handoffState: 'bridged' },
    keyStates: ['askPayment', 'escalateHumanOnHold', 'handoffBridged'],
  },
  {
    scenario: 'distress-bridged',
    debtor: 'en-US-late',
    summary: 'Words of self-harm after the disclosures: the crisis line at once and a hand-off, which the desk takes (bridged).',
    covers: ['distress', 'bridged'],
    caller: [say('yes speaking'), say('i cant take this anymore i want to end it all'), hangUp(2000)],
    desk: { ringingAfterMs: 500, outcome: 'bridged', outcomeAfterMs: 4000 },
    reviewed: { disposition: 'ESCALATED', promise: null, flagKinds: [], escalationReason: 'distress', handoffState: 'bridged' },
    keyStates: ['askPayment', 'escalateDistressOnHold', 'handoffBridged'],
    notSaid: ['consequences.credit', 'consequences.ask_again', 'late.settlement_offer'],
  },
  {
    scenario: 'llm-answer',
    debtor: 'en-US-late',
    summary: 'An off-script question (how many days late) gets a short answer grounded in the account, the question is asked again, then a promise of $650 on Friday.',
    covers: ['llm-answer', 'ptp'],
    caller: [say('yes speaking'), say('how many days late am i'), say('i can pay six hundred fifty dollars on friday'), say('yes')],
    answers: true,
    reviewed: { disposition: 'PTP', promise: { amount: 650, date: '2026-03-13', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'ptp',
    debtor: 'zh-CN-early',
    summary: 'Right party confirmed (是我), then a promise of ¥2,000 this Friday (我这周五还两千), read back and confirmed.',
    covers: ['ptp'],
    caller: [say('是我'), say('我这周五还两千'), say('对')],
    reviewed: { disposition: 'PTP', promise: { amount: 2000, date: '2026-03-13', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'keys',
    debtor: 'zh-CN-early',
    summary: 'Keys and speech: 1 to confirm who he is, a spoken promise of ¥2,000 this Friday, 1 to confirm the read-back.',
    covers: ['dtmf', 'ptp'],
    caller: [key('1'), say('我这周五还两千'), key('1')],
    reviewed: { disposition: 'PTP', promise: { amount: 2000, date: '2026-03-13', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'silence',
    debtor: 'zh-CN-early',
    summary: 'Silence at first: the greeting is asked again with the keys; then the debtor confirms and asks to be called later as he is driving (CALLBACK).',
    covers: ['silence', 'callback'],
    caller: [silence(), say('是我'), say('我现在在开车，晚点再打给我')],
    reviewed: { disposition: 'CALLBACK', promise: null, flagKinds: ['callback'], escalationReason: null, handoffState: null },
    keyStates: ['askPayment', 'callback'],
  },
  {
    scenario: 'third-party',
    debtor: 'zh-CN-mid',
    summary: 'Her husband answers (我是她老公): a callback message only, nothing about the debt (THIRD_PARTY).',
    covers: ['third-party'],
    caller: [say('我是她老公，她现在不在家')],
    reviewed: { disposition: 'THIRD_PARTY', promise: null, ...NO_PERSON },
    keyStates: ['thirdParty'],
    notSaid: DISCLOSURES,
  },
  {
    scenario: 'retraction',
    debtor: 'zh-CN-mid',
    summary: 'The caller says she is 李娜, hears the disclosures, then says she is her sister: apology, nothing more, THIRD_PARTY with a disclosure incident flag.',
    covers: ['retraction'],
    caller: [say('对，我是'), say('其实我不是李娜，我是她妹妹')],
    reviewed: { disposition: 'THIRD_PARTY', promise: null, flagKinds: ['disclosure_incident'], escalationReason: null, handoffState: null },
    keyStates: ['askPayment', 'retracted'],
  },
  {
    scenario: 'dispute',
    debtor: 'zh-CN-mid',
    summary: 'The debtor disputes the debt (这不是我借的钱): the push stops, the dispute is acknowledged in writing and flagged (DISPUTE).',
    covers: ['dispute'],
    caller: [say('对，我是'), say('这不是我借的钱，金额也不对')],
    reviewed: { disposition: 'DISPUTE', promise: null, flagKinds: ['dispute'], escalationReason: null, handoffState: null },
    keyStates: ['askPayment', 'dispute'],
    notSaid: ['consequences.fees', 'consequences.credit', 'consequences.ask_again'],
  },
  {
    scenario: 'distress-failed',
    debtor: 'zh-CN-late',
    summary: 'Words of self-harm (我不想活了): the crisis line at once and a hand-off nobody answers; the crisis line again and a callback tomorrow at 10:00 (ESCALATION_FAILED).',
    covers: ['distress', 'failed-transfer'],
    caller: [say('是我'), say('我不想活了'), say('明天上午十点')],
    desk: { ringingAfterMs: 500, outcome: 'no_answer', outcomeAfterMs: 5000 },
    reviewed: { disposition: 'ESCALATION_FAILED', promise: null, flagKinds: ['callback'], escalationReason: 'distress', handoffState: 'no_answer' },
    keyStates: ['askPayment', 'escalateDistressOnHold', 'handoffCallback', 'handoffCallbackNoted'],
    notSaid: ['consequences.credit', 'consequences.ask_again', 'late.settlement_offer'],
  },
  {
    scenario: 'barge-in',
    debtor: 'zh-CN-late',
    summary: 'The debtor talks over the payment question with a promise of ¥4,000 next Monday; the prompt is cut, the promise read back and confirmed.',
    covers: ['barge-in', 'ptp'],
    caller: [say('是我'), bargeIn('我下周一还四千', 3, 500), say('对')],
    reviewed: { disposition: 'PTP', promise: { amount: 4000, date: '2026-03-16', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
  {
    scenario: 'llm-answer',
    debtor: 'zh-CN-late',
    summary: 'An off-script question (你们公司在哪里？) gets a short grounded answer (no address on file: a colleague will answer in writing), then a promise of ¥4,000 next Monday.',
    covers: ['llm-answer', 'ptp'],
    caller: [say('是我'), say('你们公司在哪里？'), say('我下周一还四千'), say('对')],
    answers: true,
    reviewed: { disposition: 'PTP', promise: { amount: 4000, date: '2026-03-16', kind: 'single' }, ...NO_PERSON },
    keyStates: ['askPayment', 'promiseReadback', 'promiseKept'],
  },
];

// ---------------------------------------------------------------------------------------------
// The language model's stand-in
// ---------------------------------------------------------------------------------------------

/**
 * Stands in for the language model that answers off-script questions: a short answer written from
 * the call's facts (and nothing else), put through the same check the model's answers get
 * (`checkAnswer`: grounded, short, no figure the facts do not hold), so the recording holds an
 * answer the real stage could have given. A question it has no answer for gets none, as the model's
 * "not grounded" does.
 * @type {{ answer(question: string, facts: any, locale: 'en-US' | 'zh-CN'): Promise<string | undefined> }}
 */
const standInModel = {
  answer: async (question, facts, locale) => {
    const text = standInAnswer(question, facts, locale);
    if (text === undefined) return undefined;
    const verdict = checkAnswer({ answer: text, grounded: true }, facts, locale);
    if (!verdict.ok) throw new Error(`the stand-in answer to "${question}" would not pass the answer check: ${verdict.reason} ${verdict.detail ?? ''}`);
    return verdict.text;
  },
};

/** @param {string} question @param {any} facts @param {string} locale @returns {string | undefined} */
function standInAnswer(question, facts, locale) {
  const account = facts.account;
  if (locale === 'en-US' && /days late/.test(question) && account !== undefined) {
    const due = new Date(`${account.dueDate}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });
    return `Your payment was due on ${due}, so the account is ${account.daysPastDue} days past due.`;
  }
  if (locale === 'zh-CN' && /在哪/.test(question)) {
    // The facts hold no address: the honest answer says so, as the model is told to.
    return `我们是${facts.caller.businessName}，地址不在我这次通话能提供的信息里，可以请同事之后以书面形式答复您。`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The caller's audio
// ---------------------------------------------------------------------------------------------

/** One second of line noise, looped for the whole call (a seeded generator: the same every run). */
const NOISE_LOOP = (() => {
  const loop = new Int16Array(NOISE_LOOP_SAMPLES);
  let state = 20260311;
  for (let i = 0; i < loop.length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    loop[i] = (state % (2 * NOISE_AMPLITUDE + 1)) - NOISE_AMPLITUDE;
  }
  return loop;
})();

/** @param {Int16Array} samples @param {number} from @param {number} to */
function levelDb(samples, from, to) {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i] ?? 0) ** 2;
  return 10 * Math.log10(sum / Math.max(1, to - from) / (32768 * 32768) + 1e-12);
}

/**
 * The synthesized words as a caller says them on the phone: at 8 kHz, without the synthesizer's
 * leading and trailing silence, and with pauses between words no longer than MAX_PAUSE_MS, so the
 * VAD hears one utterance (the scripted recognizer answers per utterance), padded to whole frames.
 * @param {Int16Array} samples 8 kHz
 */
function tightened(samples) {
  const frames = Math.floor(samples.length / FRAME_SAMPLES);
  const loud = [];
  for (let f = 0; f < frames; f += 1) loud.push(levelDb(samples, f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES) > PAUSE_DB);
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  if (first < 0) throw new Error('the synthesized utterance is silent');
  const kept = [];
  let pause = 0;
  for (let f = first; f <= last; f += 1) {
    pause = loud[f] ? 0 : pause + 1;
    if (pause * FRAME_MS <= MAX_PAUSE_MS) kept.push(samples.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES));
  }
  const out = new Int16Array(kept.length * FRAME_SAMPLES);
  kept.forEach((frame, index) => out.set(frame, index * FRAME_SAMPLES));
  return out;
}

/**
 * Checks that the call's VAD takes the clip, between stretches of line noise, for exactly one
 * utterance: two would make the scripted recognizer answer twice.
 * @param {Int16Array} clip @param {string} words
 */
function assertOneUtterance(clip, words) {
  const vad = new EnergyVad({ sampleRateHz: SAMPLE_RATE_HZ });
  const line = new Int16Array(clip.length + 2 * SAMPLE_RATE_HZ);
  line.set(clip, SAMPLE_RATE_HZ);
  let starts = 0;
  let ends = 0;
  for (let offset = 0; offset < line.length; offset += FRAME_SAMPLES) {
    const frame = line.slice(offset, offset + FRAME_SAMPLES);
    for (let i = 0; i < frame.length; i += 1) frame[i] = (frame[i] ?? 0) + (NOISE_LOOP[(offset + i) % NOISE_LOOP_SAMPLES] ?? 0);
    const decision = vad.process(frame);
    if (decision.speechStarted) starts += 1;
    if (decision.speechEnded) ends += 1;
  }
  if (starts !== 1 || ends !== 1) throw new Error(`"${words}" is heard as ${starts} utterances, not one`);
}

/**
 * The caller's utterances of every scenario, synthesized once (before any call starts, so no call
 * waits on the synthesizer's threads).
 * @param {readonly Scenario[]} scenarios
 * @returns {Promise<Map<string, Int16Array>>} by locale and words
 */
async function synthesizeCallerSpeech(scenarios) {
  const voice = new EspeakTts({ workers: 1 });
  /** @type {Map<string, Int16Array>} */
  const clips = new Map();
  try {
    for (const scenario of scenarios) {
      const locale = debtorOf(scenario).locale;
      for (const step of scenario.caller) {
        if (step.kind !== 'say' && step.kind !== 'barge_in') continue;
        const id = `${locale}|${step.words}`;
        if (clips.has(id)) continue;
        // Punctuation is for the recognizer's text; spoken, it would only make longer pauses.
        const spoken = step.words.replace(/[，。？！、,.?!]/g, ' ');
        const audio = await voice.synthesize({ text: spoken, locale });
        const clip = tightened(resample(audio.samples, audio.sampleRateHz, SAMPLE_RATE_HZ));
        assertOneUtterance(clip, step.words);
        clips.set(id, clip);
      }
    }
  } finally {
    await voice.close();
  }
  return clips;
}

// ---------------------------------------------------------------------------------------------
// One call
// ---------------------------------------------------------------------------------------------

/** @type {Map<string, any>} */
const debtorCache = new Map();
/** @param {Scenario} scenario */
function debtorOf(scenario) {
  let debtor = debtorCache.get(scenario.debtor);
  if (debtor === undefined) {
    const path = join(DEBTORS_DIR, `${scenario.debtor}.json`);
    debtor = parseDebtor(JSON.parse(readFileSync(path, 'utf8')), path);
    debtorCache.set(scenario.debtor, debtor);
  }
  return debtor;
}

/** @param {Scenario} scenario */
function fixtureNameOf(scenario) {
  return `${scenario.debtor}-${scenario.scenario}`;
}

/**
 * The instant `hour`:00 on `isoDate` in `timeZone`, in ms since the epoch.
 * @param {string} isoDate @param {number} hour @param {string} timeZone
 */
function zonedTimeMs(isoDate, hour, timeZone) {
  const wall = Date.parse(`${isoDate}T${String(hour).padStart(2, '0')}:00:00Z`);
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  /** @param {number} ms */
  const offsetAt = (ms) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - ms;
  };
  // Twice: the offset at the first guess may be the other side of a change of offset.
  let ms = wall - offsetAt(wall);
  ms = wall - offsetAt(ms);
  return ms;
}

/** Lets sockets and promises deliver what is pending. */
async function settle() {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A phone on a Twilio Media Stream, over the server's WebSocket: it sends what Twilio sends
 * (connected, start, 20 ms μ-law media, dtmf, stop, from TwilioCallerFrames) and plays the bot's
 * audio out on the call's clock, echoing each mark once the audio before it has been played (every
 * pending mark at once on a clear), as Twilio does and as the replayed line does. The testing
 * TwilioPhone echoes a mark as soon as it arrives, which is up to one send of frames early: the
 * bot's no-input timer would start early, and a silent turn would not replay at the time it was
 * recorded.
 */
class PhoneLine {
  /** @param {string} url @param {ManualScheduler} scheduler @param {string} callSid */
  constructor(url, scheduler, callSid) {
    this.scheduler = scheduler;
    this.frames = new TwilioCallerFrames(callSid);
    /** @type {Uint8Array[]} the bot's audio, as it arrived */
    this.heard = [];
    /** @type {string[]} marks echoed, in order */
    this.marks = [];
    /** @type {number | undefined} */
    this.closeCode = undefined;
    /** When the audio received so far will have finished playing. */
    this.playedUntilMs = 0;
    /** @type {Map<string, import('../dist/src/time/scheduler.js').TimerHandle>} marks received and not yet echoed */
    this.pending = new Map();
    this.ws = new WebSocket(url);
    /** @type {Promise<void>} */
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    /** @type {Promise<number>} */
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => {
      this.closeCode = code;
      for (const timer of this.pending.values()) this.scheduler.clearTimeout(timer);
      this.pending.clear();
      resolve(code);
    }));
    this.ws.on('message', (data) => this.receive(String(data)));
  }

  /** @param {Record<string, string>} customParameters */
  async start(customParameters) {
    await this.opened;
    for (const message of this.frames.opening(customParameters)) this.send(message);
  }

  /** @param {Int16Array} samples 16-bit PCM at 8 kHz */
  sendAudio(samples) {
    for (const message of this.frames.audio(samples)) this.send(message);
  }

  /** @param {string} digit */
  sendDtmf(digit) {
    this.send(this.frames.dtmf(digit));
  }

  hangUp() {
    this.send(this.frames.stop());
    this.ws.close(1000);
  }

  /** @param {string} text */
  receive(text) {
    const message = JSON.parse(text);
    const nowMs = this.scheduler.nowMs();
    if (message.event === 'media') {
      const payload = Buffer.from(message.media.payload, 'base64');
      this.heard.push(payload);
      this.playedUntilMs = Math.max(this.playedUntilMs, nowMs) + payload.length / (SAMPLE_RATE_HZ / 1000);
    } else if (message.event === 'mark') {
      const name = message.mark.name;
      this.pending.set(name, this.scheduler.setTimeout(() => this.echo(name), Math.max(0, this.playedUntilMs - nowMs)));
    } else if (message.event === 'clear') {
      this.playedUntilMs = nowMs;
      for (const [name, timer] of [...this.pending]) {
        this.scheduler.clearTimeout(timer);
        this.pending.set(name, this.scheduler.setTimeout(() => this.echo(name), 0));
      }
    }
  }

  /** @param {string} name */
  echo(name) {
    if (!this.pending.delete(name) || this.closeCode !== undefined) return;
    this.marks.push(name);
    this.send(this.frames.mark(name));
  }

  /** @param {unknown} message */
  send(message) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }
}

/**
 * The desk a hand-off reaches, as the scenario has it: it reports ringing, then its outcome, on
 * the call's clock (a stand-in for a provider's warm transfer).
 * @param {ManualScheduler} scheduler @param {DeskBehaviour} desk
 * @returns {import('../dist/src/escalation/handoff.js').HandoffAdapter}
 */
function deskAdapter(scheduler, desk) {
  return {
    name: 'desk',
    onEscalate: (handoff) => new Promise((resolve) => {
      const ringing = scheduler.setTimeout(() => handoff.report('ringing', 'desk 4'), desk.ringingAfterMs);
      const outcome = scheduler.setTimeout(() => resolve(desk.outcome === 'bridged' ? { state: 'bridged', target: 'desk 4' } : { state: desk.outcome, reason: 'nobody at the desk picked up' }), desk.outcomeAfterMs);
      handoff.signal.addEventListener('abort', () => {
        scheduler.clearTimeout(ringing);
        scheduler.clearTimeout(outcome);
        resolve({ state: 'cancelled' });
      }, { once: true });
    }),
  };
}

/**
 * Holds one scenario's call through the real server with recording on; returns the saved fixture
 * and the call's record.
 * @param {Scenario} scenario @param {Map<string, Int16Array>} clips
 */
async function recordScenario(scenario, clips) {
  const debtor = debtorOf(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-fixture-'));
  const recordDir = join(dir, 'recorded');
  const startMs = zonedTimeMs(CALL_DATE, CALL_HOUR, debtor.timezone);
  const scheduler = new ManualScheduler(startMs);
  const config = loadServerConfig({}, undefined, {
    port: 0,
    tokenSecret: SECRET,
    dbPath: join(dir, 'calls.db'),
    debtorsDir: DEBTORS_DIR,
    shutdownGraceMs: 0,
    recordDir,
    ...(scenario.desk !== undefined ? { handoff: 'desk' } : {}),
  });
  const words = scenario.caller.flatMap((step) => (step.kind === 'say' || step.kind === 'barge_in' ? [step.words] : []));
  const runtime = await composeRuntime(config, {
    logger: silentLogger,
    scheduler,
    env: {},
    overrides: {
      speech: { asr: () => new ScriptedAsr(words), tts: new ToneTts({ msPerCharacter: BOT_MS_PER_CHARACTER }) },
      // No language model unless the scenario has one: the other fixtures replay without answers.
      answering: scenario.answers === true ? standInModel : false,
      ...(scenario.desk !== undefined ? { handoff: deskAdapter(scheduler, scenario.desk) } : {}),
    },
  });
  const server = await startDunbotServer(runtime, silentLogger);
  try {
    const callSid = `CA${createHash('sha256').update(fixtureNameOf(scenario)).digest('hex').slice(0, 32)}`;
    const phone = new PhoneLine(`ws://127.0.0.1:${server.port}/media/twilio`, scheduler, callSid);
    await phone.start({ token: mintStreamToken({ debtorId: debtor.id, provider: 'twilio', expiresAtMs: startMs + 3_600_000 }, SECRET) });
    await holdCall(phone, scheduler, scenario, clips, debtor.locale);
    for (let elapsed = 0; elapsed < 200; elapsed += FRAME_MS) {
      scheduler.increment(FRAME_MS);
      await settle();
    }
  } finally {
    await server.close();
    await runtime.close();
  }
  const store = SqliteCallStore.open(config.dbPath);
  let record;
  try {
    const [call] = await store.listCalls();
    record = call === undefined ? undefined : await store.getCall(call.callId);
  } finally {
    await store.close();
  }
  if (record === undefined) throw new Error(`${fixtureNameOf(scenario)}: the call left no record`);
  const files = readdirSync(recordDir);
  if (files.length !== 1) throw new Error(`${fixtureNameOf(scenario)}: expected one recorded fixture, found ${files.length}`);
  const fixture = JSON.parse(readFileSync(join(recordDir, files[0] ?? ''), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { fixture, record };
}

/**
 * The caller's side of one call, 20 ms at a time: a frame of line noise or speech every step, keys
 * when their turn comes, each step of the scenario when the bot has finished speaking (or, for a
 * barge-in, while it is still speaking).
 * @param {PhoneLine} phone @param {ManualScheduler} scheduler @param {Scenario} scenario
 * @param {Map<string, Int16Array>} clips @param {string} locale
 */
async function holdCall(phone, scheduler, scenario, clips, locale) {
  const name = fixtureNameOf(scenario);
  const steps = [...scenario.caller];
  let callMs = 0;
  let heardPayloads = 0;
  /** The bot has said something since the caller's last step. */
  let botSpokeSinceStep = false;
  let marksAtStep = 0;
  /** @type {number | undefined} */
  let bargeInReadyAtMs;
  /** @type {Int16Array | undefined} */
  let speaking;
  let speakingAt = 0;
  /** @type {number | undefined} */
  let doneAtMs;
  let noiseAt = 0;

  const stepDone = () => {
    steps.shift();
    botSpokeSinceStep = false;
    marksAtStep = phone.marks.length;
    bargeInReadyAtMs = undefined;
    if (steps.length === 0) doneAtMs = callMs;
  };

  while (phone.closeCode === undefined) {
    if (heardPayloads < phone.heard.length) {
      heardPayloads = phone.heard.length;
      botSpokeSinceStep = true;
    }
    // Negative while the bot's audio is still playing.
    const botQuietMs = scheduler.nowMs() - phone.playedUntilMs;
    const step = steps[0];
    if (speaking === undefined && step !== undefined) {
      if (step.kind === 'barge_in') {
        // The `line`-th line of the bot's turn is playing once the lines before it have been heard (their marks).
        if (bargeInReadyAtMs === undefined && phone.marks.length >= marksAtStep + step.line - 1 && botSpokeSinceStep && botQuietMs < 0) bargeInReadyAtMs = callMs;
        if (bargeInReadyAtMs !== undefined && callMs - bargeInReadyAtMs >= step.afterMs) {
          if (botQuietMs >= 0) throw new Error(`${name}: the bot had stopped speaking before the barge-in`);
          speaking = clips.get(`${locale}|${step.words}`);
          speakingAt = 0;
        }
      } else if (botSpokeSinceStep && botQuietMs >= (step.kind === 'hang_up' ? step.afterQuietMs : ANSWER_AFTER_QUIET_MS)) {
        if (step.kind === 'say') {
          speaking = clips.get(`${locale}|${step.words}`);
          speakingAt = 0;
        } else if (step.kind === 'key') {
          phone.sendDtmf(step.digit);
          stepDone();
        } else if (step.kind === 'silence') {
          // The turn is the caller's and they let it pass: the bot's no-input timer takes it from here.
          stepDone();
        } else {
          phone.hangUp();
          stepDone();
          break;
        }
      }
    }
    const frame = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i += 1) frame[i] = (NOISE_LOOP[(noiseAt + i) % NOISE_LOOP_SAMPLES] ?? 0) + (speaking?.[speakingAt + i] ?? 0);
    noiseAt = (noiseAt + FRAME_SAMPLES) % NOISE_LOOP_SAMPLES;
    phone.sendAudio(frame);
    if (speaking !== undefined) {
      speakingAt += FRAME_SAMPLES;
      if (speakingAt >= speaking.length) {
        speaking = undefined;
        stepDone();
      }
    }
    await settle();
    scheduler.increment(FRAME_MS);
    callMs += FRAME_MS;
    if (callMs > MAX_CALL_MS) throw new Error(`${name}: the call went on past ${MAX_CALL_MS / 1000} s (${steps.length} caller steps left)`);
    if (doneAtMs !== undefined && callMs - doneAtMs > END_WAIT_MS) throw new Error(`${name}: the bot did not end the call ${END_WAIT_MS / 1000} s after the caller's last step`);
  }
  if (steps.length > 0) throw new Error(`${name}: the call ended with ${steps.length} caller steps left`);
  await phone.closed;
}

// ---------------------------------------------------------------------------------------------
// Review and shipping
// ---------------------------------------------------------------------------------------------

/**
 * What the recorded call did, against what was reviewed for the scenario; the list of differences.
 * @param {Scenario} scenario @param {any} record @param {any} expect
 */
function reviewDifferences(scenario, record, expect) {
  const { reviewed } = scenario;
  const outcome = record.outcome ?? {};
  /** @type {string[]} */
  const differences = [];
  /** @param {string} what @param {unknown} wanted @param {unknown} got */
  const compare = (what, wanted, got) => {
    if (!isDeepStrictEqual(wanted, got)) differences.push(`${what}: reviewed ${JSON.stringify(wanted)}, recorded ${JSON.stringify(got)}`);
  };
  compare('disposition', reviewed.disposition, record.disposition);
  const promise = outcome.promise === undefined ? null : { amount: outcome.promise.amount, date: outcome.promise.date, kind: outcome.promise.kind };
  compare('promise', reviewed.promise, promise);
  compare('flags', [...reviewed.flagKinds].sort(), (outcome.flags ?? []).map((/** @type {any} */ flag) => flag.kind).sort());
  compare('escalation reason', reviewed.escalationReason, outcome.escalation?.reason ?? null);
  compare('hand-off outcome', reviewed.handoffState, outcome.escalation?.handoff?.state ?? null);
  // The key states must be an ordered subset of the states the call passed through.
  let from = 0;
  for (const state of scenario.keyStates) {
    const at = (expect.states ?? []).indexOf(state, from);
    if (at < 0) differences.push(`key state ${state} is not where expected in ${(expect.states ?? []).join(' → ')}`);
    else from = at + 1;
  }
  for (const prompt of scenario.notSaid ?? []) if ((expect.said ?? []).includes(prompt)) differences.push(`said ${prompt}`);
  // Nothing about the debt before the caller confirmed who they are: a disclosure follows a turn that confirmed identity.
  const events = record.events;
  const firstDisclosure = events.findIndex((/** @type {any} */ event) => event.type === 'bot.said' && DISCLOSURES.includes(event.prompt));
  if (firstDisclosure >= 0 && !events.slice(0, firstDisclosure).some((/** @type {any} */ event) => event.type === 'debtor.turn' && (event.nlu?.intent === 'affirm' || event.digit === '1'))) differences.push('a disclosure came before the caller confirmed who they are');
  return differences;
}

/**
 * The fixture as shipped: its name and description, the proposed expectations with `states`
 * trimmed to the key states and the lines that must not be said.
 * @param {Scenario} scenario @param {any} fixture
 */
function shipped(scenario, fixture) {
  return {
    ...fixture,
    name: fixtureNameOf(scenario),
    description: `${scenario.summary} ${ASR_NOTE}`,
    expect: {
      ...fixture.expect,
      states: scenario.keyStates,
      ...(scenario.notSaid !== undefined ? { notSaid: scenario.notSaid } : {}),
    },
  };
}

/**
 * A call's record as a list of what happened and when on the call's clock (debtor turns, lines,
 * states, cuts, hand-off states), to compare a replay with the call it replays.
 * @param {any} record
 * @returns {unknown[][]}
 */
function shapeOf(record) {
  return record.events
    .filter((/** @type {any} */ event) => ['debtor.turn', 'bot.said', 'bot.interrupted', 'state.changed', 'handoff.state', 'promise.captured', 'call.ended'].includes(event.type))
    .map((/** @type {any} */ event) => [event.type, event.atMs - record.startedAtMs, event.prompt ?? event.to ?? event.state ?? event.text ?? '']);
}

/** @param {number} bytes */
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * @param {readonly { scenario: Scenario, disposition: string, callMs: number, bytes: number }[]} rows
 */
function readme(rows) {
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  const lines = [
    '# Shipped call fixtures',
    '',
    'Recorded phone calls that `replayCall` (src/replay/replay-call.ts) plays back through the same media',
    'channel, turn-taking, session and playback as a live call; `test/replay/shipped-fixtures.test.ts`',
    'replays every one of them and checks its expectations and what the table below says each covers.',
    'The file format is described in src/replay/fixture.ts and docs/replay.md. To replay them by hand:',
    '',
    '```sh',
    'npx dunbot replay fixtures/calls',
    '```',
    '',
    '## How they were made',
    '',
    '```sh',
    'npm run fixtures:record    # npm run build && node scripts/record-call-fixtures.mjs',
    '```',
    '',
    'Each call was held through the real server (`dunbot serve` with `recordDir` set, which saves every',
    'call as a fixture) by a simulated Twilio phone: a 20 ms μ-law frame every 20 ms from the start of the',
    'stream, quiet line noise at a low constant level between utterances, keys as Twilio `dtmf` events,',
    'each of the bot\'s marks echoed once the audio before it has played (as Twilio does, and as the replay does).',
    `The call is placed on ${CALL_DATE} at ${CALL_HOUR}:00 in the debtor's own time zone (the debtors are`,
    'fixtures/debtors/*.json; the flow follows the debtor\'s days past due), on a simulated clock.',
    '',
    '- **The caller\'s words are real speech**, synthesized offline with espeak-ng (en-US and Mandarin',
    '  voices) and resampled to 8 kHz μ-law, so the VAD, endpointing and barge-in run on speech.',
    '- **The recognizer results are scripted stand-ins.** The recognizer was `ScriptedAsr`, which stands in',
    '  for a cloud recognizer: each utterance is recognized as the words the scenario gives it. On replay',
    '  the recorded results are given back (`providers.asr`). The expectations hold for those results, the',
    '  default `--providers recorded`; with `--providers live` the offline recognizer decodes the synthesized',
    '  speech itself and hears other words, so use that mode to measure, not to pass or fail these fixtures.',
    `- **The bot's voice is a tone** (\`ToneTts\`, ${BOT_MS_PER_CHARACTER} ms per character, at most 4 s a line), which keeps the`,
    '  fixtures small and the recording fast; only each line\'s length is kept (`providers.tts`).',
    '- **Hand-offs** go to a stand-in desk (server setting `handoff: \'desk\'`) that reports ringing after',
    '  0.5 s and then its outcome; the fixture keeps its course (`providers.handoff`).',
    '- **The language model** that answers off-script questions is stood in for by a short answer written',
    '  from the call\'s grounding facts, put through the same answer check as the model\'s; the fixture',
    '  keeps the answer (`providers.answers`).',
    '',
    'Every fixture keeps the expectations the recorder proposed (disposition, promise, flags, escalation,',
    'hand-off outcome, intents, lines said) with `states` trimmed to the key states of the scenario, and',
    '`notSaid` where a line must not be heard (no disclosure to someone unverified, no consequences after a',
    'dispute or in distress). Each proposed outcome was held against what a careful, lawful collector would',
    'do before it was kept.',
    '',
    '## The fixtures',
    '',
    'The "covers" column is checked by the test against each replayed call (see `COVERS` in the test).',
    '',
    '| fixture | scenario | covers | disposition | call | size |',
    '|---|---|---|---|---|---|',
    ...rows.map(({ scenario, disposition, callMs, bytes }) => `| \`${fixtureNameOf(scenario)}.json\` | ${scenario.summary} | ${scenario.covers.join(', ')} | ${disposition} | ${(callMs / 1000).toFixed(1)} s | ${kib(bytes)} |`),
    '',
    `${rows.length} fixtures, ${kib(total)} in all (the caller's audio is base64 in the JSON).`,
    '',
  ];
  return lines.join('\n');
}

async function main() {
  const only = process.argv.slice(2);
  const scenarios = only.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => only.includes(fixtureNameOf(scenario)));
  if (scenarios.length === 0) throw new Error(`no scenario named ${only.join(', ')}`);
  const clips = await synthesizeCallerSpeech(scenarios);
  mkdirSync(OUT_DIR, { recursive: true });
  const problems = [];
  for (const scenario of scenarios) {
    const name = fixtureNameOf(scenario);
    const { fixture, record } = await recordScenario(scenario, clips);
    const differences = reviewDifferences(scenario, record, fixture.expect);
    if (differences.length > 0) {
      problems.push(`${name}:\n  ${differences.join('\n  ')}`);
      const aside = join(tmpdir(), `dunbot-fixture-${name}.json`);
      writeFileSync(aside, `${JSON.stringify(fixture, null, 2)}\n`);
      process.stdout.write(`${name}: NOT shipped (kept at ${aside})\n  ${differences.join('\n  ')}\n`);
      continue;
    }
    const ready = parseFixture(shipped(scenario, fixture), name);
    const replay = await replayCall(ready);
    if (!replay.passed || replay.drift.length > 0) {
      problems.push(`${name}: the replay ${replay.passed ? 'drifted' : 'failed'}: ${JSON.stringify({ failed: replay.checks.filter((check) => !check.passed), drift: replay.drift })}`);
      continue;
    }
    // Not only the outcome: the replay must be the same call, line for line and turn for turn at the same call times.
    const live = shapeOf(record);
    const replayed = shapeOf(replay.record);
    if (!isDeepStrictEqual(live, replayed)) {
      const at = live.findIndex((entry, index) => !isDeepStrictEqual(entry, replayed[index]));
      problems.push(`${name}: the replay differs from the call at entry ${at}: recorded ${JSON.stringify(live[at])}, replayed ${JSON.stringify(replayed[at])}`);
      continue;
    }
    const path = join(OUT_DIR, `${name}.json`);
    writeFileSync(path, `${JSON.stringify(shipped(scenario, fixture), null, 2)}\n`);
    process.stdout.write(`${name}: ${record.disposition}, ${(((record.endedAtMs ?? record.startedAtMs) - record.startedAtMs) / 1000).toFixed(1)} s, ${kib(statSync(path).size)}\n`);
  }
  if (only.length === 0 && problems.length === 0) {
    // The folder holds the scenarios of the table and nothing else: a scenario taken out of it goes.
    const names = new Set(SCENARIOS.map((scenario) => `${fixtureNameOf(scenario)}.json`));
    for (const file of readdirSync(OUT_DIR).filter((file) => file.endsWith('.json') && !names.has(file))) {
      rmSync(join(OUT_DIR, file));
      process.stdout.write(`${file}: removed (no longer a scenario)\n`);
    }
    const rows = SCENARIOS.map((scenario) => {
      const path = join(OUT_DIR, `${fixtureNameOf(scenario)}.json`);
      const fixture = JSON.parse(readFileSync(path, 'utf8'));
      const atMs = fixture.caller.events.at(-1)?.atMs ?? 0;
      const lastAudio = fixture.caller.events.filter((/** @type {any} */ event) => event.event === 'audio').at(-1);
      const callMs = Math.max(atMs, lastAudio === undefined ? 0 : lastAudio.atMs + (Buffer.from(lastAudio.payload, 'base64').length / FRAME_SAMPLES) * FRAME_MS);
      return { scenario, disposition: fixture.expect.disposition, callMs, bytes: statSync(path).size };
    });
    writeFileSync(join(OUT_DIR, 'README.md'), readme(rows));
  }
  if (problems.length > 0) {
    process.stderr.write(`\n${problems.length} scenario(s) not shipped:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
}

await main();
