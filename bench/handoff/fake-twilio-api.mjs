// @ts-check
/**
 * A local stand-in for Twilio's REST Calls API, in the process of the simulated phones so that the
 * arrival of dunbot's requests and the phones' own sends are stamped on one clock
 * (`performance.now()`). It answers at once, as Twilio documents: a dial gets 201 and a queued
 * call, a read gets the call, an update gets 200.
 *
 * Each caller's call is given its own Twilio number (`to`, the number the debtor dialled). With no
 * DUNBOT_HANDOFF_CALLER_ID, dunbot reads the caller's call and dials the agent from that number, so
 * the `From` of a dial names the call it belongs to while the call is still live: the phone can hang
 * up as soon as both its hold line and its dial have arrived, whatever the concurrency.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * What the API saw of one caller's call.
 * @typedef {object} ApiCall
 * @property {string} callSid The caller's CallSid (the phone's).
 * @property {string} number The Twilio number the debtor dialled: dunbot's side of the call.
 * @property {number} [readAtMs] When dunbot's read of the caller's call had arrived (`performance.now()`).
 * @property {number} [dialAtMs] When dunbot's dial of the agent had arrived.
 * @property {Record<string, string[]>} [dialForm] The dial request's form.
 * @property {string} [agentSid] The CallSid given to the agent's leg.
 * @property {number} [agentEndedAtMs] When dunbot's update ending the agent's leg had arrived.
 * @property {string} [agentEndStatus] The status that update asked for (`canceled`, `completed`).
 * @property {() => void} [onDial] Called when the dial has arrived.
 */

export class FakeTwilioApi {
  /**
   * @param {{ accountSid: string, authToken: string }} account
   */
  constructor(account) {
    this.accountSid = account.accountSid;
    this.authorization = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
    this.callsPath = `/2010-04-01/Accounts/${account.accountSid}/Calls`;
    /** @type {Map<string, ApiCall>} by the caller's CallSid */
    this.byCallerSid = new Map();
    /** @type {Map<string, ApiCall>} by the caller's Twilio number */
    this.byNumber = new Map();
    /** @type {Map<string, ApiCall>} by the agent leg's CallSid */
    this.byAgentSid = new Map();
    /** Requests the API refused or could not place (wrong credentials, an unknown call or path). */
    this.refused = /** @type {{ method: string, path: string, status: number }[]} */ ([]);
    this.requests = 0;
    this.nextNumber = 0;
    this.server = createServer((request, response) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      request.on('data', (chunk) => chunks.push(chunk));
      // Stamped when the whole request has arrived: the moment Twilio could act on it.
      request.on('end', () => {
        const atMs = performance.now();
        const answer = this.answer(request.method ?? '', request.url ?? '', request.headers.authorization, Buffer.concat(chunks).toString('utf8'), atMs);
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
      });
    });
  }

  /** @returns {Promise<string>} the API's base URL */
  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the fake Twilio API is not on a TCP port');
    return `http://127.0.0.1:${address.port}`;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }

  /**
   * Makes a caller's call known to the API, with a Twilio number of its own.
   * @param {string} callSid
   * @returns {ApiCall}
   */
  register(callSid) {
    this.nextNumber += 1;
    const call = { callSid, number: `+1555${String(2_000_000 + this.nextNumber)}` };
    this.byCallerSid.set(callSid, call);
    this.byNumber.set(call.number, call);
    return call;
  }

  /**
   * @param {string} method @param {string} path @param {string | undefined} authorization @param {string} body @param {number} atMs
   * @returns {{ status: number, body: unknown }}
   */
  answer(method, path, authorization, body, atMs) {
    this.requests += 1;
    const refuse = (/** @type {number} */ status, /** @type {string} */ message) => {
      this.refused.push({ method, path, status });
      return { status, body: { code: status === 401 ? 20003 : 20404, message, status } };
    };
    if (authorization !== this.authorization) return refuse(401, 'Authenticate');
    /** @type {Record<string, string[]>} */
    const form = {};
    for (const [name, value] of new URLSearchParams(body)) (form[name] ??= []).push(value);
    if (method === 'POST' && path === `${this.callsPath}.json`) {
      const call = this.byNumber.get(form['From']?.[0] ?? '');
      if (call === undefined) return refuse(404, 'no call of this benchmark has that number');
      const agentSid = `CA${randomBytes(16).toString('hex')}`;
      call.dialAtMs = atMs;
      call.dialForm = form;
      call.agentSid = agentSid;
      this.byAgentSid.set(agentSid, call);
      call.onDial?.();
      return { status: 201, body: { sid: agentSid, account_sid: this.accountSid, status: 'queued', to: form['To']?.[0], from: form['From']?.[0], direction: 'outbound-api' } };
    }
    const sid = new RegExp(`^${this.callsPath}/(CA[0-9a-f]{32})\\.json$`).exec(path)?.[1];
    if (sid === undefined) return refuse(404, 'The requested resource was not found');
    if (method === 'GET') {
      const call = this.byCallerSid.get(sid);
      if (call === undefined) return refuse(404, 'The requested resource was not found');
      call.readAtMs ??= atMs;
      // The debtor dialled in: dunbot's own number is the call's To.
      return { status: 200, body: { sid, account_sid: this.accountSid, status: 'in-progress', to: call.number, from: '+15551230001', direction: 'inbound' } };
    }
    if (method === 'POST') {
      const call = this.byAgentSid.get(sid);
      if (call === undefined) return refuse(404, 'The requested resource was not found');
      const status = form['Status']?.[0] ?? 'in-progress';
      call.agentEndedAtMs ??= atMs;
      call.agentEndStatus ??= status;
      return { status: 200, body: { sid, account_sid: this.accountSid, status } };
    }
    return refuse(404, 'The requested resource was not found');
  }
}
