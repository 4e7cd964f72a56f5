import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VoiceMetrics } from '../call/voice-metrics.js';
import type { CallInspection } from '../qa/inspector.js';
import type { QaMetrics } from '../qa/live-inspection.js';

/** The server's Prometheus metrics, served on GET /metrics. */
export class PrometheusMetrics implements VoiceMetrics, QaMetrics {
  readonly registry = new Registry();
  private readonly activeCalls = new Gauge({ name: 'dunbot_active_calls', help: 'Calls in progress', registers: [this.registry] });
  private readonly framesIn = new Counter({ name: 'dunbot_frames_in_total', help: 'Media frames received', registers: [this.registry] });
  private readonly framesSent = new Counter({ name: 'dunbot_frames_out_total', help: 'Media frames sent', registers: [this.registry] });
  private readonly badFrames = new Counter({ name: 'dunbot_bad_frames_total', help: 'Media frames rejected, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly bargeIns = new Counter({ name: 'dunbot_barge_ins_total', help: 'Prompts cut by caller speech', registers: [this.registry] });
  private readonly turnLatencyMs = new Histogram({
    name: 'dunbot_turn_latency_ms',
    help: 'From the caller\'s last speech frame (or key, or no-input timeout) to the first frame of the answer, ms',
    buckets: [5, 10, 25, 50, 100, 200, 400, 800, 1600, 3200],
    registers: [this.registry],
  });
  private readonly providerErrors = new Counter({ name: 'dunbot_provider_errors_total', help: 'ASR, TTS and store errors', labelNames: ['provider'], registers: [this.registry] });
  readonly refusedStreams = new Counter({ name: 'dunbot_refused_streams_total', help: 'Streams refused before reaching a flow, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly refusedRequests = new Counter({ name: 'dunbot_refused_requests_total', help: 'HTTP requests refused, by route and reason', labelNames: ['route', 'reason'], registers: [this.registry] });
  /** Connections the server closed on its own, by reason (idle before upgrade, over capacity, unanswered pings). */
  readonly closedConnections = new Counter({ name: 'dunbot_closed_connections_total', help: 'Connections closed by the server, by reason', labelNames: ['reason'], registers: [this.registry] });
  /** Calls ended by the runtime rather than the flow, by the note that says why. */
  readonly endedByRuntime = new Counter({ name: 'dunbot_calls_ended_by_runtime_total', help: 'Calls the runtime ended itself (faults, timeouts, shutdown), by cause', labelNames: ['cause'], registers: [this.registry] });
  /** Log lines withheld by per-connection rate limits. */
  private readonly withheldLines = new Counter({ name: 'dunbot_lines_withheld_total', help: 'Lines the compliance guard kept the bot from saying, by rule', labelNames: ['rule'], registers: [this.registry] });
  readonly suppressedLogLines = new Counter({ name: 'dunbot_log_lines_suppressed_total', help: 'Log lines withheld by per-connection rate limits', registers: [this.registry] });
  /** Calls the quality inspection judged as they ended: `passed` (no veto failed) or `vetoed`. */
  private readonly qaCalls = new Counter({ name: 'dunbot_qa_calls_total', help: 'Calls inspected as they ended, by result (passed or vetoed)', labelNames: ['result'], registers: [this.registry] });
  /** Inspection items failed, veto and weighted alike, by rule id (bounded by the rule set). */
  private readonly qaFindings = new Counter({ name: 'dunbot_qa_findings_total', help: 'Quality-inspection items failed, by rule', labelNames: ['rule'], registers: [this.registry] });
  private readonly qaScore = new Histogram({
    name: 'dunbot_qa_score',
    help: 'Quality-inspection score of each call inspected, 0-100 (0 when vetoed)',
    buckets: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    registers: [this.registry],
  });
  private readonly qaErrors = new Counter({ name: 'dunbot_qa_errors_total', help: 'Calls the quality inspection could not inspect', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Both results are shown from the start, so a rate over them never starts from a missing series.
    this.qaCalls.inc({ result: 'passed' }, 0);
    this.qaCalls.inc({ result: 'vetoed' }, 0);
  }

  /** Counts a refused HTTP request. */
  refusedRequest(route: string, reason: string): void {
    this.refusedRequests.inc({ route, reason });
  }
  callStarted(): void {
    this.activeCalls.inc();
  }
  callEnded(): void {
    this.activeCalls.dec();
  }
  frameIn(): void {
    this.framesIn.inc();
  }
  framesOut(count: number): void {
    this.framesSent.inc(count);
  }
  badFrame(code: string): void {
    this.badFrames.inc({ reason: code });
  }
  bargeIn(): void {
    this.bargeIns.inc();
  }
  turnLatency(ms: number): void {
    this.turnLatencyMs.observe(ms);
  }
  asrError(): void {
    this.providerErrors.inc({ provider: 'asr' });
  }
  ttsError(): void {
    this.providerErrors.inc({ provider: 'tts' });
  }
  storeError(): void {
    this.providerErrors.inc({ provider: 'store' });
  }
  lineWithheld(rule: string): void {
    this.withheldLines.inc({ rule });
  }

  callEndedByRuntime(cause: string): void {
    this.endedByRuntime.inc({ cause });
  }

  qaInspected(inspection: CallInspection): void {
    this.qaCalls.inc({ result: inspection.vetoed ? 'vetoed' : 'passed' });
    for (const finding of inspection.findings) if (!finding.passed) this.qaFindings.inc({ rule: finding.ruleId });
    this.qaScore.observe(inspection.score);
  }

  qaFailed(): void {
    this.qaErrors.inc();
  }
}
