import { mulawToPcm } from '../audio/g711.js';
import type { CallRecord } from '../store/call-record.js';
import { FRAME_BYTES, FRAME_MS, type Fixture } from './fixture.js';
import type { HeardSpan, ReplayResult } from './replay-call.js';

/** A QA inspection of a call, as the report shows it (see `dunbot qa`). */
export interface ReportedInspection {
  readonly score: number;
  readonly vetoed: boolean;
  readonly findings: readonly { readonly ruleId: string; readonly kind: 'veto' | 'weighted'; readonly passed: boolean; readonly detail?: string }[];
}

/** One replayed call for the report: the replay, its fixture (for the caller's audio; none for a text scenario), and its inspection when one was made. */
export interface ReportedCall {
  readonly result: ReplayResult;
  readonly fixture?: Fixture;
  readonly inspection?: ReportedInspection;
}

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Where the caller spoke: 20 ms frames with speech energy, merged into stretches (a short pause does not split one). */
export function callerSpeech(fixture: Fixture, minRms = 500): HeardSpan[] {
  const spans: HeardSpan[] = [];
  for (const event of fixture.caller.events) {
    if (event.event !== 'audio') continue;
    const audio = Buffer.from(event.payload, 'base64');
    for (let frame = 0; frame * FRAME_BYTES < audio.length; frame += 1) {
      const samples = mulawToPcm(audio.subarray(frame * FRAME_BYTES, (frame + 1) * FRAME_BYTES));
      let energy = 0;
      for (const sample of samples) energy += sample * sample;
      if (Math.sqrt(energy / samples.length) < minRms) continue;
      const atMs = event.atMs + frame * FRAME_MS;
      const last = spans.at(-1);
      if (last !== undefined && atMs - (last.atMs + last.durationMs) <= 200) spans[spans.length - 1] = { atMs: last.atMs, durationMs: atMs + FRAME_MS - last.atMs };
      else spans.push({ atMs, durationMs: FRAME_MS });
    }
  }
  return spans;
}

/** The record's per-turn timings (`turn.timing`). */
function turnTimings(record: CallRecord): { readonly turn: number; readonly totalMs: number; readonly stages: Readonly<Record<string, number>> }[] {
  return record.events.flatMap((event) => (event.type === 'turn.timing' ? [{ turn: event.turn, totalMs: event.totalMs, stages: event.stages }] : []));
}

const STAGE_COLOURS: Readonly<Record<string, string>> = {
  endpointingMs: '#8e7cc3',
  recognitionMs: '#6fa8dc',
  understandingMs: '#93c47d',
  flowMs: '#ffd966',
  synthesisMs: '#f6b26b',
  firstFrameMs: '#e06666',
};

/** The call on one time axis: the caller's speech, the bot's audio, barge-ins, keys and state changes. */
function timelineSvg(call: ReportedCall): string {
  const { result, fixture } = call;
  const startMs = result.record.startedAtMs;
  const widthPx = 900;
  const totalMs = Math.max(result.callMs, 1);
  const x = (ms: number): number => Math.round((ms / totalMs) * widthPx * 10) / 10;
  const bars = (spans: readonly HeardSpan[], y: number, colour: string, label: string): string =>
    spans.map((span) => `<rect class="${label}" x="${x(span.atMs)}" y="${y}" width="${Math.max(1, x(span.durationMs))}" height="14" fill="${colour}"><title>${label} ${seconds(span.atMs)}–${seconds(span.atMs + span.durationMs)}</title></rect>`).join('');
  const marks: string[] = [];
  for (const event of result.record.events) {
    const atMs = event.atMs - startMs;
    if (event.type === 'bot.interrupted') marks.push(`<line class="barge-in" x1="${x(atMs)}" x2="${x(atMs)}" y1="2" y2="58" stroke="#cc0000" stroke-width="2"><title>barge-in: ${escapeHtml(event.prompt)} cut after ${event.heardMs} ms</title></line>`);
    if (event.type === 'debtor.turn' && event.input === 'dtmf') marks.push(`<circle class="dtmf" cx="${x(atMs)}" cy="9" r="4" fill="#000"><title>key ${escapeHtml(event.digit ?? '')}</title></circle>`);
    if (event.type === 'state.changed') marks.push(`<line class="state" x1="${x(atMs)}" x2="${x(atMs)}" y1="44" y2="58" stroke="#999"><title>${escapeHtml(event.from)} → ${escapeHtml(event.to)}</title></line>`);
  }
  const ticks = [];
  const stepMs = totalMs > 120_000 ? 30_000 : totalMs > 30_000 ? 10_000 : 5000;
  for (let ms = 0; ms <= totalMs; ms += stepMs) ticks.push(`<text x="${x(ms)}" y="72" font-size="10">${seconds(ms)}</text>`);
  return `<svg class="timeline" width="${widthPx + 60}" height="78" viewBox="-2 0 ${widthPx + 60} 78" role="img" aria-label="timeline of ${escapeHtml(result.name)}">` +
    `<text x="${widthPx + 6}" y="12" font-size="10">caller</text><text x="${widthPx + 6}" y="30" font-size="10">bot</text><text x="${widthPx + 6}" y="56" font-size="10">states</text>` +
    bars(fixture === undefined ? [] : callerSpeech(fixture), 2, '#3d85c6', 'caller-speech') + bars(result.botAudio, 20, '#6aa84f', 'bot-audio') + marks.join('') + ticks.join('') + '</svg>';
}

/** Each timed turn as a bar split by stage, so the slow stage stands out. */
function latencyBars(record: CallRecord): string {
  const timings = turnTimings(record);
  if (timings.length === 0) return '<p class="muted">No turn timings in this record.</p>';
  const longest = Math.max(...timings.map((timing) => timing.totalMs), 1);
  const rows = timings.map((timing) => {
    const segments = Object.entries(timing.stages).filter(([, ms]) => ms > 0).map(([stage, ms]) => `<span class="stage" style="width:${((ms / longest) * 600).toFixed(1)}px;background:${STAGE_COLOURS[stage] ?? '#ccc'}" title="${escapeHtml(stage)} ${ms} ms"></span>`).join('');
    return `<tr class="turn-latency"><td>turn ${timing.turn}</td><td><div class="bar">${segments}</div></td><td class="num">${timing.totalMs} ms</td></tr>`;
  });
  const legend = Object.entries(STAGE_COLOURS).map(([stage, colour]) => `<span class="legend"><span class="swatch" style="background:${colour}"></span>${escapeHtml(stage.replace(/Ms$/, ''))}</span>`).join(' ');
  return `<p>${legend}</p><table class="latency">${rows.join('')}</table>`;
}

function transcript(record: CallRecord): string {
  const rows: string[] = [];
  for (const event of record.events) {
    const at = seconds(event.atMs - record.startedAtMs);
    if (event.type === 'bot.said') rows.push(`<tr class="bot"><td>${at}</td><td>bot</td><td>${escapeHtml(event.text)}</td><td><code>${escapeHtml(event.prompt)}</code></td><td>${escapeHtml(event.state)}</td></tr>`);
    if (event.type === 'debtor.turn') {
      const words = event.input === 'silence' ? '<em>(silence)</em>' : event.input === 'dtmf' ? `<em>(key ${escapeHtml(event.digit ?? '')})</em>` : escapeHtml(event.text);
      const intent = event.nlu !== undefined ? `${escapeHtml(event.nlu.intent)} ${event.nlu.confidence.toFixed(2)}` : '';
      rows.push(`<tr class="debtor"><td>${at}</td><td>debtor</td><td>${words}</td><td>${intent}</td><td>${escapeHtml(event.state)}</td></tr>`);
    }
  }
  return `<table class="transcript"><thead><tr><th>time</th><th>who</th><th>words</th><th>prompt / intent</th><th>state</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function failedExpectations(result: ReplayResult): string {
  const failed = result.checks.filter((check) => !check.passed);
  if (failed.length === 0) return `<p class="ok">All ${result.checks.length} expectations held.</p>`;
  const rows = failed.map((check) => `<tr class="failed-expectation"><td>${escapeHtml(check.name)}</td><td>${escapeHtml(check.expected)}</td><td>${escapeHtml(check.actual)}</td><td>${check.diff.map(escapeHtml).join('<br>')}</td></tr>`);
  return `<table class="expectations"><thead><tr><th>expectation</th><th>expected</th><th>actual</th><th>difference</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function inspectionSection(inspection: ReportedInspection | undefined): string {
  if (inspection === undefined) return '';
  const failed = inspection.findings.filter((finding) => !finding.passed);
  const rows = failed.map((finding) => `<tr class="qa-finding ${finding.kind}"><td>${finding.kind}</td><td>${escapeHtml(finding.ruleId)}</td><td>${escapeHtml(finding.detail ?? '')}</td></tr>`);
  return `<h3>Quality inspection: <span class="qa-score">${inspection.vetoed ? 'vetoed' : `${inspection.score} / 100`}</span></h3>` +
    (rows.length === 0 ? '<p class="ok">No finding.</p>' : `<table class="qa"><thead><tr><th>kind</th><th>rule</th><th>where</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}

function callSection(call: ReportedCall, index: number): string {
  const { result } = call;
  const verdict = result.passed ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>';
  const drift = result.drift.length === 0 ? '' : `<ul class="drift">${result.drift.map((entry) => `<li>drift (${entry.provider}): ${escapeHtml(entry.detail)}</li>`).join('')}</ul>`;
  return `<section class="call" id="call-${index + 1}"><h2>${verdict} ${escapeHtml(result.name)}</h2>` +
    `<p class="summary">${escapeHtml(result.record.disposition ?? 'no disposition')} · ${seconds(result.callMs)} of call replayed in ${Math.round(result.wallMs)} ms · ${escapeHtml(result.record.flow)}, ${escapeHtml(result.record.locale)}</p>` +
    `${call.fixture?.description !== undefined ? `<p class="muted">${escapeHtml(call.fixture.description)}</p>` : ''}` +
    `<h3>Expectations</h3>${failedExpectations(result)}${drift}` +
    `<h3>Timeline</h3>${timelineSvg(call)}<h3>Turn latency by stage</h3>${latencyBars(result.record)}` +
    `${inspectionSection(call.inspection)}<h3>Transcript</h3>${transcript(result.record)}</section>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:32px;border-top:1px solid #ddd;padding-top:12px}h3{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse;margin:4px 0}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f4f4f4}
.pass{color:#fff;background:#38761d;padding:1px 6px;border-radius:3px}.fail{color:#fff;background:#cc0000;padding:1px 6px;border-radius:3px}
.ok{color:#38761d}.muted{color:#777}.num{text-align:right}.bar{display:flex;height:12px;width:600px;background:#f8f8f8}.stage{display:block;height:12px}
.legend{margin-right:10px}.swatch{display:inline-block;width:10px;height:10px;margin-right:3px}tr.bot td{background:#f3f9f1}tr.debtor td{background:#eef4fb}.qa-finding.veto td{background:#fde8e8}`;

/**
 * A replay run as one self-contained HTML file (no script, no external resource): a summary, then
 * per call the failed expectations, a timeline of who spoke when (the caller's speech, the bot's
 * audio, barge-ins, keys, state changes), each turn's latency by stage, the QA findings and the
 * transcript with intents and states.
 */
export function htmlReport(calls: readonly ReportedCall[], title = 'dunbot replay'): string {
  const passed = calls.filter((call) => call.result.passed).length;
  const index = calls.map((call, i) => `<li><a href="#call-${i + 1}">${call.result.passed ? 'PASS' : 'FAIL'} ${escapeHtml(call.result.name)}</a></li>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${escapeHtml(title)}: <span class="totals">${passed} of ${calls.length} passed</span></h1><ul class="index">${index}</ul>` +
    calls.map(callSection).join('') + '</body></html>\n';
}
