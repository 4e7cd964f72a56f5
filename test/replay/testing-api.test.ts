import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dunbotMatchers, loadFixture, replayCall, scenario } from '../../src/testing/index.js';

// The example of docs/replay.md, as a flow author writes it against `dunbot/testing`.
const root = join(import.meta.dirname, '..', '..');
expect.extend(dunbotMatchers);

it('replays the recorded promise', async () => {
  const result = await replayCall(loadFixture(join(root, 'fixtures/calls/en-US-early-ptp.json')));
  expect(result).toMeetItsExpectations();
  expect(result).toAnswerWithin(1500);
  expect(() => expect(result).toAnswerWithin(100)).toThrow(/expected every turn within 100 ms; 3 of 3 took longer \(worst 300 ms\)/);
});

it('never discloses the debt to a third party', async () => {
  const result = await scenario('early').debtor(join(root, 'fixtures/debtors/en-US-early.json')).at('2026-03-11T10:00:00-04:00')
    .says("no this is his wife, he's at work")
    .run();
  expect(result).toEndWith('THIRD_PARTY');
  expect(result).not.toHaveSaid('disclosure.debt');
});
