// @ts-check
/**
 * Many simulated Twilio calls in one process (spec §1 frames), driven by one timer wheel: every
 * call sends one 20 ms media frame every 20 ms on its own phase, as a phone does, and answers the
 * bot like a polite caller (speaks a burst once the bot has been quiet for a moment). Marks are
 * echoed on arrival, as Twilio does once the audio before them has played (it arrives paced).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { mintStreamToken } from '../../dist/src/telephony/stream-token.js';
import { LatencyHistogram, epochNowMs } from './latency-histogram.mjs';

const FRAME_MS = 20;
/** The wheel turns every 2 ms; each call sits on one of its 10 slots, so sends spread over the frame. */
const SLOT_MS = 2;
const SLOTS = FRAME_MS / SLOT_MS;
/** New calls of a level are dialled evenly over this long, as arrivals rather than one burst. */
const DIAL_SPREAD_MS = 5000;
/** The caller answers this long after the bot went quiet (uniform in the range). */
const REPLY_DELAY_MS = [500, 2500];
/** Share of the bot's prompts the caller talks over (a barge-in when the prompt is interruptible)… */
const BARGE_IN_SHARE = 0.25;
/** …this long after the prompt's audio began (uniform). */
const BARGE_IN_AFTER_MS = [800, 3000];
/** Bot audio counts as one prompt until it pauses this long. */
const BOT_PAUSE_MS = 200;
/** Where an outbound media message's base64 payload starts; `"}}` ends it. */
const PAYLOAD_NEEDLE = Buffer.from('"payload":"');
/** One outbound μ-law frame: 20 ms at 8 kHz. */
const FRAME_BYTES = 160;
/** With no bot audio at all for this long, the caller speaks anyway (the bare server never talks). */
const SPEAK_ANYWAY_AFTER_MS = 7000;
const ACCOUNT_SID = 'AC00000000000000000000000000000000';

/** @param {readonly number[]} range */
const uniform = (range) => (range[0] ?? 0) + Math.random() * ((range[1] ?? 0) - (range[0] ?? 0));

/** Masking with a zero key saves the generator CPU; the server unmasks every frame regardless. */
const zeroMask = (/** @type {Buffer} */ mask) => mask.fill(0);

class SimulatedCall {
  /**
   * @param {CallGenerator} generator
   * @param {number} slot
   */
  constructor(generator, slot) {
    this.generator = generator;
    this.slot = slot;
    this.streamSid = `MZ${randomUUID().replace(/-/g, '')}`;
    this.callSid = `CA${randomUUID().replace(/-/g, '')}`;
    this.debtorId = generator.nextDebtorId();
    this.sequence = 0;
    this.chunk = 0;
    this.open = false;
    /** Counted in the generator's `live`. */
    this.counted = false;
    this.closedByUs = false;
    /** @type {number} */ this.t0 = 0;
    /** @type {number} */ this.nextDueMs = Infinity;
    this.speechLeft = 0;
    this.speechIndex = 0;
    /** @type {string[]} */
    this.answer = [];
    this.quietIndex = Math.floor(Math.random() * generator.audio.quiet.length);
    this.heardBot = false;
    this.botTalking = false;
    this.bargeInAt = Infinity;
    this.lastBotFrameAt = 0;
    /** When the phone will have played all the bot audio received so far; undefined before any, and after a clear. */
    /** @type {number | undefined} */ this.playoutEndAt = undefined;
    /** A mark (the end of an utterance) came after the last media message. */
    this.afterMark = true;
    /** The longest audio gap heard on this call, in ms. */
    this.worstGapMs = 0;
    this.lastBurstEndAt = 0;
    this.replyDelayMs = uniform(REPLY_DELAY_MS);
    this.ws = new WebSocket(generator.url, { perMessageDeflate: false, generateMask: zeroMask });
    this.ws.on('open', () => this.onOpen());
    this.ws.on('message', (data) => this.onMessage(/** @type {Buffer} */ (data)));
    this.ws.on('close', (code) => generator.onClosed(this, code));
    this.ws.on('error', () => generator.stats.socketErrors++);
  }

  onOpen() {
    const nowMs = epochNowMs();
    // The stream starts on this call's slot of the wheel; frame k is due at t0 + k·20 ms.
    const phase = this.generator.baseMs + this.slot * SLOT_MS;
    this.t0 = phase + FRAME_MS * Math.ceil((nowMs - phase) / FRAME_MS);
    this.nextDueMs = this.t0 + FRAME_MS;
    this.lastBurstEndAt = nowMs;
    const token = mintStreamToken({ debtorId: this.debtorId, provider: 'twilio', expiresAtMs: Date.now() + 3_600_000 }, this.generator.secret);
    this.ws.send('{"event":"connected","protocol":"Call","version":"1.0.0"}');
    this.ws.send(JSON.stringify({
      event: 'start',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      start: {
        accountSid: ACCOUNT_SID,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters: { token, t0: String(this.t0) },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    }));
    this.open = true;
    this.generator.onOpened(this);
  }

  /** @param {Buffer} data */
  onMessage(data) {
    // `{"event":"` is 10 bytes; the next two tell media, mark and clear apart without a parse.
    if (data[10] === 0x6d && data[11] === 0x65) {
      const nowMs = epochNowMs();
      if (!this.botTalking || nowMs - this.lastBotFrameAt > BOT_PAUSE_MS) {
        this.botTalking = true;
        this.bargeInAt = Math.random() < BARGE_IN_SHARE ? nowMs + uniform(BARGE_IN_AFTER_MS) : Infinity;
      }
      this.lastBotFrameAt = nowMs;
      this.heardBot = true;
      this.generator.stats.botMessages++;
      // A message may carry several 20 ms frames (160 bytes of μ-law each): count the audio.
      const payloadAt = data.indexOf(PAYLOAD_NEEDLE);
      const frames = payloadAt >= 0 ? Math.round(((data.length - payloadAt - PAYLOAD_NEEDLE.length - 3) * 3) / 4 / FRAME_BYTES) : 0;
      this.generator.stats.botFrames += frames;
      this.notePromptAudio(nowMs, frames * FRAME_MS);
    } else if (data[10] === 0x6d && data[11] === 0x61) {
      this.afterMark = true;
      const name = String(JSON.parse(data.toString()).mark?.name);
      this.ws.send(`{"event":"mark","sequenceNumber":"${++this.sequence}","streamSid":"${this.streamSid}","mark":${JSON.stringify({ name })}}`);
      this.generator.stats.marksEchoed++;
    } else if (data[10] === 0x63 && data[11] === 0x6c) {
      // A clear empties the phone's buffer (barge-in).
      this.playoutEndAt = undefined;
      this.afterMark = true;
      this.generator.stats.clears++;
    }
  }

  /**
   * A gap is a silence the phone hears inside an utterance: it plays the bot's audio as it arrives,
   * without a break while it has some, so a gap is how long after the end of the audio already
   * received the next message of the same utterance arrived. The server sends each burst as the
   * previous one ends, so on time this is about 0; a stalled event loop shows as its stall. The
   * first message after a mark starts an utterance: a pause before it is a turn (or the call's own
   * synthesis), not a gap. An utterance queued behind another plays on without a pause.
   * @param {number} nowMs @param {number} audioMs
   */
  notePromptAudio(nowMs, audioMs) {
    if (!this.afterMark && this.playoutEndAt !== undefined) {
      const gapMs = nowMs - this.playoutEndAt;
      this.generator.audioGaps.record(gapMs);
      if (gapMs > this.worstGapMs) this.worstGapMs = gapMs;
    }
    this.playoutEndAt = Math.max(nowMs, this.playoutEndAt ?? nowMs) + audioMs;
    this.afterMark = false;
  }

  /**
   * Sends every frame due by `nowMs` (one, unless the generator itself fell behind).
   * @param {number} nowMs
   */
  sendDue(nowMs) {
    while (this.open && this.nextDueMs <= nowMs) {
      this.chunk += 1;
      const payload = this.nextPayload(nowMs);
      this.ws.send(`{"event":"media","sequenceNumber":"${++this.sequence}","streamSid":"${this.streamSid}","media":{"track":"inbound","chunk":"${this.chunk}","timestamp":"${this.chunk * FRAME_MS}","payload":"${payload}"}}`);
      this.generator.lateness.record(nowMs - this.nextDueMs);
      this.generator.stats.framesSent++;
      this.nextDueMs += FRAME_MS;
    }
  }

  /** @param {number} nowMs */
  nextPayload(nowMs) {
    if (this.speechLeft === 0) {
      if (this.botTalking && nowMs - this.lastBotFrameAt > BOT_PAUSE_MS) this.botTalking = false;
      const botQuietLongEnough = this.heardBot && nowMs - this.lastBotFrameAt >= this.replyDelayMs;
      const bargeIn = this.botTalking && nowMs >= this.bargeInAt;
      if (botQuietLongEnough || bargeIn || nowMs - Math.max(this.lastBurstEndAt, this.lastBotFrameAt) >= SPEAK_ANYWAY_AFTER_MS) {
        this.bargeInAt = Infinity;
        const answers = this.generator.audio.answers;
        this.answer = answers[Math.floor(Math.random() * answers.length)] ?? [];
        this.speechLeft = this.answer.length;
        this.speechIndex = 0;
        this.generator.stats.bursts++;
      }
    }
    if (this.speechLeft > 0) {
      this.speechLeft -= 1;
      if (this.speechLeft === 0) {
        this.lastBurstEndAt = nowMs;
        this.heardBot = false;
        this.replyDelayMs = uniform(REPLY_DELAY_MS);
      }
      const payload = this.answer[this.speechIndex] ?? '';
      this.speechIndex += 1;
      return payload;
    }
    const quiet = this.generator.audio.quiet;
    this.quietIndex = (this.quietIndex + 1) % quiet.length;
    return quiet[this.quietIndex] ?? '';
  }

  close() {
    this.closedByUs = true;
    this.open = false;
    this.ws.terminate();
  }
}

/** Keeps `target` simulated calls connected to one server, redialling calls the server ends. */
export class CallGenerator {
  /**
   * `debtorIds`: the debtors called, each new call the next one (round robin); `debtorId` alone: every call the same.
   * @param {{ url: string, secret: string, debtorId?: string, debtorIds?: readonly string[], audio: { quiet: string[], answers: string[][] } }} options
   */
  constructor(options) {
    this.audio = options.audio;
    this.url = options.url;
    this.secret = options.secret;
    this.debtorIds = options.debtorIds ?? (options.debtorId === undefined ? [] : [options.debtorId]);
    if (this.debtorIds.length === 0) throw new Error('CallGenerator needs debtorId or debtorIds');
    this.dialled = 0;
    this.baseMs = Math.floor(epochNowMs());
    this.target = 0;
    this.dialPer100Ms = 1;
    /** @type {Set<SimulatedCall>[]} */
    this.wheel = Array.from({ length: SLOTS }, () => new Set());
    /** @type {Set<SimulatedCall>} */
    this.calls = new Set();
    this.live = 0;
    this.nextSlot = 0;
    this.lateness = new LatencyHistogram();
    /** Audio gaps inside utterances, as the phones hear them (see SimulatedCall.notePromptAudio). */
    this.audioGaps = new LatencyHistogram();
    /** Calls ended (by either side) this window: their worst gaps, for worstGaps(). */
    /** @type {number[]} */
    this.endedWorstGapsMs = [];
    this.stats = newStats();
    this.lastTick = Math.floor((epochNowMs() - this.baseMs) / SLOT_MS);
    this.running = true;
    this.tickTimer = setTimeout(() => this.tick(), SLOT_MS);
    this.dialTimer = setInterval(() => this.dial(), 100);
  }

  /** @param {number} target */
  setTarget(target) {
    this.target = target;
    this.dialPer100Ms = Math.max(1, Math.ceil(((target - this.calls.size) * 100) / DIAL_SPREAD_MS));
    this.dial();
  }

  /** Resets the window's counters (lateness, audio gaps, frames, redials…). */
  resetWindow() {
    this.lateness.reset();
    this.audioGaps.reset();
    this.endedWorstGapsMs = [];
    for (const call of this.calls) call.worstGapMs = 0;
    this.stats = newStats();
  }

  /** The debtor of the next call dialled. */
  nextDebtorId() {
    const id = this.debtorIds[this.dialled % this.debtorIds.length] ?? '';
    this.dialled += 1;
    return id;
  }

  /** The worst audio gap of every call of this window (live or ended), in ms. */
  worstGapsMs() {
    return [...this.endedWorstGapsMs, ...[...this.calls].map((call) => call.worstGapMs)];
  }

  dial() {
    let budget = this.dialPer100Ms;
    while (this.running && this.calls.size < this.target && budget > 0) {
      this.calls.add(new SimulatedCall(this, this.nextSlot));
      this.nextSlot = (this.nextSlot + 1) % SLOTS;
      budget -= 1;
    }
  }

  /** @param {SimulatedCall} call */
  onOpened(call) {
    call.counted = true;
    this.live += 1;
    this.wheel[call.slot]?.add(call);
  }

  /**
   * @param {SimulatedCall} call
   * @param {number} code
   */
  onClosed(call, code) {
    if (!this.running) return;
    if (call.counted) this.live -= 1;
    call.counted = false;
    if (!call.closedByUs) {
      this.stats.endedByServer++;
      this.stats.closeCodes[code] = (this.stats.closeCodes[code] ?? 0) + 1;
    }
    call.open = false;
    this.wheel[call.slot]?.delete(call);
    if (this.calls.delete(call)) this.endedWorstGapsMs.push(call.worstGapMs);
  }

  tick() {
    if (!this.running) return;
    const nowMs = epochNowMs();
    const current = Math.floor((nowMs - this.baseMs) / SLOT_MS);
    // Catch up every slot passed since the last tick (each at most once: a call sends all it owes).
    for (let k = Math.max(this.lastTick + 1, current - SLOTS + 1); k <= current; k += 1) {
      for (const call of this.wheel[k % SLOTS] ?? []) call.sendDue(nowMs);
    }
    this.lastTick = current;
    const nextAt = this.baseMs + (current + 1) * SLOT_MS;
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, nextAt - epochNowMs()));
  }

  /** Hangs every call up and stops the wheel. */
  stop() {
    this.running = false;
    clearTimeout(this.tickTimer);
    clearInterval(this.dialTimer);
    for (const call of this.calls) call.close();
    this.calls.clear();
    for (const slot of this.wheel) slot.clear();
    this.live = 0;
  }
}

function newStats() {
  return { framesSent: 0, botFrames: 0, botMessages: 0, marksEchoed: 0, clears: 0, bursts: 0, endedByServer: 0, socketErrors: 0, closeCodes: /** @type {Record<number, number>} */ ({}) };
}
