import { Buffer } from 'node:buffer';
import { isDunbotError } from '../../src/errors.js';
import type { FrameError, MediaEvent, OutboundFrame, ParseResult } from '../../src/telephony/index.js';

/** 20 ms (160 bytes) of a 400 Hz tone in G.711 μ-law, base64, as a provider would send it. */
export const ULAW_400HZ_BASE64 =
  '/7utpqGgoaatu/87LSYhICEmLTv/u62moaChpq27/zstJiEgISYtO/+7raahoKGmrbv/Oy0mISAhJi07/7utpqGgoaatu/87LSYhICEmLTv/u62moaChpq27/zstJiEgISYtO/+7raahoKGmrbv/Oy0mISAhJi07/7utpqGgoaatu/87LSYhICEmLTv/u62moaChpq27/zstJiEgISYtOw==';

/** 20 ms (160 bytes) of a 600 Hz tone in G.711 μ-law, base64. */
export const ULAW_600HZ_BASE64 =
  '/7KmoKGpu0otIyAjLUq7qaGgprL/MiYgISk7yq2joKOtyjspISAmMv+ypqChqbtKLSMgIy1Ku6mhoKay/zImICEpO8qto6Cjrco7KSEgJjL/sqagoam7Si0jICMtSrupoaCmsv8yJiAhKTvKraOgo63KOykhICYy/7KmoKGpu0otIyAjLUq7qaGgprL/MiYgISk7yq2joKOtyjspISAmMg==';

/** Base64 with a character outside the alphabet (Buffer.from would silently skip it). */
export const BAD_BASE64 = `${ULAW_400HZ_BASE64.slice(0, 20)}!${ULAW_400HZ_BASE64.slice(21)}`;

/** A text frame that is not valid UTF-8. */
export const INVALID_UTF8 = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

/** The raw bytes of a base64 string, as a plain Uint8Array. */
export function bytesOf(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** `count` bytes counting up from `start` (mod 256), to tell frames apart. */
export function rampBytes(count: number, start = 0): Uint8Array {
  return Uint8Array.from({ length: count }, (_, index) => (start + index) % 256);
}

/** The events of a successful parse; fails the test with the error code otherwise. */
export function eventsOf(result: ParseResult): readonly MediaEvent[] {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.events;
}

/** The error of a rejected parse; fails the test if the frame was accepted. */
export function errorOf(result: ParseResult): FrameError {
  if (result.ok) throw new Error(`expected an error, got events ${result.events.map((event) => event.type).join(", ")}`);
  return result.error;
}

/** The JSON objects of outbound text frames; fails on a binary frame. */
export function jsonOf(frames: readonly OutboundFrame[]): unknown[] {
  return frames.map((frame) => {
    if (frame.binary || typeof frame.data !== 'string') throw new Error('expected a text frame');
    return JSON.parse(frame.data) as unknown;
  });
}

/** The bytes of outbound binary frames; fails on a text frame. */
export function bytesOfFrames(frames: readonly OutboundFrame[]): Uint8Array[] {
  return frames.map((frame) => {
    if (!frame.binary || typeof frame.data === 'string') throw new Error('expected a binary frame');
    return frame.data;
  });
}

/** A JSON text frame as a provider sends it. */
export function text(value: unknown): string {
  return JSON.stringify(value);
}

/** A text frame larger than the 64 KiB default limit that is otherwise a valid JSON event. */
export function oversizedFrame(event: Record<string, unknown>): string {
  return text({ ...event, padding: 'x'.repeat(64 * 1024) });
}

/** The DunbotError code `action` throws, or undefined when it returns. */
export function thrownCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isDunbotError(error) ? error.code : 'not a DunbotError';
  }
  return undefined;
}
