/** Helpers for testing flows and calls: `import { driveFlow } from 'dunbot/testing'`. */
export { driveFlow, type FlowRun, type TestTurn } from './drive-flow.js';
export { ManualClock } from '../time/clock.js';
export { MemoryCallStore } from '../store/index.js';
export { probeEvents, probeInputs } from '../flow/check/probe-inputs.js';
export { ScriptedAsr, ToneTts } from './scripted-speech.js';
export { TwilioPhone, type PhoneInbound } from './twilio-phone.js';
export { ManualScheduler } from '../time/scheduler.js';
export { TwilioLine, connectTwilioLine, type FrameSink, type TwilioLineCallOptions } from './twilio-line.js';
