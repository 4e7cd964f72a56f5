import type { Intent } from '../../nlu/intents.js';

/**
 * What a debtor says for each intent, in JSGF expansion syntax (`[optional]`, `(a | b)`, and the
 * shared rules `<amount>`, `<date>`, `<past_date>`, `<number>`, `<kin>`), lower case and
 * spelled only with words of the soundswallower en-us dictionary. The grammar built from it is a
 * closed set: speech outside it is caught by a filler loop where it can be (`EN_US_FILLER_WORDS`),
 * else mapped to the nearest phrase, so flows read back what matters.
 */
export const EN_US_INTENT_PHRASES: Readonly<Record<Intent, readonly string[]>> = {
  affirm: [
    '(yes | yeah | yep | sure | okay | correct | right | absolutely | of course | exactly)',
    '(yes | yeah) (speaking | it is | that is right | that is me | that is correct | please | i am | i do | i can)',
    'speaking',
    '(that is | that\'s) (right | correct | me | fine | true)',
    '(it is | it\'s | this is) (me | him | her | he | she)',
    '(this is | it\'s) (he | she) speaking',
    '(sounds | that sounds) (good | fine | great)',
    '(that | this) works [for me]',
    '(i agree | deal | go ahead | i understand)',
  ],
  deny: [
    '(no | nope | nah | negative)',
    'no (it is not | it isn\'t | that is not right | that is wrong | i don\'t | thank you | thanks)',
    '(that is | that\'s) (not right | not correct | wrong | incorrect | not me)',
    '(not me | not really | absolutely not | not at all)',
  ],
  promise_to_pay: [
    "((i can | i will | i'll | i could | i am going to | i'm going to | we can | we will) (pay | send | make (a | the) payment [of]) | let me pay) [it | the (full | whole) (amount | balance) | the minimum | in full] [<amount>] [<date>]",
    "(i will | i'll) (pay you back | have the money) [<date>]",
  ],
  already_paid: [
    'i already (paid [it | that] | sent it | made the payment)',
    'i (paid | sent) (it | that | the payment | you) [already] [<past_date>]',
    '(it is | it\'s | it was | that was) already paid',
    '(it | the bill | the loan) (is | was | has been) paid off',
  ],
  dispute: [
    '(that is | that\'s | this is | it is | it\'s) not my (debt | loan | account | card | bill)',
    '(that is | that\'s | this is) not mine',
    'i (don\'t | do not) owe (this | that | you | anything)',
    'i never (took out (a | that | this) loan | borrowed (any | that) money | opened (that | this) account | signed anything)',
    'the (amount | balance) is wrong',
    '(this | that | it) is a mistake',
    'i (don\'t | do not) recognize (this | that) (debt | account | loan)',
  ],
  hardship: [
    'i lost my job',
    'i (got | was) laid off',
    'i am (unemployed | sick | in the hospital | broke | out of work | struggling)',
    'i\'m (unemployed | sick | in the hospital | broke | out of work | struggling)',
    'i (don\'t | do not) have (any | the | enough) money',
    'i (can\'t | cannot) afford (it | that | to pay | the payment)',
    '(money is | things are) tight',
    'i have no (money | income | job)',
  ],
  request_plan: [
    'can i pay in installments',
    'can i (set up | get | have) a (payment plan | plan | payment arrangement)',
    'can i (get | have) (an extension | more time)',
    'i need (more time | a few more (days | weeks) | an extension | a payment plan)',
    'can i pay (<amount> (a | per | every) (month | week) | (on | by) <date> | part of it [now] | half [now] | a little at a time)',
    'can (you | we) (lower | reduce) the (amount | balance | payment)',
    '(can we | could we) work something out',
  ],
  refuse: [
    'i am not (paying | going to pay | paying that | paying you)',
    'i\'m not (paying | going to pay | paying that | paying you)',
    'i (will not | won\'t | refuse to) pay',
    '(sue me | forget it)',
  ],
  callback: [
    'call me back [later | <date> | in an hour | this (afternoon | evening) | tonight]',
    '(can you | could you) call (me | back) (later | tomorrow | tonight | another time)',
    'i am (busy | driving | at work | in a meeting) [right now]',
    'i\'m (busy | driving | at work | in a meeting) [right now]',
    '(this is | it\'s) not a good time',
    'i (can\'t | cannot) talk right now',
  ],
  wrong_number: [
    '[you have | you\'ve got] [the] wrong number',
    'i (don\'t | do not) know (that person | who that is | anyone by that name)',
    '(there is | there\'s) no one here by that name',
    'nobody (here is | by that name lives here)',
  ],
  third_party: [
    '(he is | he\'s | she is | she\'s) not (here | home | available | in)',
    '(he is | he\'s | she is | she\'s) (at work | out | away | asleep)',
    '(i am | i\'m | this is) (his | her) <kin>',
    '(he | she) (doesn\'t | does not) live here [anymore]',
    'can i take a message',
  ],
  request_human: [
    '(let me | i want to | i need to | can i) (talk | speak) to a (real person | person | human | manager | supervisor | representative | agent)',
    '(transfer | connect) me to (a person | a human | an agent | a representative | your supervisor | a manager)',
    '(get me | give me) (a manager | a supervisor | a real person | a representative)',
    '(representative | operator | agent)',
  ],
  attorney: [
    '(talk | speak) to my (lawyer | attorney)',
    'i have (a lawyer | an attorney)',
    '(call | contact) my (lawyer | attorney)',
    'my (lawyer | attorney) (will contact you | handles this)',
  ],
  bankruptcy: [
    'i filed (for bankruptcy | chapter (seven | thirteen | eleven))',
    '(i am | i\'m | i went) bankrupt',
    '(i am | i\'m) in bankruptcy',
  ],
  cease_contact: [
    'stop calling (me | this number | here)',
    '(do not | don\'t) (call | contact) me (again | anymore)',
    'leave me alone',
    'take me off your (list | calling list)',
  ],
  ask_balance: [
    'how much (do i owe | is it | is the payment | is the balance | is my balance)',
    'what is (my | the) (balance | amount | due date | minimum payment)',
    'when is (it | the payment) due',
  ],
  ask_caller_identity: [
    'who (is this | is calling | are you)',
    'who is (this calling | speaking)',
    'what (company | bank) is this',
    'where are you calling from',
    'what is this (about | regarding)',
    '(are you | is this) a (robot | machine | real person | scam)',
  ],
  abusive: [
    '(go to hell | shut up | screw you | get lost)',
    'you (are | people are) (idiots | an idiot | crooks | liars | thieves)',
  ],
  distress: [
    'i (can\'t | cannot) (go on | take this anymore | take it anymore)',
    'i (want to die | don\'t want to live anymore | don\'t know what to do anymore)',
    'i want to kill myself',
  ],
  deceased: [
    '(he | she | my <kin>) (passed away | died)',
    '(he | she) (is | has) (dead | passed)',
  ],
  unknown: [
    '(hello | what | sorry | excuse me | pardon)',
    '(can you | could you) (repeat that | say that again)',
    '(hold on | one moment | just a moment | wait)',
    'i (don\'t | do not) understand',
  ],
};

/**
 * What a debtor says to confirm who they are, with `<name>` standing for the debtor's names (the
 * grammar's `<name>` rule): used at a question that asks who is speaking.
 */
export const EN_US_IDENTITY_PHRASES: readonly string[] = [
  '[yes | yeah] (this is | it is | it\'s | i am | i\'m) <name> [speaking | here]',
  '<name> [speaking | here]',
  '[yes | yeah] (speaking | that is me | that\'s me | you got me)',
  '[yes | yeah] (this is | it is | it\'s) (he | she | me) [speaking]',
];

/**
 * Short dictionary words, one or two phones each, that together cover most English phones: a loop
 * of them (the grammar's `<garbage>` rule) soaks up speech that no phrase fits, so the recognizer
 * can say "not understood" instead of the nearest phrase. None is a word the phrases use.
 */
export const EN_US_FILLER_WORDS: readonly string[] = [
  'ing', 'mm', 'shh', 'bah', 'da', 'ga', 'ha', 'ka', 'la', 'na', 'pa', 'ra', 'sa', 'ta', 'wa', 'ya',
  'tho', 'chu', 'fu', 'gee', 'vee', 'zee', 'thee', 'ugh', 'oop', 'ack', 'thigh',
];
