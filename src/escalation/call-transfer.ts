import type { HandoffPacket, HandoffResult } from './handoff.js';

/**
 * How the call's own telephony provider puts the caller through to a target (a phone number in
 * E.164 or a sip:/sips: URI): Twilio's REST update with <Dial>, Telnyx's transfer command, Plivo's
 * transfer, Vonage's NCCO transfer, jambonz's redirect or SIP REFER. Resolves with the outcome as
 * far as the provider tells it (bridged with the target, or why not); it should not reject.
 * `signal` aborts when the hand-off is over from dunbot's side (ring timeout, caller hung up).
 */
export interface CallTransfer {
  readonly provider: string;
  transfer(target: string, packet: HandoffPacket, signal: AbortSignal): Promise<HandoffResult>;
}

/** A phone number in E.164 form, or a SIP URI: the only targets a transfer accepts. */
export function isTransferTarget(target: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(target) || /^sips?:[^\s<>"]{3,256}$/i.test(target);
}
