import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { composeRuntime } from '../../app/compose-runtime.js';
import { createHandoffAdapter } from '../../escalation/handoff-adapters.js';
import { CallSession } from '../../call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../call/caller-profile.js';
import type { DebtorTurn } from '../../call/debtor-turn.js';
import { ManualScheduler, systemScheduler, type Scheduler } from '../../time/scheduler.js';
import { DunbotError, isDunbotError } from '../../errors.js';
import { todayInZone } from '../../domain/calendar.js';
import { checkDebtorAt, type Debtor } from '../../domain/debtor.js';
import { silentLogger } from '../../log/logger.js';
import { loadServerConfig } from '../../server/server-config.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs, parseLocaleOption, parseNowOption, readDebtorFile, resolveDbPath } from '../cli-options.js';
import { ChatInterruptions, type ChatInterruption } from '../chat-interruptions.js';
import { ChatTranscript, buildChatResult, describeChatOutcome } from '../chat-transcript.js';
import { describeTurn, parseScript, parseScriptLine } from '../script-turns.js';

export const CHAT_USAGE =
  'dunbot chat --debtor <file.json> [--locale zh-CN|en-US] [--flow early|mid|late] [--now <ISO|YYYY-MM-DD>] [--script <file>] [--json] [--db <path>] [--handoff <name>[:<url>]]';

/**
 * Holds a text call in the terminal: the debtor's replies are typed (interactive) or read one per
 * line from --script (an empty line is silence). With --json, prints one final JSON object. However
 * the call stops (end of input, Ctrl-C, SIGTERM, a closed stdout, an error), it ends with a recorded
 * disposition and the store is closed before this returns.
 *
 * @example
 * await runChat(['--debtor', 'fixtures/debtors/en-US-early.json', '--now', '2026-03-11', '--script', 'replies.txt', '--json'], io);
 */
export async function runChat(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() => parseArgs({ args: [...args], options: {
    debtor: { type: 'string' },
    locale: { type: 'string' },
    flow: { type: 'string' },
    now: { type: 'string' },
    script: { type: 'string' },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
    understanders: { type: 'string' },
    'llm-base-url': { type: 'string' },
    'llm-model': { type: 'string' },
    'llm-api-key': { type: 'string' },
    'llm-budget-ms': { type: 'string' },
    'llm-answers': { type: 'string' },
    handoff: { type: 'string' },
  }, allowPositionals: true, strict: true }));
  if (values.debtor === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--debtor is required\nusage: ${CHAT_USAGE}`);
  const debtor = readDebtorFile(values.debtor);
  const locale = parseLocaleOption(values.locale, debtor.locale);
  // A date-only --now is midnight where the debtor is: the debtor file is read first for its zone.
  const now = parseNowOption(values.now, debtor.timezone);
  // A call at a given instant keeps that instant: its time moves only if something moves it.
  const scheduler: Scheduler = now !== undefined ? new ManualScheduler(now.getTime()) : systemScheduler;
  // Every line is parsed before the call starts, so a bad line stops it before its record is opened.
  const scriptTurns = values.script !== undefined ? parseScript(readScript(values.script)) : undefined;
  const json = values.json === true;
  const env = io.env ?? process.env;
  const today = todayInZone(new Date(scheduler.nowMs()), debtor.timezone);
  warnIfStale(debtor, today, io);

  const config = loadServerConfig(env, undefined, {
    dbPath: resolveDbPath(values.db, env),
    // Understanding options replace the environment's settings only when given.
    ...Object.fromEntries(Object.entries({
      understanders: values.understanders,
      llmBaseUrl: values['llm-base-url'],
      llmModel: values['llm-model'],
      llmApiKey: values['llm-api-key'],
      llmBudgetMs: values['llm-budget-ms'],
      llmAnswers: values['llm-answers'],
      ...handoffOption(values.handoff),
    }).filter(([, value]) => value !== undefined)),
  });
  // A hand-off waits for people and networks, which keep real time whatever the call's clock says:
  // its timers run in real time, and what it records is still timed by the call's clock.
  const handoffScheduler: Scheduler = now === undefined ? systemScheduler : { nowMs: () => scheduler.nowMs(), setTimeout: (callback, ms) => systemScheduler.setTimeout(callback, ms), clearTimeout: (handle) => systemScheduler.clearTimeout(handle) };
  const handoff = createHandoffAdapter(config, { scheduler: handoffScheduler, logger: silentLogger });
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: false, handoff } });
  const interruptions = new ChatInterruptions(io.stdout);
  try {
    const flow = runtime.parts.flows.select(debtor, values.flow);
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale, today, caller: DEFAULT_CALLER_PROFILES[locale] },
      understanding: runtime.parts.understanding,
      ...(runtime.parts.answering !== undefined ? { answering: runtime.parts.answering } : {}),
      scripts: runtime.parts.scripts,
      store: runtime.parts.store,
      clock: scheduler,
      channel: 'text',
      handoff: runtime.parts.handoff,
      scheduler: handoffScheduler,
      effects: {
        say: (prompt) => {
          if (!json) interruptions.writeLine(`bot> ${prompt.text}`);
        },
        // The terminal has no line to hang up: the call ends when the flow does.
        hangUp: () => undefined,
        hold: () => {
          if (!json) interruptions.writeLine('(on hold)');
        },
        endHold: (outcome) => {
          if (!json) interruptions.writeLine(outcome === 'bridged' ? '(put through to a colleague)' : `(hand-off ended: ${outcome})`);
        },
      },
    });
    const turns = scriptTurns !== undefined ? listedTurns(scriptTurns) : typedTurns(io, json, interruptions);
    return await holdCall(session, turns, { io, json, echo: scriptTurns !== undefined && !json, currency: debtor.currency, interruptions });
  } finally {
    // Signals stay caught until the store is closed, so that one arriving now cannot cut the close short.
    try {
      await runtime.close();
    } finally {
      interruptions.dispose();
    }
  }
}

interface HoldOptions {
  readonly io: CliIo;
  readonly json: boolean;
  /** Print each scripted turn as it is taken. */
  readonly echo: boolean;
  readonly currency: string;
  readonly interruptions: ChatInterruptions;
}

/**
 * Takes the debtor's turns until the call ends, and makes sure it does end, with a recorded
 * disposition, however the turns stop: input runs out or the person leaves (the debtor hung up),
 * the call cannot go on (DUN_NOTE_INTERRUPTED) or an error is thrown (DUN_NOTE_INTERNAL_ERROR).
 */
async function holdCall(session: CallSession, turns: AsyncIterable<DebtorTurn>, options: HoldOptions): Promise<number> {
  const { io, interruptions } = options;
  const transcript = new ChatTranscript(session);
  let cutShort: ChatInterruption | undefined;
  let failure: unknown;
  try {
    for await (const turn of turns) {
      if (session.ended || interruptions.signal.aborted) break;
      if (options.echo) interruptions.writeLine(`you> ${describeTurn(turn)}`);
      await transcript.take(turn);
      // On hold the next turn waits for the hand-off's outcome, as a caller on hold waits for a person.
      await handoffSettled(session, interruptions.signal);
    }
    cutShort = session.ended ? undefined : interruptions.interruption;
    await endUnfinished(session, cutShort);
  } catch (error) {
    failure = error;
    await session.endByRuntime('DUN_NOTE_INTERNAL_ERROR', `the text call failed: ${describeError(error)}`);
  }
  await session.flush();
  const outcome = session.outcome;
  if (outcome === undefined) throw new Error('call ended without an outcome');
  const result = buildChatResult(outcome, transcript.all, session.callId, session.handoffReport);
  interruptions.writeLine(options.json ? JSON.stringify(result) : describeChatOutcome(result, options.currency));
  if (failure !== undefined) {
    writeLine(io.stderr, `dunbot chat: call ${session.callId} ended ${outcome.disposition} after an error: ${describeError(failure)}`);
    if (!isDunbotError(failure) && failure instanceof Error && failure.stack !== undefined) writeLine(io.stderr, failure.stack);
    return 1;
  }
  if (cutShort !== undefined) {
    writeLine(io.stderr, `dunbot chat: ${cutShort.note}; call ${session.callId} ended ${outcome.disposition}`);
    return cutShort.exitCode;
  }
  return session.failedWrites === 0 ? 0 : 1;
}

/** Resolves once the call is not on hold any more, or the call is interrupted (the person leaving ends a hand-off too). */
async function handoffSettled(session: CallSession, signal: AbortSignal): Promise<void> {
  if (!session.onHold || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void session.handoffSettled().then(done);
  });
}

/**
 * `--handoff <name>[:<url>]`: the hand-off adapter (DUNBOT_HANDOFF) and, after the first colon, the
 * URL it posts to (DUNBOT_HANDOFF_WEBHOOK_URL), e.g. `webhook:http://127.0.0.1:9000/hook`.
 */
function handoffOption(value: string | undefined): { handoff?: string; handoffWebhookUrl?: string } {
  if (value === undefined) return {};
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  if (name.trim() === '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--handoff needs an adapter name, as in --handoff webhook:http://127.0.0.1:9000/hook`);
  return colon < 0 ? { handoff: name } : { handoff: name, handoffWebhookUrl: value.slice(colon + 1) };
}

/** Ends a call the flow has not ended: a person leaving is a hang-up; a call that cannot go on is ended by the runtime. */
async function endUnfinished(session: CallSession, interruption: ChatInterruption | undefined): Promise<void> {
  if (session.ended) return;
  if (interruption?.ending === 'broken') return session.endByRuntime('DUN_NOTE_INTERRUPTED', interruption.note);
  if (interruption !== undefined) session.recordNote('DUN_NOTE_INTERRUPTED', interruption.note);
  // The debtor left (end of script or of input, or the terminal) before the flow reached a disposition.
  await session.take({ kind: 'hang_up' });
  // A flow that does not end on a hang-up still must not leave its record open.
  if (!session.ended) await session.endByRuntime('DUN_NOTE_INTERRUPTED', 'the debtor left and the flow did not end the call');
}

/** A record whose daysPastDue does not fit the call's date is stale, not impossible: the call goes on, with a warning. */
function warnIfStale(debtor: Debtor, today: string, io: CliIo): void {
  const check = checkDebtorAt(debtor, today);
  if (check.ok) return;
  writeLine(io.stderr, `dunbot chat: warning: debtor ${debtor.id} looks stale on ${today} (${debtor.timezone}): ${check.message}; ` +
    `the call uses daysPastDue ${debtor.daysPastDue} as recorded (pass --now to hold it on a day the record fits)`);
}

function describeError(error: unknown): string {
  if (isDunbotError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function readScript(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  } catch (error) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `cannot read script ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function* listedTurns(turns: readonly DebtorTurn[]): AsyncGenerator<DebtorTurn> {
  yield* turns;
}

/**
 * Turns typed by the debtor; on a terminal each is asked for with a "you> " prompt. A line that is
 * not valid input is reported on stderr and not sent: a typo must not end the call. Stops when
 * input ends or the call is interrupted.
 */
async function* typedTurns(io: CliIo, json: boolean, interruptions: ChatInterruptions): AsyncGenerator<DebtorTurn> {
  // Interrupted while the call was starting: there is nothing left to read.
  if (interruptions.signal.aborted) return;
  const prompt = !json && 'isTTY' in io.stdin && io.stdin.isTTY === true;
  const reader = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  const close = (): void => reader.close();
  interruptions.signal.addEventListener('abort', close, { once: true });
  let lineNumber = 0;
  try {
    if (prompt) interruptions.write('you> ');
    for await (const line of reader) {
      lineNumber += 1;
      const turn = parseTypedLine(line, lineNumber, io);
      if (turn !== undefined) yield turn;
      if (prompt) interruptions.write('you> ');
    }
  } finally {
    interruptions.signal.removeEventListener('abort', close);
    reader.close();
  }
}

function parseTypedLine(line: string, lineNumber: number, io: CliIo): DebtorTurn | undefined {
  try {
    return parseScriptLine(line, lineNumber);
  } catch (error) {
    if (!isDunbotError(error, 'DUN_ERR_CONFIG_INVALID')) throw error;
    writeLine(io.stderr, `dunbot chat: ${error.message}; that line was not sent`);
    return undefined;
  }
}
