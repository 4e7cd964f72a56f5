import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { composeRuntime } from '../app/compose-runtime.js';
import { DEFAULT_CALLER_PROFILES } from '../call/caller-profile.js';
import { CallSession } from '../call/call-session.js';
import type { DebtorTurn } from '../call/debtor-turn.js';
import { todayInZone } from '../domain/calendar.js';
import { parseDebtor, type Debtor } from '../domain/debtor.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { loadServerConfig } from '../server/server-config.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { ManualScheduler } from '../time/scheduler.js';
import { checkExpectations, type ExpectationCheck } from './expectations.js';
import { ExpectationsSchema, FixtureConfigSchema, type Expectations } from './fixture.js';
import type { ReplayResult } from './replay-call.js';

/** The text-scenario format's version. */
export const SCENARIO_VERSION = 1;

/**
 * One step of a scenario: what the debtor does (words, a key, silence, hanging up), or what the
 * bot must have said since the debtor's last turn (a prompt id).
 */
const StepSchema = z.union([
  z.object({ says: z.string() }).strict(),
  z.object({ presses: z.string().regex(/^[0-9*#]$/, 'expected one key: 0-9, * or #') }).strict(),
  z.object({ silence: z.literal(true) }).strict(),
  z.object({ hangsUp: z.literal(true) }).strict(),
  z.object({ expectBot: z.string().min(1) }).strict(),
]);

export const ScenarioSchema = z.object({
  dunbotScenario: z.literal(SCENARIO_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  /** The debtor record, or the path of its JSON file (relative to the scenario file). */
  debtor: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  flow: z.string().min(1).optional(),
  locale: z.enum(LOCALES).optional(),
  /** When the call takes place (ISO date-time with offset): dates and call windows resolve against it. */
  now: z.iso.datetime({ offset: true }),
  config: FixtureConfigSchema.default({}),
  steps: z.array(StepSchema).min(1),
  expect: ExpectationsSchema.default({}),
}).strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];

/** Validates an untrusted scenario, throwing DUN_ERR_FIXTURE_INVALID with every problem and its path. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const result = ScenarioSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `${source} is not a valid text scenario: ${problems.join('; ')}`, { details: { problems } });
}

/** True for a file name that holds YAML rather than JSON. */
export function isYamlFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Reads a scenario file, JSON or YAML (by its extension); a debtor named by path is read relative to it. */
export function loadScenario(path: string): Scenario {
  let value: unknown;
  const format = isYamlFile(path) ? 'YAML' : 'JSON';
  try {
    const text = readFileSync(path, 'utf8');
    value = format === 'YAML' ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `scenario ${path} could not be read as ${format}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const scenario = parseScenario(value, `scenario ${path}`);
  return typeof scenario.debtor === 'string' ? { ...scenario, debtor: resolve(dirname(path), scenario.debtor) } : scenario;
}

function debtorOf(scenario: Scenario): Debtor {
  if (typeof scenario.debtor !== 'string') return parseDebtor(scenario.debtor, `scenario ${scenario.name}: debtor`);
  let text: string;
  try {
    text = readFileSync(scenario.debtor, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_DEBTOR_NOT_FOUND', `scenario ${scenario.name}: debtor file ${scenario.debtor} could not be read`, { cause: error });
  }
  return parseDebtor(JSON.parse(text), `debtor file ${scenario.debtor}`);
}

function turnOf(step: Exclude<ScenarioStep, { expectBot: string }>): DebtorTurn {
  if ('says' in step) return { kind: 'text', text: step.says };
  if ('presses' in step) return { kind: 'dtmf', digit: step.presses };
  if ('silence' in step) return { kind: 'silence' };
  return { kind: 'hang_up' };
}

/** Time between two debtor turns on the call's clock: enough for the bot to have spoken. */
const TURN_GAP_MS = 5000;

/**
 * Holds a scenario as a text call through the real session, flow, understanding, scripts and
 * compliance guard (no audio), on a clock that starts at the scenario's `now`, and checks its
 * expectations and each `expectBot` step. The result has the shape of a replay's, so `dunbot
 * replay`, JUnit and the HTML report take both.
 */
export async function runScenario(scenario: Scenario, options: { readonly logger?: Logger } = {}): Promise<ReplayResult> {
  const wallStart = performance.now();
  const logger = options.logger ?? silentLogger;
  const debtor = debtorOf(scenario);
  const startMs = Date.parse(scenario.now);
  const scheduler = new ManualScheduler(startMs);
  const config = loadServerConfig({}, undefined, { ...scenario.config, dbPath: ':memory:' });
  const store = new MemoryCallStore();
  const runtime = await composeRuntime(config, { logger, scheduler, overrides: { speech: false, store, answering: false } });
  try {
    const locale: Locale = scenario.locale ?? debtor.locale;
    const flow = runtime.parts.flows.select(debtor, scenario.flow);
    const said: string[] = [];
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale, today: todayInZone(new Date(startMs), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[locale] },
      understanding: runtime.parts.understanding,
      scripts: runtime.parts.scripts,
      store,
      clock: scheduler,
      channel: 'text',
      handoff: runtime.parts.handoff,
      scheduler,
      effects: { say: (prompt) => said.push(prompt.promptId), hangUp: () => undefined },
    });
    const stepChecks: ExpectationCheck[] = [];
    let sinceTurn: string[] = [...said];
    let turns = 0;
    for (const step of scenario.steps) {
      if ('expectBot' in step) {
        const passed = sinceTurn.includes(step.expectBot);
        stepChecks.push({ name: `after turn ${turns}: bot said ${step.expectBot}`, passed, expected: step.expectBot, actual: sinceTurn.join(', ') || '(nothing)', diff: passed ? [] : [`the bot said ${sinceTurn.join(', ') || 'nothing'} instead`] });
        continue;
      }
      if (session.ended) {
        stepChecks.push({ name: `turn ${turns + 1}`, passed: false, expected: 'the call still going', actual: 'the call had ended', diff: [`the call ended before: ${JSON.stringify(step)}`] });
        break;
      }
      scheduler.increment(TURN_GAP_MS);
      const before = said.length;
      await session.take(turnOf(step));
      turns += 1;
      sinceTurn = said.slice(before);
    }
    if (!session.ended) await session.take({ kind: 'hang_up' });
    await session.flush();
    const record = await store.getCall(session.callId);
    if (record === undefined) throw new Error(`scenario ${scenario.name}: the call left no record`);
    const checks = [...stepChecks, ...checkExpectations(scenario.expect as Expectations, record)];
    return { name: scenario.name, passed: checks.every((check) => check.passed), checks, record, drift: [], callMs: scheduler.nowMs() - startMs, wallMs: performance.now() - wallStart, botAudio: [], debtor };
  } finally {
    await runtime.close();
  }
}

/**
 * A text scenario written in code, step by step; `run()` holds it as `runScenario` does a file.
 *
 * @example
 * ```ts
 * const result = await scenario('early').debtor(debtor).at('2026-03-11T10:00:00-04:00')
 *   .says('yes speaking').expectBot('disclosure.debt')
 *   .says('i can pay 200 on friday').says('yes')
 *   .expect({ disposition: 'PTP' }).run();
 * expect(result).toEndWith('PTP');
 * ```
 */
export class ScenarioBuilder {
  private readonly steps: ScenarioStep[] = [];
  private debtorRecord: ScenarioInput['debtor'] | undefined;
  private nowIso: string | undefined;
  private expectations: Expectations = {};
  private settings: ScenarioInput['config'] = {};
  private scenarioName: string;

  constructor(private readonly flow?: string) {
    this.scenarioName = flow === undefined ? 'scenario' : `${flow} scenario`;
  }

  named(name: string): this {
    this.scenarioName = name;
    return this;
  }

  /** The debtor: a record, or the path of its JSON file. */
  debtor(debtor: Debtor | Record<string, unknown> | string): this {
    this.debtorRecord = typeof debtor === 'string' ? resolve(debtor) : (debtor as Record<string, unknown>);
    return this;
  }

  /** When the call takes place (ISO date-time with offset). */
  at(nowIso: string): this {
    this.nowIso = nowIso;
    return this;
  }

  config(settings: NonNullable<ScenarioInput['config']>): this {
    this.settings = settings;
    return this;
  }

  says(text: string): this {
    this.steps.push({ says: text });
    return this;
  }

  presses(key: string): this {
    this.steps.push({ presses: key });
    return this;
  }

  silence(): this {
    this.steps.push({ silence: true });
    return this;
  }

  hangsUp(): this {
    this.steps.push({ hangsUp: true });
    return this;
  }

  /** The bot must have said this prompt since the debtor's last turn (or in its opening, before any). */
  expectBot(promptId: string): this {
    this.steps.push({ expectBot: promptId });
    return this;
  }

  expect(expectations: Expectations): this {
    this.expectations = { ...this.expectations, ...expectations };
    return this;
  }

  /** The scenario as a file would hold it (validated). */
  build(): Scenario {
    return parseScenario({
      dunbotScenario: SCENARIO_VERSION,
      name: this.scenarioName,
      debtor: this.debtorRecord,
      ...(this.flow !== undefined ? { flow: this.flow } : {}),
      now: this.nowIso,
      config: this.settings,
      steps: this.steps,
      expect: this.expectations,
    }, `scenario ${this.scenarioName}`);
  }

  run(options: { readonly logger?: Logger } = {}): Promise<ReplayResult> {
    return runScenario(this.build(), options);
  }
}

/** Starts a text scenario for `flow` (the debtor's stage when absent). */
export function scenario(flow?: string): ScenarioBuilder {
  return new ScenarioBuilder(flow);
}
