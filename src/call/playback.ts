import type { AudioFormat, PcmAudio } from '../audio/audio-format.js';
import { encodeAudio } from '../audio/pcm.js';
import { resample } from '../audio/resampler.js';
import { FramePacer, splitIntoFrames } from '../audio/frame-pacer.js';
import { generateHoldPattern } from '../audio/tone-generator.js';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../log/logger.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import type { RenderedPrompt } from '../scripts/scripts-library.js';
import type { Scheduler } from '../time/scheduler.js';
import type { AudioOutlet } from './media-channel.js';
import type { SpeechProgress } from './session-ports.js';
import type { BotVoice } from './talk-timeline.js';

/** Outbound audio goes out in 20 ms frames, the telephone packet size. */
export const FRAME_MS = 20;

/** Synthesized audio in a wire format, as 20 ms frames (views of one encoded payload). */
interface WireAudio {
  readonly frames: readonly Uint8Array[];
  readonly durationMs: number;
}

/**
 * Wire frames already made from synthesized samples, per outbound format. Synthesized audio is
 * read-only and a cached prompt is the same samples on every call, so a prompt heard on hundreds
 * of calls is resampled, encoded and cut once, and no call holds a copy of it; an entry goes when
 * its samples are collected (evicted from the TTS cache, or never cached).
 */
const wireAudioMemo = new WeakMap<Int16Array, Map<string, WireAudio>>();

function toWireAudio(audio: PcmAudio, format: AudioFormat): WireAudio {
  const formatKey = `${format.encoding}/${format.sampleRateHz}/${format.byteOrder ?? 'le'}`;
  let byFormat = wireAudioMemo.get(audio.samples);
  const memo = byFormat?.get(formatKey);
  if (memo !== undefined) return memo;
  const samples = audio.sampleRateHz === format.sampleRateHz ? audio.samples : resample(audio.samples, audio.sampleRateHz, format.sampleRateHz);
  const payload = encodeAudio(samples, format);
  const bytesPerFrame = (payload.length / Math.max(1, samples.length)) * (format.sampleRateHz * FRAME_MS) / 1000;
  const wire: WireAudio = {
    frames: splitIntoFrames(payload, Math.round(bytesPerFrame)),
    durationMs: Math.round((samples.length / format.sampleRateHz) * 1000),
  };
  if (byFormat === undefined) {
    byFormat = new Map();
    wireAudioMemo.set(audio.samples, byFormat);
  }
  byFormat.set(formatKey, wire);
  return wire;
}

/** Hold audio is queued a second at a time: ending the hold cuts it at once, and a line said on hold waits at most that long. */
const HOLD_CHUNK_MS = 1000;
/** The hold pattern at each outbound sample rate, generated once per process. */
const holdAudioByRate = new Map<number, PcmAudio>();
/** The hold pattern in each wire format, cut into chunks; shared by every call on hold, like a prompt's frames. */
const holdChunksByWire = new WeakMap<WireAudio, readonly (readonly Uint8Array[])[]>();
/** Every hold chunk, to tell hold frames from a prompt's when they leave. */
const holdChunkSet = new WeakSet<readonly Uint8Array[]>();

function holdChunks(format: AudioFormat): readonly (readonly Uint8Array[])[] {
  let audio = holdAudioByRate.get(format.sampleRateHz);
  if (audio === undefined) {
    audio = { samples: generateHoldPattern(format.sampleRateHz), sampleRateHz: format.sampleRateHz };
    holdAudioByRate.set(format.sampleRateHz, audio);
  }
  const wire = toWireAudio(audio, format);
  let chunks = holdChunksByWire.get(wire);
  if (chunks === undefined) {
    const perChunk = HOLD_CHUNK_MS / FRAME_MS;
    const cut: Uint8Array[][] = [];
    for (let i = 0; i < wire.frames.length; i += perChunk) cut.push(wire.frames.slice(i, i + perChunk));
    for (const chunk of cut) holdChunkSet.add(chunk);
    chunks = cut;
    holdChunksByWire.set(wire, chunks);
  }
  return chunks;
}

/**
 * How long frames `start` to `start + count − 1` of one utterance play: 20 ms each, but a frame
 * shorter than the utterance's first (the remainder at its end) only as long as its audio.
 */
function playedMs(frames: readonly Uint8Array[], start: number, count: number): number {
  const full = frames[0]?.length ?? 0;
  if (full === 0) return 0;
  let ms = 0;
  for (let i = start; i < start + count; i += 1) ms += (FRAME_MS * Math.min(full, frames[i]?.length ?? 0)) / full;
  return ms;
}

/** An utterance that will never be heard: whoever waits for its first frame is told so, once. */
function dropProgress(utterance: Utterance): void {
  const progress = utterance.progress;
  delete utterance.progress;
  progress?.dropped();
}

interface Utterance {
  readonly id: string;
  readonly prompt: RenderedPrompt;
  durationMs: number;
  firstFrameAtMs?: number;
  state: 'synthesizing' | 'queued' | 'sending' | 'sent' | 'played' | 'interrupted';
  /** Told when the audio is ready and its first frame leaves, or that it never will (see SpeechProgress). */
  progress?: SpeechProgress;
}

/** What was cut short by a barge-in: the prompt and how much of it the caller heard. */
export interface Interruption {
  readonly promptId: string;
  readonly heardMs: number;
  readonly durationMs: number;
}

/** What Playback needs from the call. */
export interface PlaybackOptions {
  /** Where the frames go: the call's media channel. */
  readonly outlet: AudioOutlet;
  readonly tts: TtsProvider;
  readonly locale: Locale;
  readonly scheduler: Scheduler;
  /** Outbound frames sent together (see VoiceCallOptions.framesPerSend); 1 when omitted. */
  readonly framesPerSend?: number;
  readonly logger: Logger;
  /** Called when everything queued has been played (its mark echoed) or cleared. */
  readonly onIdle: () => void;
  /** Called when a synthesis fails; the prompt is skipped. */
  readonly onError: (error: unknown, prompt: RenderedPrompt) => void;
  /** Called when the first frame of an utterance leaves, with the prompt id. */
  readonly onFirstFrame?: (promptId: string) => void;
  /** Told of every burst of speech sent and every clear, for the call's talk time (hold audio is not speech). */
  readonly talk?: BotVoice;
}

/**
 * The bot's voice on one call: synthesizes prompts in order, converts them to the provider's
 * outbound format, paces them out in 20 ms frames with a mark after each utterance, and knows
 * from the echoed marks what the caller has actually heard. Only what the caller heard counts.
 */
export class Playback {
  private readonly options: PlaybackOptions;
  private readonly format: AudioFormat;
  private readonly pacer: FramePacer;
  private readonly utterances = new Map<string, Utterance>();
  private order: string[] = [];
  private synthesis: Promise<void> = Promise.resolve();
  private nextId = 1;
  /** Hold audio loops after what is queued, until `endHold()` (see `hold`). */
  private onHold = false;
  /** The mark of the hold chunk queued now, and the chunk of the pattern that comes next. */
  private holdMark: string | undefined;
  private nextHoldChunk = 0;

  constructor(options: PlaybackOptions) {
    this.options = options;
    this.format = options.outlet.outboundFormat;
    this.pacer = new FramePacer({
      scheduler: options.scheduler,
      frameMs: FRAME_MS,
      ...(options.framesPerSend !== undefined ? { framesPerSend: options.framesPerSend } : {}),
      onFrames: (frames, start, count) => this.sendFrames(frames, start, count),
      onMark: (name) => {
        if (name === this.holdMark) {
          // A hold chunk is all sent: the next follows it with no gap, after anything said meanwhile.
          this.holdMark = undefined;
          if (this.onHold) this.queueHoldChunk();
          return;
        }
        const utterance = this.utterances.get(name);
        if (utterance !== undefined && utterance.state === 'sending') utterance.state = 'sent';
        options.outlet.mark(name);
      },
    });
  }

  /** True while any utterance is being synthesized, queued, or played and not yet confirmed heard. */
  get speaking(): boolean {
    return this.order.length > 0;
  }

  /** True when the utterance being heard now may be cut by a barge-in. */
  get interruptible(): boolean {
    const current = this.current();
    return current === undefined || current.prompt.interruptible;
  }

  /** True while the caller is on hold (see `hold`). */
  get holding(): boolean {
    return this.onHold;
  }

  /**
   * Puts the caller on hold: after everything queued (the hold line), the hold pattern loops until
   * `endHold()`, so a caller waiting for a person never hears silence. Hold audio is not speech:
   * it sends no marks, `speaking` and `onIdle` do not count it, a barge-in does not end it (it
   * resumes at once), and a prompt said meanwhile plays between two of its chunks.
   */
  hold(): void {
    if (this.onHold) return;
    this.onHold = true;
    // After the prompts said before it, which may still be synthesizing: the hold line comes first.
    this.synthesis = this.synthesis.then(() => {
      if (this.onHold && this.holdMark === undefined) this.queueHoldChunk();
    });
  }

  /** Ends the hold: the hold chunk still queued is dropped at once (the provider plays out at most the burst it holds). */
  endHold(): void {
    if (!this.onHold) return;
    this.onHold = false;
    if (this.holdMark !== undefined) this.pacer.cut(this.holdMark);
    this.holdMark = undefined;
  }

  /** Queues a prompt; prompts play in the order they are said. `progress` hears how its audio gets to the caller. */
  speak(prompt: RenderedPrompt, progress?: SpeechProgress): void {
    const utterance: Utterance = { id: `utt-${this.nextId++}`, prompt, durationMs: 0, state: 'synthesizing', ...(progress !== undefined ? { progress } : {}) };
    this.utterances.set(utterance.id, utterance);
    this.order.push(utterance.id);
    this.synthesis = this.synthesis.then(async () => {
      if (utterance.state !== 'synthesizing') return;
      try {
        const audio = await this.options.tts.synthesize({ text: prompt.text, locale: this.options.locale });
        if (utterance.state !== 'synthesizing') return;
        this.enqueue(utterance, audio);
      } catch (error) {
        // The call hears of it first: what it says instead is queued before this one is forgotten.
        this.options.onError(error, prompt);
        this.forget(utterance.id);
      }
    });
  }

  /** Waits until every queued prompt has been synthesized and handed to the pacer. */
  async synthesized(): Promise<void> {
    await this.synthesis;
  }

  /**
   * Barge-in: stops playback now (the provider's clear), drops everything queued, and reports the
   * utterance that was cut with how much of it was heard.
   */
  interrupt(): Interruption | undefined {
    const current = this.current();
    this.pacer.clear();
    this.options.outlet.clear();
    this.options.talk?.botCut(this.options.scheduler.nowMs());
    for (const id of this.order) {
      const utterance = this.utterances.get(id);
      if (utterance === undefined) continue;
      utterance.state = 'interrupted';
      dropProgress(utterance);
    }
    this.order = [];
    this.utterances.clear();
    // The hold was cleared with the rest: the caller, still waiting, hears it again at once.
    this.holdMark = undefined;
    if (this.onHold) this.queueHoldChunk();
    if (current === undefined) return undefined;
    const heardMs = current.firstFrameAtMs === undefined ? 0 : Math.min(current.durationMs, this.options.scheduler.nowMs() - current.firstFrameAtMs);
    return { promptId: current.prompt.promptId, heardMs, durationMs: current.durationMs };
  }

  /** The provider reports that playback reached a mark (or that it was cleared unheard). */
  markReached(name: string, cleared: boolean): void {
    const utterance = this.utterances.get(name);
    if (utterance === undefined) return;
    utterance.state = cleared ? 'interrupted' : 'played';
    // Marks echo in order; everything before this one has been played too.
    const index = this.order.indexOf(name);
    for (const id of this.order.slice(0, index + 1)) this.utterances.delete(id);
    this.order = this.order.slice(index + 1);
    if (this.order.length === 0) this.options.onIdle();
  }

  /** Drops everything queued or playing, without a clear to the provider (the call is over, or about to say why it must end). */
  stop(): void {
    this.onHold = false;
    this.holdMark = undefined;
    this.pacer.clear();
    // Prompts still waiting for synthesis see this and are never sent.
    for (const utterance of this.utterances.values()) {
      utterance.state = 'interrupted';
      dropProgress(utterance);
    }
    this.order = [];
    this.utterances.clear();
  }

  /** Falls silent for good: everything queued, hold audio included, is dropped, and what the provider holds with it (a clear). */
  silence(): void {
    this.stop();
    this.options.outlet.clear();
    this.options.talk?.botCut(this.options.scheduler.nowMs());
  }

  /** The prompt an utterance's mark belongs to, while it is still playing; undefined for marks of nothing playing. */
  promptOfMark(name: string): string | undefined {
    return this.utterances.get(name)?.prompt.promptId;
  }

  private current(): Utterance | undefined {
    for (const id of this.order) {
      const utterance = this.utterances.get(id);
      if (utterance !== undefined) return utterance;
    }
    return undefined;
  }

  private enqueue(utterance: Utterance, audio: PcmAudio): void {
    const wire = toWireAudio(audio, this.format);
    utterance.durationMs = wire.durationMs;
    utterance.state = 'queued';
    // Before the pacer has it: when nothing is playing, its first frame leaves within enqueue().
    utterance.progress?.ready(this.options.scheduler.nowMs());
    this.pacer.enqueue(wire.frames, utterance.id);
  }

  /** Sends frames `start` to `start + count − 1` of one utterance: one message where the provider allows it. */
  private sendFrames(frames: readonly Uint8Array[], start: number, count: number): void {
    const nowMs = this.options.scheduler.nowMs();
    // Hold audio going out is no prompt's first frame, and not the bot talking.
    const hold = holdChunkSet.has(frames);
    const current = hold ? undefined : this.firstUnsent();
    const starting = current?.state === 'queued' ? current : undefined;
    if (!hold) this.options.talk?.botAudio(nowMs, playedMs(frames, start, count), starting !== undefined);
    if (starting !== undefined) {
      starting.firstFrameAtMs = nowMs;
      starting.state = 'sending';
      const progress = starting.progress;
      delete starting.progress;
      progress?.started(nowMs);
      this.options.onFirstFrame?.(starting.prompt.promptId);
    }
    this.options.outlet.sendAudio(frames, start, count);
  }

  /** The utterance whose frames are leaving now (or next): called for every burst, so no copies. */
  private firstUnsent(): Utterance | undefined {
    for (const id of this.order) {
      const utterance = this.utterances.get(id);
      if (utterance?.state === 'queued' || utterance?.state === 'sending') return utterance;
    }
    return undefined;
  }

  private queueHoldChunk(): void {
    const chunks = holdChunks(this.format);
    const chunk = chunks[this.nextHoldChunk % chunks.length] ?? [];
    this.nextHoldChunk += 1;
    this.holdMark = `hold-${this.nextId++}`;
    this.pacer.enqueue(chunk, this.holdMark);
  }

  private forget(id: string): void {
    const utterance = this.utterances.get(id);
    if (utterance !== undefined) dropProgress(utterance);
    this.utterances.delete(id);
    this.order = this.order.filter((other) => other !== id);
    if (this.order.length === 0) this.options.onIdle();
  }
}
