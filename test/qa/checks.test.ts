import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/domain/locale.js';
import { callFacts, qaCheckNamed, type CheckResult, type InspectionContext } from '../../src/qa/index.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { endPromiseCall, MORNING, PROMISE_AMOUNT, PROMISE_DATE, promiseCall, RecordBuilder, WORDS } from './record-builder.js';

/** Runs one check of the vocabulary, with `params`, on a record. */
function check(name: string, record: CallRecord, context: InspectionContext, params?: Record<string, unknown>): CheckResult {
  const definition = qaCheckNamed(name);
  if (definition === undefined) throw new Error(`no check ${name}`);
  const compiled = definition.compile(params);
  if (!compiled.ok) throw new Error(`bad params: ${JSON.stringify(compiled.issues)}`);
  return compiled.check(callFacts(record, context));
}

function passed(result: CheckResult): boolean | 'n/a' {
  return result.applicable ? result.passed : 'n/a';
}

const say = (locale: Locale, key: string): string => WORDS[locale][key] ?? '';

describe.each(LOCALES)('the checks on hand-built %s calls', (locale) => {
  const good = (): { record: CallRecord; context: InspectionContext } => {
    const builder = promiseCall(locale);
    return { record: endPromiseCall(builder), context: builder.context };
  };

  it('pass every check on a lawful promise-to-pay call', () => {
    const { record, context } = good();
    for (const name of ['prohibited_phrases', 'debt_detail_unverified', 'call_window', 'opening_disclosures', 'promise_readback', 'opening_complete', 'debt_disclosure', 'amounts', 'closing_payment_channel']) {
      const result = check(name, record, context);
      expect({ name, result: passed(result) }, result.detail).toEqual({ name, result: true });
    }
    expect(passed(check('intent_handling', record, context))).toBe('n/a');
    expect(passed(check('hardship_empathy', record, context))).toBe('n/a');
  });

  describe('prohibited_phrases', () => {
    const threat = { 'en-US': 'If you do not pay we will garnish your wages.', 'zh-CN': '你再不还就等着坐牢吧。' }[locale];

    it('fails on a prohibited phrase in anything the bot said, a generated answer included, naming the rule and the line', () => {
      const builder = new RecordBuilder(locale).verified().sayText('askPayment', 'answer.generated', threat, true);
      const result = check('prohibited_phrases', builder.end('askPayment', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toMatch(locale === 'en-US' ? /en\.asset_seizure "garnish"/ : /zh\.arrest "坐牢"/);
      expect(result.detail).toContain('answer.generated');
      expect(result.applicable && result.at?.[0]?.entry).toBe(7);
    });

    it('adds the patterns of the rule, per locale', () => {
      const { record, context } = good();
      const word = { 'en-US': 'mobile app', 'zh-CN': '官方app' }[locale];
      const result = check('prohibited_phrases', record, context, { patterns: { [locale]: [word] } });
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('closing.payment_channel');
      expect(passed(check('prohibited_phrases', record, context, { patterns: { [locale === 'en-US' ? 'zh-CN' : 'en-US']: [word] } }))).toBe(true);
    });
  });

  describe('debt_detail_unverified', () => {
    it('fails on a debt detail before verification', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').say('opening', 'disclosure.debt').says('opening', say(locale, 'yes'), 'affirm').move('opening', 'askPayment', 'user.said:affirm');
      const result = check('debt_detail_unverified', builder.end('askPayment', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('disclosure.debt (balance)');
      expect(result.detail).toContain('before the debtor was verified');
    });

    it('fails on generated words that speak of the debt before verification, as the guard reads them', () => {
      const words = { 'en-US': 'Your loan is past due.', 'zh-CN': '您的借款已经逾期了。' }[locale];
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', 'who is this', 'ask_caller_identity').sayText('opening', 'answer.generated', words, true);
      expect(passed(check('debt_detail_unverified', builder.end('opening', 'HUNG_UP'), builder.context))).toBe(false);
    });

    it('fails on a debt detail after the speaker says they are someone else', () => {
      const builder = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'brother'), 'third_party').say('askPayment', 'info.balance');
      const result = check('debt_detail_unverified', builder.end('askPayment', 'THIRD_PARTY'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('after the speaker said they are someone else');
    });

    it('passes a third party who hears only the callback request', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', say(locale, 'brother'), 'third_party').move('opening', 'thirdParty', 'user.said:third_party').say('thirdParty', 'third_party.message');
      const result = check('debt_detail_unverified', builder.end('thirdParty', 'THIRD_PARTY'), builder.context);
      expect(passed(result)).toBe(true);
      expect(result.detail).toContain('never verified');
    });
  });

  describe('call_window', () => {
    const late = { 'en-US': '2026-03-12T02:30:00Z', 'zh-CN': '2026-03-11T15:30:00Z' }[locale];

    it('fails a call held at night in the debtor\'s time zone', () => {
      const builder = promiseCall(locale, late);
      const result = check('call_window', endPromiseCall(builder), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toMatch(locale === 'en-US' ? /started at 22:30:\d\d/ : /started at 23:30:\d\d/);
    });

    it('allows each jurisdiction its own hours: 21:30 is too late in the US, not in China', () => {
      const halfPastNine = { 'en-US': '2026-03-12T01:30:00Z', 'zh-CN': '2026-03-11T13:30:00Z' }[locale];
      const builder = promiseCall(locale, halfPastNine);
      expect(passed(check('call_window', endPromiseCall(builder), builder.context))).toBe(locale === 'zh-CN');
    });

    it('counts the end of the call too, unless `through` is "start"', () => {
      const beforeNine = { 'en-US': '2026-03-12T00:59:00Z', 'zh-CN': '2026-03-11T13:59:00Z' }[locale];
      const builder = promiseCall(locale, beforeNine).wait(locale === 'en-US' ? 120_000 : 3_720_000);
      const record = endPromiseCall(builder);
      expect(passed(check('call_window', record, builder.context))).toBe(false);
      expect(passed(check('call_window', record, builder.context, { through: 'start' }))).toBe(true);
    });

    it('takes the hours a rule sets for a locale, and keeps the default of a locale it leaves out', () => {
      const halfPastTen = { 'en-US': '2026-03-12T02:30:00Z', 'zh-CN': '2026-03-11T14:30:00Z' }[locale];
      const builder = promiseCall(locale, halfPastTen);
      const record = endPromiseCall(builder);
      expect(passed(check('call_window', record, builder.context, { windows: { [locale]: { from: '09:00', to: '23:00' } } }))).toBe(true);
      const other = locale === 'en-US' ? 'zh-CN' : 'en-US';
      expect(passed(check('call_window', record, builder.context, { windows: { [other]: { from: '09:00', to: '23:00' } } }))).toBe(false);
    });

    it('does not apply without the debtor record: the call record holds no time zone', () => {
      const { record, context } = good();
      const result = check('call_window', record, { scripts: context.scripts });
      expect(passed(result)).toBe('n/a');
      expect(result.detail).toContain('holds no time zone');
    });
  });

  describe('opening_disclosures', () => {
    it('fails when the call does not open with the AI and recording notice', () => {
      const builder = new RecordBuilder(locale).say('opening', 'verify.ask_identity').says('opening', say(locale, 'yes'), 'affirm');
      const result = check('opening_disclosures', builder.end('opening', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('ai: never said');
      expect(result.detail).toContain('recording: never said');
    });

    it('fails when the greeting was cut by a barge-in', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').interrupted('opening', 'opening.greeting', 1200, 6000).says('opening', say(locale, 'yes'), 'affirm');
      expect(check('opening_disclosures', builder.end('opening', 'HUNG_UP'), builder.context).detail).toContain('cut by a barge-in after 1200 of 6000 ms');
    });

    it('fails a greeting whose words no longer disclose the recording', () => {
      const words = { 'en-US': 'Hello, this is an automated AI assistant calling for Account Services. May I please speak with John Smith?', 'zh-CN': '您好，我是客户服务中心的智能语音助手。请问您是张伟吗？' }[locale];
      const builder = new RecordBuilder(locale).sayText('opening', 'opening.greeting', words).says('opening', say(locale, 'yes'), 'affirm');
      const result = check('opening_disclosures', builder.end('opening', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).not.toContain('ai:');
      expect(result.detail).toContain('recording: never said');
    });
  });

  describe('promise_readback', () => {
    const amount = PROMISE_AMOUNT[locale];

    it('fails a promise captured without a read-back', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'promise'), 'promise_to_pay', { amount, date: PROMISE_DATE })
        .move('askPayment', 'promiseKept', 'user.said:promise_to_pay')
        .promise(amount, PROMISE_DATE)
        .say('promiseKept', 'promise.confirmed', { amount, date: PROMISE_DATE });
      const result = check('promise_readback', builder.end('promiseKept', 'PTP', { promise: { amount, date: PROMISE_DATE, kind: 'single' } }), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('was to early.ask_payment, not a read-back');
    });

    it('fails a promise captured after a "no" to the read-back', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'promise'), 'promise_to_pay', { amount, date: PROMISE_DATE })
        .say('promiseReadback', 'promise.readback', { amount, date: PROMISE_DATE })
        .says('promiseReadback', say(locale, 'no'), 'deny')
        .promise(amount, PROMISE_DATE);
      expect(check('promise_readback', builder.end('promiseKept', 'PTP'), builder.context).detail).toContain('was no yes (deny)');
    });

    it('fails a read-back of other terms than those captured', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'promise'), 'promise_to_pay', { amount, date: PROMISE_DATE })
        .say('promiseReadback', 'promise.readback', { amount: amount + 100, date: '2026-03-14' })
        .says('promiseReadback', say(locale, 'right'), 'affirm')
        .promise(amount, PROMISE_DATE);
      const result = check('promise_readback', builder.end('promiseKept', 'PTP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toMatch(/did not say the amount \(.+\) or the date/);
    });

    it('takes the key 1 as a yes, and a plan agreed to the offer that states its terms', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'hardship'), 'hardship')
        .say('planOffer', 'hardship.empathy')
        .say('planOffer', 'plan.offer')
        .key('planOffer', '1')
        .move('planOffer', 'planAgreed', 'user.dtmf');
      const { offers } = callFacts(builder.end('planAgreed', 'HARDSHIP_PLAN'), builder.context).account ?? {};
      if (offers === undefined) throw new Error('no account');
      builder.promise(offers.installmentAmount, offers.firstDate, 'plan', offers.installments);
      const result = check('promise_readback', builder.end('planAgreed', 'HARDSHIP_PLAN'), builder.context);
      expect(passed(result), result.detail).toBe(true);
    });

    it('takes the debtor restating the plan read to them as agreement, but not a "no" that names the figure', () => {
      const plan = (intent: 'promise_to_pay' | 'deny'): CallRecord => {
        const builder = new RecordBuilder(locale).verified().say('planOffer', 'plan.offer');
        const { offers } = callFacts(builder.end('planOffer', 'HUNG_UP'), builder.context).account ?? {};
        if (offers === undefined) throw new Error('no account');
        return builder.says('planOffer', String(offers.installmentAmount), intent, { amount: offers.installmentAmount })
          .promise(offers.installmentAmount, offers.firstDate, 'plan', offers.installments)
          .end('planAgreed', 'HARDSHIP_PLAN');
      };
      const context = new RecordBuilder(locale).context;
      expect(passed(check('promise_readback', plan('promise_to_pay'), context))).toBe(true);
      expect(check('promise_readback', plan('deny'), context).detail).toContain('was no yes (deny)');
    });

    it('reads past the keys said after a repeated read-back to the read-back itself', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'promise'), 'promise_to_pay', { amount, date: PROMISE_DATE })
        .say('promiseReadback', 'promise.readback', { amount, date: PROMISE_DATE })
        .silence('promiseReadback')
        .say('promiseReadback', 'common.no_input')
        .say('promiseReadback', 'promise.readback', { amount, date: PROMISE_DATE })
        .say('promiseReadback', 'keypad.keys_yes_no_person')
        .key('promiseReadback', '1')
        .promise(amount, PROMISE_DATE);
      const result = check('promise_readback', builder.end('promiseKept', 'PTP'), builder.context);
      expect(passed(result), result.detail).toBe(true);
      expect(passed(check('promise_readback', builder.end('promiseKept', 'PTP'), builder.context, { asidePrompts: [] }))).toBe(false);
    });

    it('does not apply to a call without a promise', () => {
      const builder = new RecordBuilder(locale).verified();
      expect(passed(check('promise_readback', builder.end('askPayment', 'HUNG_UP'), builder.context))).toBe('n/a');
    });
  });

  describe('opening_complete', () => {
    it('fails when the greeting does not ask for the debtor by name', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting', { name: locale === 'en-US' ? 'Jane Doe' : '李四' });
      const result = check('opening_complete', builder.end('opening', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('does not ask for the debtor by name');
    });

    it('fails when the call opens with another line', () => {
      const builder = new RecordBuilder(locale).say('opening', 'verify.ask_identity');
      expect(check('opening_complete', builder.end('opening', 'HUNG_UP'), builder.context).detail).toContain('opened with verify.ask_identity, not opening.greeting');
    });
  });

  describe('debt_disclosure', () => {
    it('fails when the collector notice is left out after verification', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', say(locale, 'yes'), 'affirm').move('opening', 'askPayment', 'user.said:affirm').say('askPayment', 'disclosure.debt').say('askPayment', 'early.ask_payment');
      const result = check('debt_disclosure', builder.end('askPayment', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('disclosure.collector_notice never said after verification');
    });

    it('fails when payment talk comes before the amount and due date', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', say(locale, 'yes'), 'affirm').move('opening', 'askPayment', 'user.said:affirm')
        .say('askPayment', 'disclosure.collector_notice').say('askPayment', 'early.ask_payment').say('askPayment', 'disclosure.debt');
      expect(check('debt_disclosure', builder.end('askPayment', 'HUNG_UP'), builder.context).detail).toContain('early.ask_payment (minimumDue) said before the disclosures were complete');
    });

    it('does not apply when the debtor was never verified', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting');
      expect(passed(check('debt_disclosure', builder.end('opening', 'HUNG_UP'), builder.context))).toBe('n/a');
    });
  });

  describe('amounts', () => {
    it('fails a promise above the balance', () => {
      const builder = promiseCall(locale);
      const record = builder.end('promiseKept', 'PTP');
      const high = { ...record, events: record.events.map((event) => (event.type === 'promise.captured' ? { ...event, amount: 99_999 } : event)) };
      const result = check('amounts', high, builder.context, { spoken: false });
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('above the balance');
    });

    it('fails a plan whose instalments do not add up to the balance', () => {
      const builder = new RecordBuilder(locale).verified().promise(100, PROMISE_DATE, 'plan', 3);
      const result = check('amounts', builder.end('planAgreed', 'HARDSHIP_PLAN'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('does not add up to the balance');
    });

    it('fails a sum said that is none of the account\'s', () => {
      const builder = new RecordBuilder(locale).verified().sayText('askPayment', 'info.balance', locale === 'en-US' ? 'The past-due balance is nine hundred ninety nine dollars.' : '您的逾期金额是九百九十九元。');
      const result = check('amounts', builder.end('askPayment', 'HUNG_UP'), builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toMatch(/999 said at entry \d+ .*is none of the account's sums/);
    });

    it('passes sums said with their cents (1,250.50 spoken in words)', () => {
      const builder = promiseCall(locale);
      const record = endPromiseCall(builder);
      if (locale === 'en-US') expect(record.events.some((event) => event.type === 'bot.said' && event.text.includes('and fifty cents'))).toBe(true);
      expect(passed(check('amounts', record, builder.context))).toBe(true);
    });

    it('does not apply without the debtor record', () => {
      const { record, context } = good();
      expect(passed(check('amounts', record, { scripts: context.scripts }))).toBe('n/a');
    });
  });

  describe('intent_handling', () => {
    it('passes an attorney flagged and ended with no more debt talk; fails one followed by a payment request', () => {
      const handled = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'attorney'), 'attorney').move('askPayment', 'attorney', 'user.said:attorney').say('attorney', 'attorney.ask_details');
      expect(passed(check('intent_handling', handled.end('attorney', 'ATTORNEY', { flags: [{ kind: 'attorney' }] }), handled.context))).toBe(true);

      const pushed = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'attorney'), 'attorney').say('askPayment', 'promise.ask_amount');
      const result = check('intent_handling', pushed.end('promiseAmount', 'HUNG_UP'), pushed.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('no attorney flag');
      expect(result.detail).toContain('ended HUNG_UP, not ATTORNEY');
      expect(result.detail).toContain('debt talk after it: promise.ask_amount');
    });

    it('wants distress handed to a person', () => {
      const handed = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'distress'), 'distress', { signals: ['self_harm'] }).say('escalateDistress', 'escalation.distress').escalate('escalateDistress', 'distress');
      expect(passed(check('intent_handling', handed.end('escalateDistress', 'ESCALATED', { escalation: { reason: 'distress' } }), handed.context))).toBe(true);
      const ignored = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'distress'), 'distress').say('askPayment', 'early.ask_payment');
      expect(check('intent_handling', ignored.end('askPayment', 'HUNG_UP'), ignored.context).detail).toContain('no escalation (wanted distress)');
    });

    it('wants "stop calling" flagged and the call ended', () => {
      const builder = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', say(locale, 'cease'), 'cease_contact').move('opening', 'cease', 'user.said:cease_contact').say('cease', 'cease.ack');
      expect(passed(check('intent_handling', builder.end('cease', 'CEASE', { flags: [{ kind: 'cease_contact' }] }), builder.context))).toBe(true);
      expect(check('intent_handling', builder.end('cease', 'CALLBACK'), builder.context).detail).toContain('no cease_contact flag');
    });

    it('judges a dispute only from a verified debtor, and wants it acknowledged', () => {
      const unverified = new RecordBuilder(locale).say('opening', 'opening.greeting').says('opening', say(locale, 'dispute'), 'dispute').say('needRightParty', 'verify.need_right_party');
      expect(passed(check('intent_handling', unverified.end('needRightParty', 'HUNG_UP'), unverified.context))).toBe('n/a');
      const unanswered = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'dispute'), 'dispute').say('askPayment', 'closing.goodbye');
      const result = check('intent_handling', unanswered.end('dispute', 'DISPUTE', { flags: [{ kind: 'dispute' }] }), unanswered.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('dispute.ack never said');
    });

    it('takes the key 0 as a request for a person', () => {
      const builder = new RecordBuilder(locale).verified().key('askPayment', '0').say('escalateHuman', 'escalation.handoff').escalate('escalateHuman', 'request_human');
      const result = check('intent_handling', builder.end('escalateHuman', 'ESCALATED'), builder.context);
      expect(passed(result)).toBe(true);
      expect(result.detail).toContain('key 0');
    });
  });

  describe('hardship_empathy', () => {
    const hardship = (empathy: boolean): { record: CallRecord; context: InspectionContext } => {
      const builder = new RecordBuilder(locale).verified().says('askPayment', say(locale, 'hardship'), 'hardship');
      if (empathy) builder.say('planOffer', 'hardship.empathy');
      builder.say('planOffer', 'plan.offer');
      return { record: builder.end('planOffer', 'HUNG_UP'), context: builder.context };
    };

    it('passes empathy before the plan offer, fails a plan offered straight away', () => {
      const kind = hardship(true);
      expect(passed(check('hardship_empathy', kind.record, kind.context))).toBe(true);
      const blunt = hardship(false);
      const result = check('hardship_empathy', blunt.record, blunt.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('plan.offer');
      expect(result.detail).toContain('no empathy before it');
    });
  });

  describe('closing_payment_channel', () => {
    it('fails a promise the debtor was never told how to keep', () => {
      const builder = new RecordBuilder(locale).verified()
        .says('askPayment', say(locale, 'promise'), 'promise_to_pay', { amount: PROMISE_AMOUNT[locale], date: PROMISE_DATE })
        .say('promiseReadback', 'promise.readback', { amount: PROMISE_AMOUNT[locale], date: PROMISE_DATE })
        .says('promiseReadback', say(locale, 'right'), 'affirm')
        .promise(PROMISE_AMOUNT[locale], PROMISE_DATE)
        .say('promiseKept', 'promise.confirmed', { amount: PROMISE_AMOUNT[locale], date: PROMISE_DATE })
        .say('promiseKept', 'closing.goodbye');
      const record = endPromiseCall(builder);
      const result = check('closing_payment_channel', record, builder.context);
      expect(passed(result)).toBe(false);
      expect(result.detail).toContain('never said closing.payment_channel');
    });

    it('does not apply to a call without a promise', () => {
      const builder = new RecordBuilder(locale, MORNING[locale]).verified();
      expect(passed(check('closing_payment_channel', builder.end('askPayment', 'REFUSED'), builder.context))).toBe('n/a');
    });
  });
});
