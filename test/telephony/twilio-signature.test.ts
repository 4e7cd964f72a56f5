import { describe, expect, it } from 'vitest';
import { computeTwilioSignature, isValidTwilioSignature } from '../../src/telephony/twilio-signature.js';

// The worked example of Twilio's request-validation documentation (auth token "12345").
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = (phone: string) => ({ CallSid: 'CA1234567890ABCDE', Caller: phone, Digits: '1234', From: phone, To: '+18005551212' });

describe('Twilio request signature', () => {
  it('matches the documented signatures', () => {
    expect(computeTwilioSignature(url, params('+14158675309'), '12345')).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(computeTwilioSignature(url, params('+14158675310'), '12345')).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('validates a WebSocket upgrade, which signs the wss URL alone', () => {
    const wss = 'wss://bot.example.com/media/twilio';
    const signature = computeTwilioSignature(wss, {}, 'secret-token');
    expect(isValidTwilioSignature(signature, wss, {}, 'secret-token')).toBe(true);
    expect(isValidTwilioSignature(signature, 'https://bot.example.com/media/twilio', {}, 'secret-token')).toBe(false);
    expect(isValidTwilioSignature(signature, wss, {}, 'other-token')).toBe(false);
    expect(isValidTwilioSignature('short', wss, {}, 'secret-token')).toBe(false);
  });
});
