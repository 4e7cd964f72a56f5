/**
 * The catalogue of every error code dunbot raises. Each code is documented in docs/errors.md
 * (a test fails when one is missing), so operators can look up any code they see in a log.
 */
export const ERROR_CODES = {
  DUN_ERR_CONFIG_INVALID: 'A configuration value or command-line option is invalid.',
  DUN_ERR_DEBTOR_INVALID: 'A debtor record does not match the debtor schema.',
  DUN_ERR_DEBTOR_NOT_FOUND: 'A debtor file could not be read.',
  DUN_ERR_SCRIPT_MISSING_PROMPT: 'A prompt exists in one locale of the scripts library but not in another, or a flow names a prompt that does not exist.',
  DUN_ERR_SCRIPT_UNKNOWN_VARIABLE: 'A prompt uses a variable that the scripts library does not declare.',
  DUN_ERR_SCRIPT_MISSING_VARIABLE: 'A prompt was rendered without a value for one of its variables.',
  DUN_ERR_SCRIPT_BAD_VARIABLE: 'A prompt variable was given a value of the wrong kind.',
  DUN_ERR_SCRIPT_PARSE: 'A scripts-library file is not valid JSON of the expected shape.',
  DUN_ERR_SCRIPT_PROHIBITED: 'A prompt contains a prohibited phrase (threat, false claim, insult or unlawful disclosure).',
  DUN_ERR_FLOW_UNKNOWN: 'No flow with the requested name is registered.',
  DUN_ERR_FLOW_CHECK_FAILED: 'The static check of a flow found unreachable states, dead ends or missing prompts.',
  DUN_ERR_CALL_EVENT_REJECTED: 'An event arrived that the call cannot accept in its current state (unknown type or call already ended).',
  DUN_ERR_STORE_WRITE: 'The call store could not write an event.',
  DUN_ERR_STORE_NOT_FOUND: 'No call record exists with the requested id.',
  DUN_ERR_NLU_LOCALE: 'The NLU has no classifier for the requested locale.',
  DUN_ERR_NLU_TIMEZONE: 'The time zone given to the NLU is not a valid IANA zone.',
  DUN_ERR_UNDERSTANDER_FAILED: 'An understander threw, rejected or returned a malformed result; the turn went on without its answer.',
  DUN_ERR_LLM_FAILED: 'The language-model understander got no valid classification: the request failed or timed out, or the reply was malformed.',
  DUN_ERR_LLM_UNAVAILABLE: 'The language-model understander is resting after consecutive failures (its circuit is open); turns go on without it.',
  DUN_ERR_MEDIA_BAD_JSON: 'A media-stream text frame is not valid UTF-8 JSON.',
  DUN_ERR_MEDIA_UNKNOWN_EVENT: 'A media-stream frame names an event the provider protocol does not define.',
  DUN_ERR_MEDIA_BAD_FRAME: 'A media-stream frame does not match the schema of its event (missing or mistyped field, wrong audio frame size, stream id of another stream).',
  DUN_ERR_MEDIA_BAD_BASE64: 'A media-stream audio payload is not valid base64.',
  DUN_ERR_MEDIA_OVERSIZED: 'A media-stream frame is larger than the serializer accepts (MAX_FRAME_BYTES, 64 KiB by default).',
  DUN_ERR_MEDIA_BEFORE_START: 'A media-stream frame that needs a started stream (audio, DTMF, mark) arrived before the start frame.',
  DUN_ERR_MEDIA_UNEXPECTED_BINARY: 'A binary frame arrived where the provider protocol allows only text.',
  DUN_ERR_MEDIA_UNEXPECTED_TEXT: 'Text arrived where the provider protocol allows only binary audio.',
  DUN_ERR_MEDIA_DUPLICATE_START: 'A second start frame arrived on a media stream that had already started.',
  DUN_ERR_MEDIA_UNSUPPORTED_FORMAT: 'A media stream started with an audio format dunbot cannot handle (codec, sample rate or channel layout).',
  DUN_ERR_MEDIA_NOT_STARTED: 'Outbound audio or a mark was requested before the stream started, so the stream id or audio format is unknown.',
  DUN_ERR_HTTP_BAD_REQUEST: 'An HTTP request could not be read: its body is malformed or larger than the route accepts.',
  DUN_ERR_HTTP_INTERNAL: 'An HTTP request failed inside the server; the request is answered 500 and the error is logged.',
  DUN_ERR_AUTH_REFUSED: 'A request or media stream was refused because it is not authenticated (bad or missing signature or token, a token used twice or on another endpoint).',
  DUN_ERR_TTS_UNAVAILABLE: 'The selected text-to-speech engine is not installed (the optional espeak-ng package was omitted).',
  DUN_ERR_TTS_FAILED: 'A text-to-speech provider failed to synthesize a prompt or returned audio that cannot be decoded.',
  DUN_ERR_ASR_FAILED: 'A speech recognizer failed: it could not load or start, the service returned an error, or an utterance went over a limit.',
  DUN_ERR_FIXTURE_INVALID: 'A call fixture could not be read or does not match the fixture format (its version, a field, the order of its events).',
  DUN_ERR_ASR_LOCALE: 'A speech recognizer was opened for a locale it does not support.',
  DUN_ERR_QA_RULES_INVALID: 'A quality-inspection rules file cannot be read or does not match the rules schema (the message names the rule and field).',
  DUN_ERR_QA_RECORD_INVALID: 'A call record given to the quality inspection is not JSON of the call record format.',
} as const;

/** A stable, documented error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code; `retryable` tells provider base classes whether to try again. */
export class DunbotError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DunbotError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a DunbotError, optionally with the given code. */
export function isDunbotError(error: unknown, code?: ErrorCode): error is DunbotError {
  return error instanceof DunbotError && (code === undefined || error.code === code);
}
