import type { Locale } from '../../domain/locale.js';
import { escapeXml, TWIML_DECLARATION } from '../../telephony/twiml.js';

/** A `<Say>` voice and the language Twilio speaks it in. */
export interface TwimlVoice {
  readonly voice: string;
  readonly language: string;
}

/** Amazon Polly voices Twilio offers for each locale (Polly names Mandarin `cmn-CN`). */
export const DEFAULT_AGENT_VOICES: Readonly<Record<Locale, TwimlVoice>> = {
  'en-US': { voice: 'Polly.Joanna', language: 'en-US' },
  'zh-CN': { voice: 'Polly.Zhiyu', language: 'cmn-CN' },
};

/**
 * What dunbot says to the agent, in the summary's language. These lines are for the agent, never
 * the debtor, so they live here rather than in the scripts library the compliance guard checks.
 */
const AGENT_LINES: Readonly<Record<Locale, { readonly choose: string; readonly callerGone: string }>> = {
  'en-US': { choose: 'Press 1 to take the call. Press any other key to decline.', callerGone: 'The caller is no longer on the line. Goodbye.' },
  'zh-CN': { choose: '接听请按1，拒绝请按其他任意键。', callerGone: '客户已经不在线上了。再见。' },
};

/** The longest summary read to the agent: a whisper is a few sentences, and the agent is waiting. */
export const MAX_WHISPER_CHARS = 3000;

/** How long the agent has to press a key after the whisper, in seconds. */
export const DECISION_GATHER_S = 8;

function say(text: string, voice: TwimlVoice): string {
  return `<Say voice="${escapeXml(voice.voice)}" language="${escapeXml(voice.language)}">${escapeXml(text)}</Say>`;
}

/**
 * The agent's briefing: the summary, then "press 1 to take the call", inside one `<Gather>` so the
 * agent may press a key before the whisper ends. An empty result is posted too
 * (`actionOnEmptyResult`), so silence is a decision (decline) rather than falling through.
 */
export function briefingTwiml(summary: string, locale: Locale, voice: TwimlVoice, acceptUrl: string): string {
  const text = summary.length > MAX_WHISPER_CHARS ? `${summary.slice(0, MAX_WHISPER_CHARS - 1)}…` : summary;
  return [
    TWIML_DECLARATION,
    '<Response>',
    `<Gather input="dtmf" numDigits="1" action="${escapeXml(acceptUrl)}" method="POST" timeout="${DECISION_GATHER_S}" actionOnEmptyResult="true">`,
    say(text, voice),
    say(AGENT_LINES[locale].choose, voice),
    '</Gather>',
    '<Hangup/>',
    '</Response>',
  ].join('');
}

/** The TwiML that puts a leg into the hand-off's conference; the conference ends when either side leaves. */
export function conferenceTwiml(room: string): string {
  return `<Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true">${escapeXml(room)}</Conference></Dial></Response>`;
}

/** What the agent hears when they accepted but the caller could not be put through. */
export function callerGoneTwiml(locale: Locale, voice: TwimlVoice): string {
  return `${TWIML_DECLARATION}<Response>${say(AGENT_LINES[locale].callerGone, voice)}<Hangup/></Response>`;
}
