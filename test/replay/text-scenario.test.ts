import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, runScenario, scenario } from '../../src/replay/text-scenario.js';
import { dunbotMatchers } from '../../src/testing/matchers.js';

const root = join(import.meta.dirname, '..', '..');
const EN_DEBTOR = join(root, 'fixtures', 'debtors', 'en-US-early.json');
const NEW_YORK_MORNING = '2026-03-11T10:00:00-04:00';

beforeAll(() => {
  expect.extend(dunbotMatchers);
});

describe('text scenarios written in code', () => {
  it('holds the call through the real session and understanding, and the matchers read what it did', async () => {
    const result = await scenario('early').debtor(EN_DEBTOR).at(NEW_YORK_MORNING)
      .says('yes this is john').expectBot('disclosure.debt')
      .says('i can pay 200 on friday').expectBot('promise.readback')
      .says('yes')
      .expect({ disposition: 'PTP', promise: { amount: 200, date: '2026-03-13' } })
      .run();
    expect(result).toMeetItsExpectations();
    expect(result).toEndWith('PTP');
    expect(result).toHaveSaid('promise.readback');
    expect(result).not.toHaveSaid('common.no_match');
    expect(() => expect(result).toEndWith('REFUSED')).toThrow('expected the call to end REFUSED, it ended PTP');
    expect(() => expect(result).toHaveFlag('attorney')).toThrow('expected the flag attorney; the call raised none');
  });

  it('says which step did not happen, and what the bot said instead', async () => {
    const result = await scenario().debtor(EN_DEBTOR).at(NEW_YORK_MORNING).says('yes this is john').expectBot('closing.goodbye').run();
    expect(result.passed).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'after turn 1: bot said closing.goodbye', passed: false, diff: [expect.stringMatching(/^the bot said .*disclosure\.debt/)] });
    expect(() => expect(result).toMeetItsExpectations()).toThrow(/after turn 1: bot said closing\.goodbye/);
  });

  it('flags a represented debtor and hands a debtor in distress to a person', async () => {
    const attorney = await scenario().debtor(EN_DEBTOR).at(NEW_YORK_MORNING).says('yes this is john').says('talk to my attorney, her name is Jane Doe').run();
    expect(attorney).toHaveFlag('attorney');
    expect(attorney).toEndWith('ATTORNEY');
    const distress = await scenario().debtor(EN_DEBTOR).at(NEW_YORK_MORNING).says('yes this is john').says("i can't do this anymore, i just want to end it all").run();
    expect(distress).toHaveEscalatedFor('distress');
  });

  it('reads YAML as JSON, and says which format it could not read', () => {
    const yaml = loadScenario(join(root, 'fixtures', 'scenarios', 'en-US-mid-attorney.scenario.yaml'));
    expect(yaml.steps[0]).toEqual({ says: 'yes this is maria' });
    expect(yaml.debtor).toBe(join(root, 'fixtures', 'debtors', 'en-US-mid.json'));
    expect(() => loadScenario(join(root, 'fixtures', 'debtors', 'no-such.yaml'))).toThrow(/could not be read as YAML/);
  });

  it('refuses a scenario that is not one, naming each problem', () => {
    expect(() => scenario().debtor(EN_DEBTOR).at('tomorrow').says('yes').build()).toThrow(/now: /);
    expect(() => scenario().debtor(EN_DEBTOR).at(NEW_YORK_MORNING).build()).toThrow(/steps: /);
    expect(() => scenario().debtor(EN_DEBTOR).at(NEW_YORK_MORNING).presses('12').build()).toThrow(/expected one key/);
  });
});

describe('text scenarios as files', () => {
  it.each(['zh-CN-early-promise.scenario.json', 'en-US-early-third-party.scenario.json', 'en-US-mid-attorney.scenario.yaml'])('%s holds as written', async (file) => {
    const result = await runScenario(loadScenario(join(root, 'fixtures', 'scenarios', file)));
    expect(result).toMeetItsExpectations();
  });
});
