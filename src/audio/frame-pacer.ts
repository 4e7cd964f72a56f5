import type { Scheduler, TimerHandle } from '../time/scheduler.js';

/** Settings of a FramePacer. */
export interface FramePacerOptions {
  /** The call's scheduler: the pacer keeps the same time as everything else in the call. */
  readonly scheduler: Scheduler;
  /** Duration of one frame; 20 ms is the telephone packet size. */
  readonly frameMs?: number;
  /**
   * Frames sent together, every `framesPerSend · frameMs` (default 1). Every provider buffers what
   * it is sent and empties its buffer on a clear, so a burst of a few frames costs a barge-in
   * nothing, while it divides the timers and socket writes per second of speech by this number.
   */
  readonly framesPerSend?: number;
  /**
   * Sends `count` frames to the provider: `frames[start]` to `frames[start + count − 1]`, the
   * frames of one `enqueue()` that are due together (read in place, so a burst costs no array).
   */
  readonly onFrames: (frames: readonly Uint8Array[], start: number, count: number) => void;
  /** Called right after the last frame queued before a mark has been sent. */
  readonly onMark?: (name: string) => void;
}

/** Default frame duration: the 20 ms packet of telephone RTP and of every media-stream provider. */
const DEFAULT_FRAME_MS = 20;

/**
 * Cuts an encoded payload into frames of `frameBytes`; the last frame keeps the remainder and may
 * be shorter (it is not padded, so no silence is invented). Frames are views of `payload`, not copies.
 */
export function splitIntoFrames(payload: Uint8Array, frameBytes: number): Uint8Array[] {
  if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive whole number, got ${frameBytes}`);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < payload.length; offset += frameBytes) frames.push(payload.subarray(offset, offset + frameBytes));
  return frames;
}

/**
 * Frames `start` to `start + count − 1` as one payload: the inverse of splitIntoFrames. Frames it
 * cut are consecutive views of one payload, so for them this is a view too, not a copy; frames
 * from anywhere else are copied.
 */
export function joinFrames(frames: readonly Uint8Array[], start: number, count: number): Uint8Array {
  const first = frames[start];
  if (first === undefined || count <= 1) return first ?? new Uint8Array(0);
  let length = 0;
  let contiguous = true;
  for (let i = start; i < start + count; i += 1) {
    const frame = frames[i] ?? new Uint8Array(0);
    contiguous &&= frame.buffer === first.buffer && frame.byteOffset === first.byteOffset + length;
    length += frame.length;
  }
  if (contiguous) return new Uint8Array(first.buffer, first.byteOffset, length);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (let i = start; i < start + count; i += 1) {
    const frame = frames[i] ?? new Uint8Array(0);
    joined.set(frame, offset);
    offset += frame.length;
  }
  return joined;
}

/**
 * One `enqueue()`: the caller's frames, read in place, and the mark that follows them. The queue
 * holds one of these per utterance rather than a pointer per frame: a prompt's frames are shared
 * by every call playing it, and a per-call copy of them would live for seconds, long enough to be
 * promoted and cost a major collection later.
 */
interface Segment {
  readonly frames: readonly Uint8Array[];
  /** The next frame of `frames` to send. */
  next: number;
  readonly markName: string | undefined;
}

/**
 * Sends outbound frames in real time, `framesPerSend` frames every `framesPerSend · frameMs`, so the
 * provider holds at most that many frames ahead of what the caller hears and a barge-in can stop
 * the bot at once. Frame k of a stream is due at start + k·frameMs and is sent with its burst, up
 * to `(framesPerSend − 1) · frameMs` early; when a timer fires late every frame already due goes
 * at once, so playback catches up rather than drifting. Marks are reported when the frames before
 * them are sent.
 *
 * @example
 * const pacer = new FramePacer({ scheduler, onFrames: (frames, start, count) => { for (let i = start; i < start + count; i += 1) socket.send(frames[i]); }, onMark: (name) => sendMark(name) });
 * pacer.enqueue(splitIntoFrames(mulawBytes, 160), 'utterance-1');
 */
export class FramePacer {
  private readonly scheduler: Scheduler;
  private readonly frameMs: number;
  /** How far ahead of its due time a frame may leave: the rest of its burst. */
  private readonly leadMs: number;
  private readonly onFrames: (frames: readonly Uint8Array[], start: number, count: number) => void;
  private readonly onMark: ((name: string) => void) | undefined;
  /** Segments not yet wholly sent (or whose mark is not yet reported), oldest first. */
  private segments: Segment[] = [];
  private enqueuedFrames = 0;
  private sentFrames = 0;
  /** When the next frame may be sent; undefined until the first frame, and after `clear()`. */
  private nextDueMs: number | undefined;
  private timer: { readonly handle: TimerHandle } | undefined;
  private sending = false;

  constructor(options: FramePacerOptions) {
    const frameMs = options.frameMs ?? DEFAULT_FRAME_MS;
    if (!(frameMs > 0)) throw new RangeError(`frameMs must be positive, got ${frameMs}`);
    const framesPerSend = options.framesPerSend ?? 1;
    if (!Number.isInteger(framesPerSend) || framesPerSend < 1) throw new RangeError(`framesPerSend must be a whole number of at least 1, got ${framesPerSend}`);
    this.scheduler = options.scheduler;
    this.frameMs = frameMs;
    this.leadMs = (framesPerSend - 1) * frameMs;
    this.onFrames = options.onFrames;
    this.onMark = options.onMark;
  }

  /** Milliseconds of audio queued and not yet sent (each frame counts as `frameMs`, a short last frame too). */
  get queuedMs(): number {
    return (this.enqueuedFrames - this.sentFrames) * this.frameMs;
  }

  /**
   * Queues frames, then a mark named `markName` if given; when nothing was playing, the first
   * frame is sent before this returns. `frames` is read in place, not copied: it must not change
   * while it is queued.
   */
  enqueue(frames: readonly Uint8Array[], markName?: string): void {
    const wasIdle = this.enqueuedFrames === this.sentFrames;
    if (frames.length === 0 && markName === undefined) return;
    this.segments.push({ frames, next: 0, markName });
    this.enqueuedFrames += frames.length;
    if (this.sending || this.timer !== undefined) return;
    const nowMs = this.scheduler.nowMs();
    // After an underrun the stream restarts now rather than bursting to make up lost time; before
    // the last frame has finished playing it waits, keeping the lead at one frame.
    if (wasIdle && (this.nextDueMs === undefined || this.nextDueMs < nowMs)) this.nextDueMs = nowMs;
    this.sendDue();
  }

  /** Drops every queued frame and mark (barge-in) and returns the names of the marks never reached. */
  clear(): string[] {
    const dropped: string[] = [];
    for (const segment of this.segments) if (segment.markName !== undefined) dropped.push(segment.markName);
    this.segments = [];
    this.sentFrames = this.enqueuedFrames;
    this.nextDueMs = undefined;
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer.handle);
    this.timer = undefined;
    return dropped;
  }

  /**
   * Drops what is still unsent of the frames queued with mark `markName`, and the mark, leaving
   * everything else queued in order: what follows goes out right after the frames already sent, with
   * no gap. Returns false when no such mark is queued (its frames have all been sent).
   */
  cut(markName: string): boolean {
    const index = this.segments.findIndex((segment) => segment.markName === markName);
    const segment = this.segments[index];
    if (segment === undefined) return false;
    this.segments.splice(index, 1);
    this.enqueuedFrames -= segment.frames.length - segment.next;
    if (this.segments.length === 0 && this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
    return true;
  }

  /** Sends every frame due by now (and the marks they reach), then waits for the next one. */
  private sendDue(): void {
    this.sending = true;
    try {
      const nowMs = this.scheduler.nowMs();
      const sendUntilMs = nowMs + this.leadMs;
      this.reachMarks();
      let segment = this.segments[0];
      while (segment !== undefined && this.nextDueMs !== undefined && this.nextDueMs <= sendUntilMs) {
        // The frames of this segment that are due, sent together.
        const start = segment.next;
        let count = 0;
        while (segment.next < segment.frames.length && this.nextDueMs <= sendUntilMs) {
          this.nextDueMs += this.durationOf(segment, segment.next);
          segment.next += 1;
          count += 1;
        }
        this.sentFrames += count;
        if (count > 0) this.onFrames(segment.frames, start, count);
        // onFrames may have cleared the queue (a barge-in): then there is nothing left to reach.
        this.reachMarks();
        segment = this.segments[0];
      }
      if (this.segments[0] !== undefined && this.nextDueMs !== undefined) {
        const handle = this.scheduler.setTimeout(() => {
          this.timer = undefined;
          this.sendDue();
        }, this.nextDueMs - nowMs);
        this.timer = { handle };
      }
    } finally {
      this.sending = false;
    }
  }

  /**
   * How long frame `index` of a segment plays: `frameMs`, but a frame shorter than the segment's
   * first (the remainder at the end of an utterance) only as long as its audio lasts, so that what
   * follows it — the next prompt, hold audio — is due the moment it ends, with no gap for the caller.
   */
  private durationOf(segment: Segment, index: number): number {
    const full = segment.frames[0]?.length ?? 0;
    const length = segment.frames[index]?.length ?? full;
    return full > 0 && length < full ? (this.frameMs * length) / full : this.frameMs;
  }

  /** Retires the segments at the head whose frames have all been sent, reporting their marks. */
  private reachMarks(): void {
    let segment = this.segments[0];
    while (segment !== undefined && segment.next >= segment.frames.length) {
      this.segments.shift();
      if (segment.markName !== undefined) this.onMark?.(segment.markName);
      segment = this.segments[0];
    }
  }
}
