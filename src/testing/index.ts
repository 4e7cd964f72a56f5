/** Helpers for testing flows and calls: `import { driveFlow } from 'dunbot/testing'`. */
export { driveFlow, type FlowRun, type TestTurn } from './drive-flow.js';
export { ManualClock } from '../time/clock.js';
export { MemoryCallStore } from '../store/index.js';
export { probeEvents, probeInputs } from '../flow/check/probe-inputs.js';
export { ScriptedAsr, ToneTts } from './scripted-speech.js';
export { TwilioPhone, type PhoneInbound } from './twilio-phone.js';
export { ManualScheduler } from '../time/scheduler.js';
export { TwilioLine, connectTwilioLine, type FrameSink, type TwilioLineCallOptions } from './twilio-line.js';
export { replayCall, type ReplayOptions, type ReplayResult } from '../replay/replay-call.js';
export { loadFixture, parseFixture, type Fixture, type Expectations } from '../replay/fixture.js';
export { scenario, runScenario, loadScenario, parseScenario, ScenarioBuilder, type Scenario } from '../replay/text-scenario.js';
export { dunbotMatchers } from './matchers.js';
