/** The XML declaration every TwiML answer starts with. */
export const TWIML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** TwiML that ends the call: the harmless answer to a request dunbot has nothing to do for. */
export const HANGUP_TWIML = `${TWIML_DECLARATION}<Response><Hangup/></Response>`;

/** Text made safe for an XML attribute or element: nothing a caller or a summary says can add markup. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}
