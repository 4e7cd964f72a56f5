// @ts-check
/**
 * One simulated Twilio caller who asks for a person: it speaks Twilio's Media Streams protocol
 * (the frames of `TwilioCallerFrames`, as the test phone does) and sends one 20 ms μ-law frame
 * every 20 ms in real time from the moment the stream starts, faint line noise unless it is
 * speaking. It plays the bot's audio as it arrives and echoes each mark once the audio before it
 * has played, as Twilio does. Once the greeting has played out and a short pause has passed, it
 * says its request (loud frames; the scripted recognizer turns the utterance into the words),
 * then goes on with line noise. It stamps, with `performance.now()`:
 *   - `endOfUtteranceAt`: just after the last loud frame of the request was handed to the socket;
 *   - `holdAt`: the arrival of the first media message after that, the hold line's first frame
 *     (the bot is silent while the caller speaks, so nothing else can come first; `mediaWhileSpeaking`
 *     checks it).
 * It hangs up (stop, then close) once both the hold line and the dial of the agent (seen by the
 * fake Twilio API) have arrived, which calls the hand-off off.
 */
import WebSocket from 'ws';
import { TwilioCallerFrames } from '../../dist/src/testing/twilio-caller-frames.js';

const FRAME_MS = 20;
const SAMPLES_PER_FRAME = 160;
/** μ-law at 8 kHz: a byte a sample, so 8 bytes a millisecond. */
const BYTES_PER_MS = 8;

/**
 * A tone loud enough to be speech to the VAD, 16-bit PCM at 8 kHz (the tests' `speech()`).
 * @param {number} ms
 */
export function speechPcm(ms) {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 8000) + 2000 * Math.sin((2 * Math.PI * 710 * i) / 8000));
  return samples;
}

/**
 * Line noise quiet enough to be silence to the VAD, 16-bit PCM at 8 kHz (the tests' `quiet()`).
 * @param {number} ms
 */
export function quietPcm(ms) {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = ((i * 7919) % 13) - 6;
  return samples;
}

/**
 * What one call measured.
 * @typedef {object} PhoneResult
 * @property {string} callSid
 * @property {number | undefined} endOfUtteranceAt
 * @property {number | undefined} holdAt
 * @property {number | undefined} silenceSentAt When the phone had sent the quiet frames the VAD waits for after the utterance (`endpointFrames` of them).
 * @property {number} mediaWhileSpeaking Media messages that arrived while the caller was speaking (must be 0).
 * @property {number} dialledAt When the phone began to connect.
 * @property {number | undefined} greetingAt When the bot's first audio arrived.
 * @property {number | undefined} closedAt When the stream had closed.
 * @property {number | undefined} closeCode
 * @property {string | undefined} failure Why the call did not get as far as its hold line and dial, if it did not.
 */

export class HandoffPhone {
  /**
   * @param {object} options
   * @param {string} options.url The server's `/media/twilio` URL.
   * @param {Record<string, string>} options.headers The upgrade's headers (Twilio's signature).
   * @param {string} options.token The stream token, sent in `start.customParameters` as Twilio does.
   * @param {string} options.callSid
   * @param {import('./fake-twilio-api.mjs').ApiCall} options.apiCall What the fake Twilio API sees of this call.
   * @param {number} options.speechMs How long the request for a person lasts.
   * @param {number} options.replyPauseMs How long after the greeting has played the caller starts.
   * @param {number} options.endpointFrames The quiet frames after an utterance after which the VAD declares its end.
   * @param {number} options.timeoutMs The longest the call may take before it is given up.
   * @param {import('../media/latency-histogram.mjs').LatencyHistogram} options.lateness Where each frame's send lateness is recorded.
   */
  constructor(options) {
    this.options = options;
    this.frames = new TwilioCallerFrames(options.callSid);
    this.speech = speechPcm(options.speechMs);
    this.quiet = quietPcm(FRAME_MS);
    /** @type {'listening' | 'speaking' | 'awaitingHold' | 'hangingUp'} */
    this.state = 'listening';
    this.speechOffset = 0;
    /** Quiet frames sent since the end of the utterance. */
    this.quietAfterSpeech = 0;
    this.frameIndex = 0;
    this.t0 = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** When the phone will have played all the bot audio received so far. */
    this.playoutEndAt = 0;
    this.heardBot = false;
    this.lastMediaAt = 0;
    /** When the last mark was echoed (its audio played). */
    this.lastEchoAt = -Infinity;
    this.pendingEchoes = 0;
    /** Marks waiting for their audio to play, with their names. */
    /** @type {Map<ReturnType<typeof setTimeout>, string>} */
    this.echoTimers = new Map();
    /** @type {PhoneResult} */
    this.result = { callSid: options.callSid, endOfUtteranceAt: undefined, holdAt: undefined, silenceSentAt: undefined, mediaWhileSpeaking: 0, dialledAt: performance.now(), greetingAt: undefined, closedAt: undefined, closeCode: undefined, failure: undefined };
    options.apiCall.onDial = () => this.maybeHangUp();
  }

  /** Runs the call to its end; never rejects (a failure is in the result). */
  run() {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.options.url, { headers: this.options.headers, perMessageDeflate: false });
      this.ws = ws;
      const giveUp = setTimeout(() => {
        this.result.failure ??= `no hold line and dial within ${this.options.timeoutMs} ms (phone state ${this.state}, hold line ${this.result.holdAt === undefined ? 'not heard' : 'heard'}, dial ${this.options.apiCall.dialAtMs === undefined ? 'not seen' : 'seen'})`;
        this.hangUp();
      }, this.options.timeoutMs);
      ws.on('open', () => {
        for (const message of this.frames.opening({ token: this.options.token })) ws.send(JSON.stringify(message));
        this.t0 = performance.now();
        this.schedule();
      });
      ws.on('message', (data) => this.receive(String(data)));
      ws.on('error', (error) => {
        this.result.failure ??= `socket error: ${error.message}`;
      });
      ws.on('close', (code) => {
        clearTimeout(giveUp);
        this.stopTimers();
        this.result.closeCode = code;
        this.result.closedAt = performance.now();
        if (this.state !== 'hangingUp') this.result.failure ??= `the server closed the stream (${code}) in phone state ${this.state}`;
        resolve(this.result);
      });
    });
  }

  /**
   * Frame k is due at t0 + k·20 ms, timed against the stream's start (and, after the request, against
   * its end) rather than the last send: after a late timer the frames already due go at once, so the
   * stream keeps to real time as a phone's does.
   */
  schedule() {
    this.frameIndex += 1;
    const dueAt = this.t0 + this.frameIndex * FRAME_MS;
    this.timer = setTimeout(() => this.tick(dueAt), Math.max(0, dueAt - performance.now()));
  }

  /** @param {number} dueAt */
  tick(dueAt) {
    const ws = this.ws;
    if (ws === undefined || ws.readyState !== WebSocket.OPEN || this.state === 'hangingUp') return;
    const nowMs = performance.now();
    this.options.lateness.record(nowMs - dueAt);
    if (this.state === 'listening' && this.readyToSpeak(nowMs)) this.state = 'speaking';
    if (this.state === 'speaking') {
      const frame = this.speech.subarray(this.speechOffset, this.speechOffset + SAMPLES_PER_FRAME);
      this.speechOffset += SAMPLES_PER_FRAME;
      this.send(frame);
      if (this.speechOffset >= this.speech.length) {
        // The end of the utterance: the last loud frame has left the phone.
        const endAt = performance.now();
        this.result.endOfUtteranceAt = endAt;
        this.state = 'awaitingHold';
        // The frames after it are timed from it: were this frame late, the quiet frames already due
        // would otherwise go at once, and the silence the VAD waits for would be shorter than it is
        // long in frames. Now lateness can only lengthen it, and `silenceSentAt` shows by how much.
        this.t0 = endAt;
        this.frameIndex = 0;
      }
    } else {
      this.send(this.quiet);
      // The phone's own share of (1) and (2): its endpointing silence leaves on time only if it keeps time.
      if (this.result.endOfUtteranceAt !== undefined && this.result.silenceSentAt === undefined && ++this.quietAfterSpeech === this.options.endpointFrames) this.result.silenceSentAt = performance.now();
    }
    this.schedule();
  }

  /**
   * A polite caller: the greeting has played out (every mark echoed, nothing playing) and a pause
   * has passed since.
   * @param {number} nowMs
   */
  readyToSpeak(nowMs) {
    return this.heardBot && this.pendingEchoes === 0 && this.playoutEndAt <= nowMs && this.lastEchoAt >= this.lastMediaAt && nowMs - this.lastEchoAt >= this.options.replyPauseMs;
  }

  /** @param {Int16Array} samples One 20 ms frame. */
  send(samples) {
    for (const message of this.frames.audio(samples)) this.ws?.send(JSON.stringify(message));
  }

  /** @param {string} text */
  receive(text) {
    const nowMs = performance.now();
    const message = JSON.parse(text);
    if (message.event === 'media') {
      if (this.state === 'awaitingHold' && this.result.holdAt === undefined) {
        this.result.holdAt = nowMs;
        this.maybeHangUp();
      } else if (this.state === 'speaking') {
        this.result.mediaWhileSpeaking += 1;
      }
      const payload = String(message.media?.payload ?? '');
      const bytes = Math.floor((payload.length * 3) / 4) - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0);
      this.playoutEndAt = Math.max(this.playoutEndAt, nowMs) + bytes / BYTES_PER_MS;
      this.lastMediaAt = nowMs;
      this.result.greetingAt ??= nowMs;
      this.heardBot = true;
    } else if (message.event === 'mark') {
      // Twilio echoes a mark when the audio sent before it has played, not when it arrives.
      const name = String(message.mark?.name ?? '');
      this.pendingEchoes += 1;
      const timer = setTimeout(() => this.echo(timer), Math.max(0, this.playoutEndAt - nowMs));
      this.echoTimers.set(timer, name);
    } else if (message.event === 'clear') {
      // Twilio drops the audio it holds and echoes every pending mark at once.
      this.playoutEndAt = nowMs;
      for (const timer of [...this.echoTimers.keys()]) {
        clearTimeout(timer);
        this.echo(timer);
      }
    }
  }

  /** @param {ReturnType<typeof setTimeout>} timer The pending mark's timer. */
  echo(timer) {
    const name = this.echoTimers.get(timer);
    if (name === undefined) return;
    this.echoTimers.delete(timer);
    this.pendingEchoes -= 1;
    this.lastEchoAt = performance.now();
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(this.frames.mark(name)));
  }

  /** Hangs up once the hold line has been heard and the agent has been dialled. */
  maybeHangUp() {
    if (this.result.holdAt !== undefined && this.options.apiCall.dialAtMs !== undefined) this.hangUp();
  }

  hangUp() {
    if (this.state === 'hangingUp') return;
    this.state = 'hangingUp';
    this.stopTimers();
    const ws = this.ws;
    if (ws === undefined) return;
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(this.frames.stop()));
      ws.close(1000);
    } else if (ws.readyState === WebSocket.CONNECTING) {
      ws.terminate();
    }
  }

  stopTimers() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const timer of this.echoTimers.keys()) clearTimeout(timer);
    this.echoTimers.clear();
  }
}
