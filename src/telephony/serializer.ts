import type { AudioFormat } from '../audio/audio-format.js';
import type { OutboundFrame, ParseResult } from './media-event.js';

/**
 * Translates one connection's frames between a provider's wire protocol and MediaEvents, both
 * ways. A serializer only translates: it never hangs up or transfers (that is escalation/'s job).
 * One instance per connection, because outbound frames need the stream id from `start` and mark
 * bookkeeping is per stream.
 */
export interface MediaSerializer {
  /** The provider's name, as in the `/media/<provider>` path. */
  readonly provider: string;
  /**
   * True when the provider reports the caller's key presses as events on the stream, so the call
   * need not search the audio for tones (and a key is never heard twice). False when it may not:
   * jambonz sends them only if its `listen` verb has `passDtmf`, which the stream does not show.
   */
  readonly reportsKeys: boolean;
  /**
   * True when one audio message may carry several 20 ms frames: the provider plays a payload of
   * any length (Twilio; Telnyx from 20 ms to 30 s; Plivo up to 64 KB). A burst of paced frames then
   * leaves as one message instead of one per frame, which saves most of what sending audio costs.
   * False where every message must be exactly one frame (Vonage) or no larger size is documented
   * (jambonz).
   */
  readonly joinsAudioFrames: boolean;
  /** Parses one inbound WebSocket message. */
  parse(data: Uint8Array | string, isBinary: boolean): ParseResult;
  /** The format outbound audio must be in for `audio()`. */
  outboundFormat(): AudioFormat;
  /** Frames that play `payload` (already in the outbound format) to the caller. */
  audio(payload: Uint8Array): readonly OutboundFrame[];
  /** Frames that ask the provider to report when playback reaches this point. */
  mark(name: string): readonly OutboundFrame[];
  /** Frames that stop playback and drop buffered audio; marks still pending are reported as cleared. */
  clear(): readonly OutboundFrame[];
}

/** Creates a serializer for a new connection. */
export type MediaSerializerFactory = () => MediaSerializer;
