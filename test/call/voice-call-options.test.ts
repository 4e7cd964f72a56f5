import { describe, expect, it } from 'vitest';
import { searchesAudioForKeys } from '../../src/call/voice-call-options.js';
import { TELEPHONY_ADAPTERS } from '../../src/telephony/telephony-adapters.js';

describe('in-band DTMF', () => {
  it('is searched for only where the provider may not report keys, unless set otherwise', () => {
    expect(searchesAudioForKeys('auto', true)).toBe(false);
    expect(searchesAudioForKeys('auto', false)).toBe(true);
    expect(searchesAudioForKeys('always', true)).toBe(true);
    expect(searchesAudioForKeys('never', false)).toBe(false);
  });

  it('is left to the providers whose streams carry key events (jambonz only with passDtmf)', () => {
    const reports = Object.fromEntries(Object.values(TELEPHONY_ADAPTERS).map((adapter) => [adapter.provider, adapter.createSerializer().reportsKeys]));
    expect(reports).toEqual({ twilio: true, telnyx: true, plivo: true, vonage: true, jambonz: false });
  });
});
