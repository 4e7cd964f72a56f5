import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { composeRuntime } from '../../app/compose-runtime.js';
import { CallSession } from '../../call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../call/caller-profile.js';
import { ManualScheduler, systemScheduler, type Scheduler } from '../../time/scheduler.js';
import { DunbotError } from '../../errors.js';
import { todayInZone } from '../../domain/calendar.js';
import { silentLogger } from '../../log/logger.js';
import { loadServerConfig } from '../../server/server-config.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs, parseLocaleOption, parseNowOption, readDebtorFile, resolveDbPath } from '../cli-options.js';
import { parseScriptLine } from '../script-turns.js';

export const CHAT_USAGE =
  'dunbot chat --debtor <file.json> [--locale zh-CN|en-US] [--flow early|mid|late] [--now <ISO>] [--script <file>] [--json] [--db <path>]';

/**
 * Holds a text call in the terminal: the debtor's replies are typed (interactive) or read one per
 * line from --script (an empty line is silence). With --json, prints one final JSON object.
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
  }, allowPositionals: true, strict: true }));
  if (values.debtor === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--debtor is required\nusage: ${CHAT_USAGE}`);
  const debtor = readDebtorFile(values.debtor);
  const locale = parseLocaleOption(values.locale, debtor.locale);
  const now = parseNowOption(values.now);
  // A call at a given instant keeps that instant: its time moves only if something moves it.
  const scheduler: Scheduler = now !== undefined ? new ManualScheduler(now.getTime()) : systemScheduler;
  const scriptLines = values.script !== undefined ? readScript(values.script) : undefined;
  const json = values.json === true;
  const env = io.env ?? process.env;

  const config = loadServerConfig(env, undefined, { dbPath: resolveDbPath(values.db, env) });
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: false } });
  try {
    const flow = runtime.parts.flows.select(debtor, values.flow);
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale, today: todayInZone(new Date(scheduler.nowMs()), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[locale] },
      understanding: runtime.parts.understanding,
      scripts: runtime.parts.scripts,
      store: runtime.parts.store,
      clock: scheduler,
      channel: 'text',
      effects: {
        say: (prompt) => {
          if (!json) writeLine(io.stdout, `bot> ${prompt.text}`);
        },
        escalate: (request) => runtime.parts.escalation.escalate(request),
        // The terminal has no line to hang up: the call ends when the flow does.
        hangUp: () => undefined,
      },
    });
    const lines = scriptLines !== undefined ? arrayLines(scriptLines) : interactiveLines(io, json);
    let lineNumber = 0;
    for await (const line of lines) {
      if (session.ended) break;
      lineNumber += 1;
      const turn = parseScriptLine(line, lineNumber);
      if (!json && scriptLines !== undefined) writeLine(io.stdout, `you> ${turn.kind === 'text' ? turn.text : `(${turn.kind}${turn.kind === 'dtmf' ? ' ' + turn.digit : ''})`}`);
      await session.take(turn);
    }
    // The debtor left (end of script or of input) before the flow reached a disposition.
    if (!session.ended) await session.take({ kind: 'hang_up' });
    await session.flush();
    const outcome = session.outcome;
    if (outcome === undefined) throw new Error('call ended without an outcome');
    if (json) {
      const result = {
        disposition: outcome.disposition,
        ...(outcome.promise !== undefined ? { promise: { amount: outcome.promise.amount, date: outcome.promise.date } } : {}),
        ...(outcome.escalation !== undefined ? { escalation: { reason: outcome.escalation.reason } } : {}),
        transcript: session.transcript.map((entry) => ({
          speaker: entry.speaker,
          text: entry.text,
          ...(entry.intent !== undefined ? { intent: entry.intent } : {}),
          state: entry.state,
        })),
        recordId: session.callId,
      };
      writeLine(io.stdout, JSON.stringify(result));
    } else {
      const promise = outcome.promise !== undefined ? `  promise: ${outcome.promise.amount} ${debtor.currency} on ${outcome.promise.date}` : '';
      const escalation = outcome.escalation !== undefined ? `  escalation: ${outcome.escalation.reason}` : '';
      writeLine(io.stdout, `\ndisposition: ${outcome.disposition}${promise}${escalation}\nrecord: ${session.callId}`);
    }
    return session.failedWrites === 0 ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

function readScript(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  } catch (error) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `cannot read script ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function* arrayLines(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

/** Lines typed by the debtor; on a terminal each is asked for with a "you> " prompt. */
async function* interactiveLines(io: CliIo, json: boolean): AsyncGenerator<string> {
  const prompt = !json && 'isTTY' in io.stdin && io.stdin.isTTY === true;
  const reader = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  try {
    if (prompt) io.stdout.write('you> ');
    for await (const line of reader) {
      yield line;
      if (prompt) io.stdout.write('you> ');
    }
  } finally {
    reader.close();
  }
}
