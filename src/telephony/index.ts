export type { FrameError, MediaEvent, OutboundFrame, ParseResult } from './media-event.js';
export type { MediaSerializer, MediaSerializerFactory } from './serializer.js';
export { createTwilioSerializer, type TwilioSerializerOptions } from './twilio-serializer.js';
export { createTelnyxSerializer, type TelnyxSerializerOptions } from './telnyx-serializer.js';
export { createPlivoSerializer, type PlivoSerializerOptions } from './plivo-serializer.js';
export { VONAGE_FRAME_MS, createVonageSerializer, type VonageSerializerOptions } from './vonage-serializer.js';
export {
  JAMBONZ_MAX_PENDING_MARKS,
  createJambonzSerializer,
  type JambonzSerializer,
  type JambonzSerializerOptions,
} from './jambonz-serializer.js';
export {
  MAX_FRAME_BYTES,
  MAX_OUTBOUND_PAYLOAD_BYTES,
  checkFrameSize,
  decodeBase64,
  encodeBase64,
  parseJsonFrame,
  type FrameFailure,
  type MediaErrorCode,
  type Parsed,
  type SerializerOptions,
} from './frame-parsing.js';
export { MAX_PENDING_MARKS, PendingMarks, type MarkState } from './pending-marks.js';
export { DEFAULT_REORDER_WINDOW, ReorderBuffer } from './reorder-buffer.js';
export { TELEPHONY_ADAPTERS, telephonyAdapterFor, type StreamAuthSettings, type TelephonyAdapter, type UpgradeCredentials, type UpgradeRequest } from './telephony-adapters.js';
