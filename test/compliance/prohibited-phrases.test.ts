import { describe, expect, it } from 'vitest';
import { findProhibitedPhrases, PROHIBITED_PHRASE_RULES } from '../../src/compliance/index.js';
import { LOCALES } from '../../src/domain/locale.js';
import { loadScriptsLibrary } from '../../src/scripts/index.js';

/** Violating sentences: text, expected rule id, expected category. */
const EN_VIOLATIONS: readonly (readonly [string, string, string])[] = [
  ['If you do not pay, you will be arrested.', 'en.arrest', 'arrest_threat'],
  ['You could go to JAIL for this.', 'en.arrest', 'arrest_threat'],
  ['People end up in prison over debts like yours.', 'en.arrest', 'arrest_threat'],
  ['There is a warrant out in your name.', 'en.arrest', 'arrest_threat'],
  ['This is the police department.', 'en.police', 'impersonation'],
  ['We will send the sheriff.', 'en.police', 'impersonation'],
  ['I am calling from the county court.', 'en.claim_court', 'impersonation'],
  ['We are attorneys for the creditor.', 'en.claim_attorney', 'impersonation'],
  ["I'm   a lawyer.", 'en.claim_attorney', 'impersonation'],
  ['This is the Law Office of Smith and Jones.', 'en.claim_attorney', 'impersonation'],
  ['Our attorneys are reviewing your file.', 'en.claim_attorney', 'impersonation'],
  ['We are a government agency.', 'en.claim_government', 'impersonation'],
  ['This is the IRS.', 'en.claim_government', 'impersonation'],
  ["Don't be an idiot.", 'en.insult', 'insult'],
  ['That is a stupid excuse.', 'en.insult', 'insult'],
  ['Stop acting like a deadbeat.', 'en.insult', 'insult'],
  ['You are a loser.', 'en.insult', 'insult'],
  ['People like you are scum.', 'en.insult', 'insult'],
  ['Pay the f***ing bill.', 'en.profanity', 'insult'],
  ['What the FUCK is wrong with you?', 'en.profanity', 'insult'],
  ['We will call your employer today.', 'en.contact_third_parties', 'third_party_threat'],
  ['We will not call your employer.', 'en.contact_third_parties', 'third_party_threat'],
  ['Should we tell your family?', 'en.contact_third_parties', 'third_party_threat'],
  ["We'll let your neighbors know.", 'en.contact_third_parties', 'third_party_threat'],
  ['I will tell your boss.', 'en.contact_third_parties', 'third_party_threat'],
  ['We could file criminal charges.', 'en.criminal', 'false_legal_claim'],
  ['You committed fraud when you took this loan.', 'en.criminal', 'false_legal_claim'],
  ['We will sue you.', 'en.lawsuit', 'false_legal_claim'],
  ['Legal action will be taken.', 'en.lawsuit', 'false_legal_claim'],
  ["We'll take you to court.", 'en.lawsuit', 'false_legal_claim'],
  ['We will garnish your wages.', 'en.asset_seizure', 'false_legal_claim'],
  ['Wage garnishment starts next month.', 'en.asset_seizure', 'false_legal_claim'],
  ['We can seize your car.', 'en.asset_seizure', 'false_legal_claim'],
  ['They will take your house.', 'en.asset_seizure', 'false_legal_claim'],
  ['Somebody might hurt you.', 'en.violence', 'violence'],
  ['We know where you live.', 'en.violence', 'violence'],
  ['Take out a payday loan and pay us.', 'en.new_loan', 'new_loan'],
  ['Just borrow money from a friend.', 'en.new_loan', 'new_loan'],
];

const ZH_VIOLATIONS: readonly (readonly [string, string, string])[] = [
  ['再不还钱就抓你。', 'zh.arrest', 'arrest_threat'],
  ['你这样是要坐牢的。', 'zh.arrest', 'arrest_threat'],
  ['你 会 被 拘 留。', 'zh.arrest', 'arrest_threat'],
  ['这种情况会判刑。', 'zh.arrest', 'arrest_threat'],
  ['我们是法院的。', 'zh.claim_authority', 'impersonation'],
  ['我是公安局的工作人员。', 'zh.claim_authority', 'impersonation'],
  ['我们是检察院。', 'zh.claim_authority', 'impersonation'],
  ['我是律师，负责您的案子。', 'zh.claim_authority', 'impersonation'],
  ['我们会把案子移交公安。', 'zh.invoke_authority', 'impersonation'],
  ['你就是个老赖。', 'zh.insult', 'insult'],
  ['你真是废物。', 'zh.insult', 'insult'],
  ['借钱不还，不要脸。', 'zh.insult', 'insult'],
  ['你这个骗子。', 'zh.insult', 'insult'],
  ['王八蛋，赶紧还钱。', 'zh.insult', 'insult'],
  ['你怎么不去死。', 'zh.insult', 'insult'],
  ['我们会通知单位。', 'zh.contact_third_parties', 'third_party_threat'],
  ['我们会告诉你家人。', 'zh.contact_third_parties', 'third_party_threat'],
  ['不还就爆通讯录。', 'zh.contact_third_parties', 'third_party_threat'],
  ['我们会联系你的通讯录。', 'zh.contact_third_parties', 'third_party_threat'],
  ['我们不会通知您的单位。', 'zh.contact_third_parties', 'third_party_threat'],
  ['你这是诈骗。', 'zh.criminal', 'false_legal_claim'],
  ['您要承担刑事责任。', 'zh.criminal', 'false_legal_claim'],
  ['我们会起诉你。', 'zh.lawsuit', 'false_legal_claim'],
  ['马上给您发律师函。', 'zh.lawsuit', 'false_legal_claim'],
  ['法院会强制执行您的财产。', 'zh.asset_seizure', 'false_legal_claim'],
  ['我们会冻结你的银行卡。', 'zh.asset_seizure', 'false_legal_claim'],
  ['小心我弄死你。', 'zh.violence', 'violence'],
  ['不还你等着瞧，后果自负。', 'zh.violence', 'violence'],
  ['你可以去借网贷来还。', 'zh.new_loan', 'new_loan'],
  ['找朋友借钱来还吧。', 'zh.new_loan', 'new_loan'],
  ['用信用卡套现还款。', 'zh.new_loan', 'new_loan'],
];

const EN_LAWFUL = [
  "Could you please give me your attorney's name and phone number?",
  "Thank you. From now on, we'll contact your attorney instead.",
  'Could you please tell me the case number and the court where it was filed?',
  'The status of this account is reported to the credit bureaus, which may affect your credit.',
  'Under your agreement, late fees continue to be added while the account is past due.',
  'This is a debt collector attempting to collect a debt, and any information obtained will be used for that purpose.',
  "If you're thinking about harming yourself, please call 988 right now.",
  'May I please speak with Sue Johnson?',
  'I understand that you dispute this, and we will stop asking for payment until it has been reviewed.',
  'Please ask them to call Acme Services back. Thank you.',
  'Understood. We will stop calling you.',
];

const ZH_LAWFUL = [
  '请问您能告诉我您律师的姓名和联系电话吗？',
  '谢谢您。之后我们会直接和您的律师沟通。',
  '请问您能告诉我破产案件的案号，以及是在哪家法院受理的吗？',
  '这个账户的还款情况会报送征信系统，可能会影响您的个人信用记录。',
  '按照借款合同的约定，账户逾期期间会继续产生逾期费用。',
  '我们受某某银行委托，就您在某某银行的借款账户和您联系。',
  '如果您有伤害自己的想法，请马上拨打心理援助热线。',
  '您好，我是某某公司的智能语音助手，本次通话将被录音。',
  '麻烦您帮忙转告一下，请他方便的时候给我们回个电话。',
  '明白，我们之后不会再给您打电话了。',
  '您的信用卡还款日是每月5号。',
];

describe('findProhibitedPhrases', () => {
  it.each(EN_VIOLATIONS)('en-US flags "%s" as %s (%s)', (text, ruleId, category) => {
    expect(findProhibitedPhrases(text, 'en-US')).toContainEqual(expect.objectContaining({ ruleId, category }));
  });

  it.each(ZH_VIOLATIONS)('zh-CN flags "%s" as %s (%s)', (text, ruleId, category) => {
    expect(findProhibitedPhrases(text, 'zh-CN')).toContainEqual(expect.objectContaining({ ruleId, category }));
  });

  it.each(EN_LAWFUL)('en-US finds nothing in "%s"', (text) => {
    expect(findProhibitedPhrases(text, 'en-US')).toEqual([]);
  });

  it.each(ZH_LAWFUL)('zh-CN finds nothing in "%s"', (text) => {
    expect(findProhibitedPhrases(text, 'zh-CN')).toEqual([]);
  });

  it('reports the matched phrase, normalised', () => {
    expect(findProhibitedPhrases('You  will be   ARRESTED.', 'en-US')).toEqual([{ ruleId: 'en.arrest', category: 'arrest_threat', match: 'arrested' }]);
    expect(findProhibitedPhrases('等着 坐 牢 吧', 'zh-CN')).toEqual([{ ruleId: 'zh.arrest', category: 'arrest_threat', match: '坐牢' }]);
  });

  it('reports every match, one finding each', () => {
    const findings = findProhibitedPhrases('老赖，不还钱就抓你，再通知单位。', 'zh-CN');
    expect(findings.map((finding) => finding.ruleId)).toEqual(['zh.arrest', 'zh.insult', 'zh.contact_third_parties']);
  });

  it('uses unique rule ids', () => {
    const ids = LOCALES.flatMap((locale) => PROHIBITED_PHRASE_RULES[locale].map((rule) => rule.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('passes every prompt of the shipped scripts library', () => {
    const library = loadScriptsLibrary();
    for (const locale of LOCALES) {
      for (const id of library.promptIds()) {
        const text = library.render(locale, id, {
          name: 'Sue', businessName: 'Acme', creditor: 'Acme Bank', callbackNumber: '5551230001', paymentChannel: 'the app',
          crisisLine: '988', balance: 1, minimumDue: 1, minFirstPayment: 1, amount: 1, installmentAmount: 1, lastInstallmentAmount: 1, settlementAmount: 1,
          installments: 2, dueDate: '2026-01-01', date: '2026-01-01', latestDate: '2026-01-01', firstDate: '2026-01-01', daysPastDue: 1,
          answer: 'A short answer.', escalationReason: 'request_human', evidence: 'get me a person', accountFlags: 'times not to call',
        }, { currency: 'USD' }).text;
        expect(findProhibitedPhrases(text, locale), `${locale} ${id}`).toEqual([]);
      }
    }
  });
});
