import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/domain/locale.js';
import { DunbotError } from '../../src/errors.js';
import { defaultScriptsLibrary, defaultScriptsLibraryDir, loadScriptsLibrary, type PromptVariables } from '../../src/scripts/index.js';

/** Every prompt id with the variables it must use and those it may use (the brief's list). */
const EXPECTED: Readonly<Record<string, { required: readonly string[]; optional?: readonly string[] }>> = {
  'opening.greeting': { required: ['businessName', 'name'] },
  'verify.ask_identity': { required: ['name'] },
  'verify.identity_unverified': { required: ['businessName', 'name'] },
  'verify.need_right_party': { required: ['name'] },
  'verify.ask_id_last4': { required: [] },
  'verify.ask_date_of_birth': { required: [] },
  'verify.ask_postcode': { required: [] },
  'verify.identifier_mismatch': { required: [] },
  'verify.identifier_first': { required: [] },
  'verify.unverified_goodbye': { required: ['callbackNumber'] },
  'disclosure.collector_notice': { required: ['creditor'] },
  'disclosure.debt': { required: ['balance', 'dueDate'], optional: ['daysPastDue'] },
  'early.ask_payment': { required: ['minimumDue'] },
  'mid.ask_payment': { required: ['minimumDue'] },
  'late.ask_payment': { required: ['balance'] },
  'late.settlement_offer': { required: ['settlementAmount', 'latestDate'] },
  'consequences.fees': { required: [] },
  'consequences.credit': { required: [] },
  'consequences.generic': { required: [] },
  'consequences.ask_again': { required: [] },
  'promise.ask_amount': { required: ['minFirstPayment'], optional: ['balance'] },
  'promise.ask_date': { required: ['latestDate'] },
  'promise.amount_too_low': { required: ['minFirstPayment'] },
  'promise.amount_too_high': { required: ['balance'] },
  'promise.date_too_late': { required: ['latestDate'] },
  'promise.date_in_past': { required: [] },
  'promise.readback': { required: ['amount', 'date'] },
  'promise.change': { required: [] },
  'promise.confirmed': { required: ['amount', 'date'] },
  'plan.offer': { required: ['balance', 'installments', 'installmentAmount', 'lastInstallmentAmount', 'firstDate'] },
  'plan.ask_first_payment': { required: [] },
  'plan.confirmed': { required: ['installments', 'installmentAmount', 'lastInstallmentAmount', 'firstDate'] },
  'hardship.empathy': { required: [] },
  'hardship.route': { required: [] },
  'paid.ask_details': { required: [] },
  'paid.thanks': { required: [] },
  'dispute.ack': { required: [] },
  'refuse.ack': { required: ['callbackNumber'] },
  'callback.ack': { required: [] },
  'info.balance': { required: ['balance', 'dueDate'] },
  'info.identity': { required: ['businessName', 'creditor'] },
  'third_party.message': { required: ['businessName', 'callbackNumber'] },
  'wrong_number.apology': { required: [] },
  'cease.ack': { required: [] },
  'attorney.ask_details': { required: [] },
  'attorney.ack': { required: [] },
  'answer.robot': { required: [] },
  'common.cannot_offer': { required: [] },
  'common.turn_limit_goodbye': { required: ['callbackNumber'] },
  'promise.below_minimum_due': { required: ['minimumDue'] },
  'plan.readback': { required: ['installments', 'installmentAmount', 'lastInstallmentAmount', 'firstDate'] },
  'answer.purpose_unverified': { required: ['businessName', 'name'] },
  'answer.payment_channels': { required: ['paymentChannel', 'callbackNumber'] },
  'answer.written_notice': { required: [] },
  'answer.place_restriction': { required: [] },
  'answer.time_restriction': { required: [] },
  'answer.recording_objection': { required: ['callbackNumber'] },
  'answer.complaint': { required: [] },
  'answer.complaint_follow_up': { required: ['callbackNumber'] },
  'answer.repeat_limit': { required: [] },
  'answer.generated': { required: ['answer'] },
  'answer.unknown_question': { required: [] },
  'retraction.apology': { required: ['name', 'businessName', 'callbackNumber'] },
  'bankruptcy.ask_case': { required: [] },
  'bankruptcy.ack': { required: [] },
  'deceased.condolence': { required: ['callbackNumber'] },
  'voicemail.message': { required: ['businessName', 'callbackNumber'] },
  'escalation.handoff': { required: [] },
  'escalation.follow_up': { required: ['callbackNumber'] },
  'system.keypad_only': { required: [] },
  'system.technical_problem': { required: [] },
  'keypad.keys_yes_no_person': { required: [] },
  'keypad.keys_yes_no': { required: [] },
  'keypad.keys_yes_person': { required: [] },
  'keypad.keys_no_person': { required: [] },
  'keypad.keys_yes': { required: [] },
  'keypad.keys_no': { required: [] },
  'keypad.keys_person': { required: [] },
  'keypad.amount': { required: ['amount'] },
  'keypad.date': { required: [] },
  'keypad.id_last4': { required: [] },
  'keypad.date_of_birth': { required: [] },
  'keypad.postcode': { required: [] },
  'escalation.distress': { required: ['crisisLine'] },
  'escalation.distress_follow_up': { required: ['crisisLine', 'callbackNumber'] },
  'escalation.deescalate': { required: [] },
  'escalation.handoff_failed': { required: [] },
  'escalation.handoff_failed_distress': { required: ['crisisLine'] },
  'escalation.handoff_failed_end': { required: ['callbackNumber'] },
  'escalation.handoff_failed_distress_end': { required: ['crisisLine', 'callbackNumber'] },
  'escalation.ask_callback_time': { required: [] },
  'escalation.callback_goodbye': { required: [] },
  'escalation.no_callback_goodbye': { required: ['callbackNumber'] },
  // The agent's summary of a hand-off (never said to the debtor).
  'handoff.summary_who': { required: ['name', 'creditor', 'balance', 'daysPastDue'] },
  'handoff.summary_reason_request_human': { required: [] },
  'handoff.summary_reason_distress': { required: [] },
  'handoff.summary_reason_abusive': { required: [] },
  'handoff.summary_reason_not_understood': { required: [] },
  'handoff.summary_reason_beyond_authority': { required: [] },
  'handoff.summary_reason_violence_threat': { required: [] },
  'handoff.summary_reason_vulnerable': { required: [] },
  'handoff.summary_reason_complaint': { required: [] },
  'handoff.summary_reason_emotion': { required: [] },
  'handoff.summary_reason_dispute': { required: [] },
  'handoff.summary_reason_other': { required: ['escalationReason'] },
  'handoff.summary_evidence': { required: ['evidence'] },
  'handoff.summary_verified': { required: [] },
  'handoff.summary_not_verified': { required: [] },
  'handoff.summary_promise': { required: ['amount', 'date'] },
  'handoff.summary_plan': { required: ['installments', 'amount', 'date'] },
  'handoff.summary_settlement': { required: ['amount', 'date'] },
  'handoff.summary_no_promise': { required: [] },
  'handoff.summary_flags': { required: ['accountFlags'] },
  'handoff.summary_flag_attorney': { required: [] },
  'handoff.summary_flag_bankruptcy': { required: [] },
  'handoff.summary_flag_cease_contact': { required: [] },
  'handoff.summary_flag_dispute': { required: [] },
  'handoff.summary_flag_validation_requested': { required: [] },
  'handoff.summary_flag_deceased': { required: [] },
  'handoff.summary_flag_place_restriction': { required: [] },
  'handoff.summary_flag_time_restriction': { required: [] },
  'handoff.summary_flag_recording_objection': { required: [] },
  'handoff.summary_flag_callback': { required: [] },
  'handoff.summary_flag_disclosure_incident': { required: [] },
  'handoff.summary_flag_identity_not_verified': { required: [] },
  'common.no_input': { required: [] },
  'common.no_match': { required: [] },
  'common.no_response_goodbye': { required: ['callbackNumber'] },
  'common.not_understood_goodbye': { required: ['callbackNumber'] },
  'closing.payment_channel': { required: ['paymentChannel', 'callbackNumber'] },
  'closing.goodbye': { required: [] },
};

const CATALOGUE = {
  name: 'text', businessName: 'text', creditor: 'text', callbackNumber: 'phone', paymentChannel: 'text',
  crisisLine: 'phone', balance: 'money', minimumDue: 'money', minFirstPayment: 'money', amount: 'money',
  installmentAmount: 'money', lastInstallmentAmount: 'money', settlementAmount: 'money', installments: 'count', dueDate: 'date', date: 'date',
  latestDate: 'date', firstDate: 'date', daysPastDue: 'count', answer: 'text', escalationReason: 'text', evidence: 'text', accountFlags: 'text',
};

const SAMPLE: PromptVariables = {
  name: 'John Smith', businessName: 'Acme Services', creditor: 'Acme Auto Finance', callbackNumber: '+15551230001',
  paymentChannel: 'our website', crisisLine: '988', balance: 1250.5, minimumDue: 300, minFirstPayment: 100, amount: 200,
  installmentAmount: 416.83, lastInstallmentAmount: 416.84, settlementAmount: 900, installments: 3, dueDate: '2026-02-20', date: '2026-03-20',
  latestDate: '2026-03-22', firstDate: '2026-04-01', daysPastDue: 19, answer: 'I can only discuss that with John Smith.',
  escalationReason: 'request_human', evidence: 'get me a real person', accountFlags: 'times not to call (only after six)',
};
const CURRENCY: Readonly<Record<Locale, string>> = { 'en-US': 'USD', 'zh-CN': 'CNY' };

/** Prompts that may be heard by someone other than the debtor: no debt words (US-R1, US-V1, CN-O1). */
const NO_DEBT_WORDS = ['common.turn_limit_goodbye', 'common.cannot_offer', 'answer.robot', 'answer.purpose_unverified', 'answer.unknown_question', 'retraction.apology', 'opening.greeting', 'verify.ask_identity', 'verify.identity_unverified', 'verify.need_right_party',
  'third_party.message', 'voicemail.message', 'wrong_number.apology',
  // The runtime's own prompts may be said before the caller is verified.
  'system.keypad_only', 'system.technical_problem',
  // A caller on keys hears which keys answer the greeting before they are verified.
  'keypad.keys_yes_no_person', 'keypad.keys_yes_no', 'keypad.keys_yes_person', 'keypad.keys_no_person', 'keypad.keys_yes', 'keypad.keys_no', 'keypad.keys_person',
  // The second factor is asked for, checked and, when it fails, the call ended before anything about the debt is said.
  'verify.ask_id_last4', 'verify.ask_date_of_birth', 'verify.ask_postcode', 'verify.identifier_mismatch', 'verify.identifier_first', 'verify.unverified_goodbye',
  'keypad.id_last4', 'keypad.date_of_birth', 'keypad.postcode',
  // A hand-off that reached nobody may have been asked for before the caller was verified.
  'escalation.handoff_failed', 'escalation.handoff_failed_distress', 'escalation.handoff_failed_end', 'escalation.handoff_failed_distress_end',
  'escalation.ask_callback_time', 'escalation.callback_goodbye', 'escalation.no_callback_goodbye',
  // Escalations may come before verification (a vulnerable caller, a caller in crisis, a complaint): a person calls back.
  'escalation.follow_up', 'escalation.distress_follow_up', 'answer.complaint_follow_up'];
const DEBT_WORDS: Readonly<Record<Locale, RegExp>> = {
  'en-US': /\b(?:debts?|collect\w*|balance|owe[ds]?|owing|overdue|loans?|payments?)\b/i,
  'zh-CN': /欠|债|催收|逾期|还款|借款|账单/,
};

/** Runs `fn` and returns the DunbotError it throws. */
function thrown(fn: () => unknown): DunbotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DunbotError) return error;
    throw error;
  }
  throw new Error('expected a DunbotError');
}

const library = loadScriptsLibrary();

describe('the shipped scripts library', () => {
  it('declares exactly the variable catalogue', () => {
    const raw: unknown = JSON.parse(readFileSync(join(defaultScriptsLibraryDir(), 'variables.json'), 'utf8'));
    expect(raw).toEqual(CATALOGUE);
    for (const [name, type] of Object.entries(CATALOGUE)) expect(library.variableType(name)).toBe(type);
  });

  it('has exactly the listed prompt ids in every locale', () => {
    expect(library.promptIds()).toEqual(Object.keys(EXPECTED).sort());
    for (const locale of LOCALES) {
      for (const id of Object.keys(EXPECTED)) expect(library.has(locale, id), `${locale} ${id}`).toBe(true);
    }
  });

  it.each(Object.entries(EXPECTED))('%s uses exactly its listed variables in both locales', (id, { required, optional = [] }) => {
    for (const locale of LOCALES) {
      const used = library.variablesOf(locale, id);
      for (const name of required) expect(used, `${locale} ${id}`).toContain(name);
      for (const name of used) expect([...required, ...optional], `${locale} ${id}`).toContain(name);
    }
  });

  it.each(Object.keys(EXPECTED))('%s renders in both locales with sample values', (id) => {
    for (const locale of LOCALES) {
      const rendered = library.render(locale, id, SAMPLE, { currency: CURRENCY[locale] });
      expect(rendered.promptId).toBe(id);
      expect(rendered.locale).toBe(locale);
      expect(rendered.text).not.toMatch(/[{}]/);
      expect(rendered.text.length).toBeGreaterThan(5);
    }
  });

  it.each(NO_DEBT_WORDS)('%s says nothing about a debt in either locale', (id) => {
    for (const locale of LOCALES) {
      expect(library.render(locale, id, SAMPLE, { currency: CURRENCY[locale] }).text).not.toMatch(DEBT_WORDS[locale]);
    }
  });

  it('keeps the opening and the collector notice uninterruptible, and others interruptible by default', () => {
    for (const locale of LOCALES) {
      expect(library.isInterruptible(locale, 'opening.greeting')).toBe(false);
      expect(library.isInterruptible(locale, 'disclosure.collector_notice')).toBe(false);
      expect(library.isInterruptible(locale, 'voicemail.message')).toBe(false);
      expect(library.isInterruptible(locale, 'promise.readback')).toBe(true);
    }
  });

  it('says the call is automated and recorded at the opening, and gives the mini-Miranda (US-D1, US-AI1, CN-AI1)', () => {
    const en = library.render('en-US', 'opening.greeting', SAMPLE, { currency: 'USD' }).text;
    expect(en).toMatch(/\bAI\b/);
    expect(en).toMatch(/recorded/);
    const zh = library.render('zh-CN', 'opening.greeting', SAMPLE, { currency: 'CNY' }).text;
    expect(zh).toContain('智能语音助手');
    expect(zh).toContain('本次通话将被录音');
    expect(library.render('en-US', 'disclosure.collector_notice', SAMPLE, { currency: 'USD' }).text).toContain(
      'This is a debt collector attempting to collect a debt, and any information obtained will be used for that purpose.',
    );
    expect(library.render('zh-CN', 'disclosure.collector_notice', SAMPLE, { currency: 'CNY' }).text).toContain('您在Acme Auto Finance的借款账户');
  });

  it('formats values by their catalogue type', () => {
    expect(library.render('en-US', 'promise.readback', SAMPLE, { currency: 'USD' }).text).toBe(
      'So you will pay two hundred dollars on March 20th. Is that correct?',
    );
    expect(library.render('zh-CN', 'plan.confirmed', { ...SAMPLE, installments: 2, installmentAmount: 8600, lastInstallmentAmount: 8600 }, { currency: 'CNY' }).text).toContain(
      '分两期，每月还八千六百元',
    );
    expect(library.render('en-US', 'refuse.ack', SAMPLE, { currency: 'USD' }).text).toContain('plus 1, 5 5 5, 1 2 3, 0 0 0 1');
  });

  it('is cached per folder by defaultScriptsLibrary', () => {
    expect(defaultScriptsLibrary()).toBe(defaultScriptsLibrary(defaultScriptsLibraryDir()));
  });
});

describe('render errors', () => {
  it('throws DUN_ERR_SCRIPT_MISSING_PROMPT for an unknown id', () => {
    const error = thrown(() => library.render('en-US', 'opening.nope', SAMPLE, { currency: 'USD' }));
    expect(error.code).toBe('DUN_ERR_SCRIPT_MISSING_PROMPT');
    expect(error.message).toContain('opening.nope');
  });

  it('throws DUN_ERR_SCRIPT_MISSING_VARIABLE naming the prompt and the variable', () => {
    const error = thrown(() => library.render('en-US', 'promise.readback', { amount: 200 }, { currency: 'USD' }));
    expect(error.code).toBe('DUN_ERR_SCRIPT_MISSING_VARIABLE');
    expect(error.message).toContain('promise.readback');
    expect(error.message).toContain('date');
    expect(error.details).toMatchObject({ promptId: 'promise.readback', locale: 'en-US', variable: 'date' });
  });

  it.each([
    ['amount', 'two hundred'],
    ['amount', Number.NaN],
    ['amount', -5],
    ['date', '20/03/2026'],
    ['date', 20260320],
  ])('throws DUN_ERR_SCRIPT_BAD_VARIABLE when %s is %s', (name, value) => {
    const error = thrown(() => library.render('zh-CN', 'promise.readback', { ...SAMPLE, [name]: value }, { currency: 'CNY' }));
    expect(error.code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
    expect(error.details).toMatchObject({ promptId: 'promise.readback', variable: name });
  });

  it('rejects a fractional count, a bad phone number and empty text', () => {
    expect(thrown(() => library.render('en-US', 'plan.confirmed', { ...SAMPLE, installments: 2.5 }, { currency: 'USD' })).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
    expect(thrown(() => library.render('en-US', 'refuse.ack', { callbackNumber: 'call us' }, { currency: 'USD' })).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
    expect(thrown(() => library.render('en-US', 'verify.ask_identity', { name: ' ' }, { currency: 'USD' })).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });

  it('ignores extra variables and throws for an undeclared variable type lookup', () => {
    expect(library.render('en-US', 'closing.goodbye', { unused: 1 }, { currency: 'USD' }).text).toBe('Thank you for your time. Goodbye.');
    expect(thrown(() => library.variableType('nickname')).code).toBe('DUN_ERR_SCRIPT_UNKNOWN_VARIABLE');
  });
});

describe('loading a broken library', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Copies the shipped library to a temp folder and applies `edit` to one file. */
  function brokenLibrary(file: string, edit: (content: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-scripts-'));
    dirs.push(dir);
    cpSync(defaultScriptsLibraryDir(), dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return dir;
  }

  /** Replaces the prompts of one file. */
  const withPrompts = (prompts: Record<string, unknown>) => () => JSON.stringify(prompts);

  it('names the locale file and key of a prompt missing in zh-CN', () => {
    const dir = brokenLibrary('zh-CN/closing.json', withPrompts({ payment_channel: '您可以通过{paymentChannel}还款。' }));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_MISSING_PROMPT');
    expect(error.message).toContain('zh-CN/closing.json');
    expect(error.message).toContain('goodbye');
    expect(error.details).toMatchObject({ file: 'zh-CN/closing.json', key: 'goodbye' });
  });

  it('names the file and key of an undeclared placeholder', () => {
    const dir = brokenLibrary('en-US/closing.json', withPrompts({ payment_channel: 'Pay via {paymentChannel}.', goodbye: 'Bye, {nickname}.' }));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_UNKNOWN_VARIABLE');
    expect(error.message).toContain('en-US/closing.json');
    expect(error.message).toContain('goodbye');
    expect(error.details).toMatchObject({ file: 'en-US/closing.json', key: 'goodbye', variable: 'nickname' });
  });

  it('names the file that is not valid JSON', () => {
    const dir = brokenLibrary('en-US/closing.json', (content) => content.replace('{', '{,'));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_PARSE');
    expect(error.message).toContain('en-US/closing.json');
    expect(error.details).toMatchObject({ file: 'en-US/closing.json' });
  });

  it('names the file and key of a prompt of the wrong shape', () => {
    const dir = brokenLibrary('en-US/closing.json', withPrompts({ payment_channel: 'Pay via {paymentChannel}.', goodbye: { text: 'Bye.', interruptible: 'no' } }));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_PARSE');
    expect(error.message).toContain('goodbye');
    expect(error.details).toMatchObject({ file: 'en-US/closing.json', key: 'goodbye' });
  });

  it('rejects an unbalanced brace', () => {
    const dir = brokenLibrary('en-US/closing.json', withPrompts({ payment_channel: 'Pay via {paymentChannel.', goodbye: 'Bye.' }));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_PARSE');
    expect(error.details).toMatchObject({ file: 'en-US/closing.json', key: 'payment_channel' });
  });

  it.each([
    ['zh-CN/closing.json', { payment_channel: '您可以通过{paymentChannel}还款。', goodbye: '再不还钱就让你坐牢。' }, 'zh.arrest'],
    ['en-US/closing.json', { payment_channel: 'Pay via {paymentChannel}.', goodbye: 'Pay today or we will call your employer.' }, 'en.contact_third_parties'],
  ])('names the file, key and rule of a prohibited phrase in %s', (file, prompts, ruleId) => {
    const dir = brokenLibrary(file, withPrompts(prompts));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_PROHIBITED');
    expect(error.message).toContain(file);
    expect(error.message).toContain('goodbye');
    expect(error.message).toContain(ruleId);
    expect(error.details).toMatchObject({ file, key: 'goodbye', ruleId });
  });

  it('rejects a variable catalogue with an unknown type', () => {
    const dir = brokenLibrary('variables.json', (content) => content.replace('"money"', '"cash"'));
    const error = thrown(() => loadScriptsLibrary(dir));
    expect(error.code).toBe('DUN_ERR_SCRIPT_PARSE');
    expect(error.details).toMatchObject({ file: 'variables.json', key: 'balance' });
  });

  it('rejects a folder that is not a supported locale', () => {
    const dir = brokenLibrary('variables.json', (content) => content);
    mkdirSync(join(dir, 'zh-cn'));
    expect(thrown(() => loadScriptsLibrary(dir)).code).toBe('DUN_ERR_SCRIPT_PARSE');
  });

  it('loads an unbroken copy', () => {
    const dir = brokenLibrary('variables.json', (content) => content);
    expect(loadScriptsLibrary(dir).promptIds()).toEqual(library.promptIds());
  });
});
