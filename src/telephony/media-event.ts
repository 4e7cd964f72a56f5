import type { AudioFormat } from '../audio/audio-format.js';

/**
 * What a telephony stream tells dunbot, whatever the provider: the stream started (with the
 * caller's audio format and the custom parameters the call was set up with), audio arrived, a key
 * was pressed, playback reached a mark (or the mark was cleared before it was heard), the stream
 * stopped. Every serializer turns its provider's frames into these.
 */
export type MediaEvent =
  | { readonly type: 'media.connected' }
  | {
      readonly type: 'media.start';
      /** The provider's stream id (Twilio streamSid, Telnyx stream_id, Plivo streamId); Vonage and jambonz send none, so theirs is generated. */
      readonly streamId: string;
      /** The provider's call id (Twilio callSid, Telnyx call_control_id, Plivo callId, jambonz callSid); undefined when the stream carries none (Vonage). */
      readonly callId?: string;
      readonly inboundFormat: AudioFormat;
      readonly customParameters: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'media.audio';
      /** Valid while the event is handled; it may share memory with other small buffers, so copy it to keep it. */
      readonly payload: Uint8Array;
      readonly timestampMs?: number;
      readonly sequence?: number;
    }
  | { readonly type: 'media.dtmf'; readonly digit: string; readonly durationMs?: number }
  | { readonly type: 'media.mark'; readonly name: string; readonly cleared: boolean }
  | { readonly type: 'media.cleared' }
  | { readonly type: 'media.stop'; readonly reason?: string }
  | { readonly type: 'media.provider_error'; readonly code: string; readonly detail: string };

/** One WebSocket message to send: text (JSON) or binary. */
export interface OutboundFrame {
  readonly data: string | Uint8Array;
  readonly binary: boolean;
}

/** Why an inbound frame was rejected; `code` is a DUN_ERR_MEDIA_* code, `fatal` closes the stream. */
export interface FrameError {
  readonly code: string;
  readonly message: string;
  readonly fatal: boolean;
}

/** The result of parsing one inbound frame: a bad frame costs that frame only, unless `fatal`. */
export type ParseResult =
  | { readonly ok: true; readonly events: readonly MediaEvent[] }
  | { readonly ok: false; readonly error: FrameError };
