// @ts-check
/**
 * dunbot's server for the hand-off benchmark, in its own process so that the simulated phones and
 * the fake Twilio API (in the parent) take nothing from its event loop. It is built as `dunbot
 * serve` builds it — composeRuntime on the configuration, startDunbotServer, the heap growth
 * `serve` applies, TTS behind CachedTts with every fixed prompt synthesized first, real time
 * (systemScheduler) — with the Twilio warm transfer (`DUNBOT_HANDOFF=twilio`) pointed at the
 * parent's fake Twilio API and the speech providers swapped for the zero-cost ones: ScriptedAsr
 * (each call's one utterance is the request for a person) and ToneTts. `src/` is not changed.
 *
 * argv[2] is a JSON object of server settings (loadServerConfig overrides) plus `msPerCharacter`
 * and `utterance`. IPC: sends `ready` with the port; on `shutdown`, closes the server and the
 * runtime (every record written) and sends `closed` with what it logged and its event-loop delay
 * since `measure`.
 */
import { LoopDelayMeter } from '../media/loop-delay-meter.mjs';

const { msPerCharacter, utterance, ...settings } = JSON.parse(process.argv[2] ?? '{}');

const { loadServerConfig } = await import('../../dist/src/server/server-config.js');
const { applyHeapGrowth } = await import('../../dist/src/server/heap-growth.js');
const { composeRuntime } = await import('../../dist/src/app/compose-runtime.js');
const { startDunbotServer } = await import('../../dist/src/server/dunbot-server.js');
const { ScriptedAsr, ToneTts } = await import('../../dist/src/testing/scripted-speech.js');
const { CachedTts } = await import('../../dist/src/providers/tts/tts-cache.js');
const { defaultScriptsLibrary } = await import('../../dist/src/scripts/load-scripts-library.js');

// DUNBOT_HEAP_GROWTH_PERCENT is read from this process's environment, as `dunbot serve` reads it.
const config = loadServerConfig({ DUNBOT_HEAP_GROWTH_PERCENT: process.env['DUNBOT_HEAP_GROWTH_PERCENT'] }, undefined, settings);
applyHeapGrowth(config.heapGrowthPercent);

/** Warnings and errors by message: a clean run has none that matter, and a reader should see any. */
const logs = /** @type {Record<string, number>} */ ({});
/** @param {string} level @param {string} message */
const count = (level, message) => {
  const key = `${level}: ${message}`;
  logs[key] = (logs[key] ?? 0) + 1;
};
/** @type {import('../../dist/src/log/logger.js').Logger} */
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => count('warn', message),
  error: (message) => count('error', message),
  child: () => logger,
};

// As `dunbot serve` composes it (src/app/speech-providers.ts): prompts without variables, the hold
// line among them, are synthesized before the first call; the greeting names the debtor, so each
// call synthesizes it.
const tts = new CachedTts(new ToneTts({ msPerCharacter }));
const scripts = defaultScriptsLibrary();
const fixed = scripts.locales.flatMap((locale) => scripts.promptIds().filter((id) => scripts.variablesOf(locale, id).length === 0).map((id) => ({ locale, text: scripts.render(locale, id, {}, { currency: 'USD' }).text })));
await tts.preload(fixed);

const runtime = await composeRuntime(config, { logger, overrides: { speech: { asr: () => new ScriptedAsr([utterance]), tts } } });
const server = await startDunbotServer(runtime, logger);

// Whether the server's event loop was ever held up while calls ran: a stall would show in every figure.
const loopDelay = new LoopDelayMeter();
loopDelay.start();

process.on('message', (/** @type {any} */ message) => {
  // Measured from the parent's word, after the warm-up calls: first use (JIT compilation, whatever
  // loads lazily) can stall the loop once, and that is not what a call during the levels meets.
  if (message?.type === 'measure') loopDelay.start();
  if (message?.type !== 'shutdown') return;
  void (async () => {
    const eventLoopDelay = loopDelay.stop();
    await server.close();
    await runtime.close();
    process.send?.({ type: 'closed', logs, eventLoopDelay }, () => process.exit(0));
  })();
});
process.send?.({ type: 'ready', port: server.port });
