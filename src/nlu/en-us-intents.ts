import { defineRule as r, type IntentRule, type IntentVeto } from './intent-rule.js';

// Patterns run over normalized English: lowercase, contractions expanded ("can not", "i am",
// "will not"), no punctuation, with dates replaced by "xdate" and amounts by "xamt".
const KIN = '(?:wife|husband|mom|mother|mum|dad|father|brother|sister|son|daughter|roommate|friend|partner|boyfriend|girlfriend|kid|aunt|uncle|cousin|neighbor|neighbour|coworker|boss|grandma|grandmother|grandpa|grandfather|fiance|fiancee|nephew|niece|stepson|stepdaughter)';
const PERSON = `(?:he|she|they|${KIN}|person|who|debtor)`;
const AGENT = '(?:person|human|agent|representative|rep|supervisor|manager|operator|somebody|someone|human being|live agent|real person|customer service)';
const MACHINE = '(?:robot|machine|bot|computer|recording|ai|automated system|automated voice)';
const PAY_VERB = '(?:pay|send|transfer|wire|put|make|give|mail|settle|cover|drop|deposit|bring|manage|clear|swing|handle|knock out|take care of|square up|catch up|get (?:it|you|the money|that|your money|the payment|this)|have (?:it|the money|the cash|your money|the payment|that|xamt)|do it|sort (?:it|this) out)';
// "I can pay some / part of it" negotiates; it commits to nothing (that is request_plan).
const NOT_PARTIAL = '(?! (?:some|part|a part|a little|a bit|what i can|something|half|more|less|it all at once|anything)(?!.* xdate))';
const NO_NEG_GAP = '(?: (?!not\\b|never\\b|no\\b)[a-z]+){0,3}?';

/** Intent rules for en-US, grouped by intent in the spec's precedence order. */
export const EN_US_RULES: readonly IntentRule[] = [
  // distress
  r('distress', 0.95, /\b(?:kill|hurt|harm)(?:ing)? myself\b|\bdo not want to (?:be here|live) any ?more\b|\bwant to disappear\b|\bend(?:ing)? (?:it all|my life|things|everything)\b|\bsuicid/),
  r('distress', 0.95, /\b(?:want|going|wanna|ready) to die\b|\bwish i (?:was|were) dead\b|\bbetter off dead\b|\bnot worth living\b/),
  r('distress', 0.9, /\bcan not go on\b|\bno (?:point|reason) (?:in |to )?(?:living|live|going on|go on)\b|\bnobody would (?:miss|care)\b/),
  r('distress', 0.9, /\b(?:can not|could not) (?:take|handle|bear|cope with|deal with) (?:it|this|any of this|anything)(?: any ?more)\b/),
  r('distress', 0.9, /\bpanic(?:king|ked)?\b|\bpanic attack\b|\bcan not breathe\b|\bi am (?:crying|sobbing|shaking|falling apart)\b/),
  r('distress', 0.85, /\bgiving up on (?:life|everything)\b|\bcan not stop crying\b|\bdepressed\b|\bdepression\b|\bend(?:ing)? it\b(?! (?:here|now|there|for today))|\bcrying\b|\bdrowning\b|\bno way out\b|\bhopeless\b|\bcan not cope\b|\bwhat is the point\b|\boverwhelmed\b|\bdo not know what to do any ?more\b|\bgive up on (?:life|everything)\b|\bjump off\b|\beverything is falling apart\b/),
  // attorney
  r('attorney', 0.9, /\b(?:attorney|lawyer|counsel|legal aid|legal representative|solicitor)s?\b(?! (?:letter|fees))/, { negatable: true }),
  r('attorney', 0.9, /\brepresented by\b|\blegal representation\b/, { negatable: true }),
  // bankruptcy
  r('bankruptcy', 0.92, /\bbankrupt(?:cy|cies)?\b|\bchapter (?:7|seven|11|eleven|13|thirteen)\b/, { negatable: true }),
  r('bankruptcy', 0.85, /\bdischarged\b|\btrustee\b|\bdebts? (?:were|was|got) (?:wiped|cleared) by the court\b/, { negatable: true }),
  // deceased
  r('deceased', 0.92, /\bpassed away\b|\bdeceased\b|\bno longer (?:with us|alive|living)\b|\bnot alive\b|\bburied\b/, { negatable: true }),
  // A funeral is often someone else's ("I paid for my dad's funeral"): only a weak cue.
  r('deceased', 0.55, /\bfuneral\b/),
  r('deceased', 0.9, new RegExp(`\\b${PERSON} (?:has |had |just |recently )?(?:passed|died)\\b`), { negatable: true }),
  r('deceased', 0.9, /\b(?:is|was) dead\b|\bdied\b/, { negatable: true }),
  // cease_contact
  r('cease_contact', 0.92, /\b(?:stop|quit|cease) (?:calling|contacting|bothering|harassing|texting|ringing|phoning)\b/),
  r('cease_contact', 0.9, /\b(?:do not|never|dont) (?:ever )?(?:call|contact|phone|ring|text) (?:me|us|this number|here|my)\b/),
  r('cease_contact', 0.88, /\bstop (?:all |any |these |the )?(?:communication|communications|contact|calls|phone calls)\b|\bno more (?:calls|phone calls|contact)\b|\blose my number\b|\bcease and desist\b|\bdo not want (?:any more|anymore|any|more) (?:calls|phone calls)\b|\bblock(?:ing)? (?:your|this) number\b/),
  r('cease_contact', 0.9, /\btake me off\b|\bremove (?:me|my (?:number|name|info|details))\b|\bdo not call list\b|\bleave me alone\b|\bharass(?:ing|ment)\b/),
  // request_human
  r('request_human', 0.9, new RegExp(`\\b(?:talk|speak|speaking|talking) (?:to|with) (?:a |an |the |your |some )?(?:real |live |actual )?${AGENT}\\b`)),
  r('request_human', 0.9, new RegExp(`\\b(?:do not|will not|not going to|am not|refuse to) (?:want to )?(?:talk|speak|deal|talking|speaking) (?:to|with) (?:a |an |the |this |some )?${MACHINE}\\b`)),
  r('request_human', 0.9, new RegExp(`\\b(?:get|give|put|transfer|connect|pass) me (?:to |with |through to )?(?:a |an |the |your )?(?:real |live )?${AGENT}\\b`)),
  r('request_human', 0.88, /\b(?:put|get) (?:a|the|your) (?:manager|supervisor|human|person|real person) on\b|\blive (?:agent|person|operator)\b/),
  r('request_human', 0.88, /\b(?:i want|i need|let me have|i would like) (?:your|a|the|to have a) (?:supervisor|manager|human|person|agent|representative|real person)\b/),
  r('request_human', 0.9, /^(?=.*\b(?:representative|operator|agent|human|person|customer service|supervisor|manager)\b)(?:(?:please|a|an|real|live|actual|human|representative|operator|agent|person|customer service|supervisor|manager|i want|give me|now) ?)+$/),
  // dispute
  r('dispute', 0.9, /\bnot my (?:loan|debt|account|card|bill|car|charge|balance|signature|problem)\b|\b(?:is|are) not mine\b/),
  r('dispute', 0.9, /\bnever (?:took|take|taken) out\b|\bnever (?:borrowed|received|got|signed|applied|opened|owed|agreed|ordered|authorized|used|had|made|bought|took|financed|co ?signed)\b/),
  r('dispute', 0.86, /\b(?:charged|billed) (?:me )?twice\b|\bdouble (?:charged|billed)\b|\bover ?charged\b|\bin my name\b|\b(?:is|was|this is) a mistake\b|\bin error\b|\b(?:closed|canceled|cancelled|paid off) (?:that|this|the) (?:account|card|loan) (?:years|months|a long time) ago\b|\bnot (?:legit|legitimate|valid)\b|\bnever (?:even )?heard of (?:your|this|the|that) (?:company|bank|business|place|lender|agency)\b|\b(?:was|is|been|got) (?:forgiven|waived|written off)\b|\bshould (?:be|have been) (?:zero|0|nothing|paid off|less|lower)\b|\b(?:do not|did not) (?:think|believe) i owe\b|\b(?:confused|mixed) (?:me )?(?:up )?with (?:someone|somebody)\b|\bproof\b/),
  r('dispute', 0.88, /\b(?:do|does) not owe\b|\bowe (?:you )?nothing\b|\bdo not (?:have|recognize) (?:a |any |the |this |that )?(?:loan|account|debt|card|charge)\b/),
  r('dispute', 0.88, /\b(?:amount|balance|interest|fees?|charges?|total|figure|bill|math)\b(?: \w+){0,3} (?:wrong|incorrect|not right|not correct|too high|a mistake|inflated)\b/),
  r('dispute', 0.85, /\b(?:wrong|incorrect) (?:amount|balance|total)\b|\bonly(?: \w+){0,3} (?:borrowed|owe|took out|received)\b/),
  r('dispute', 0.88, /\bidentity (?:theft|was stolen)\b|\bstole my identity\b|\bfraud(?:ulent)?\b|\bdispute\b|\bdo not recognize\b/, { negatable: true }),
  r('dispute', 0.8, /\bprove it\b|\bsend me (?:the |some )?(?:paperwork|proof|documentation|documents|statement|contract|validation)\b|\bdebt validation\b/),
  r('dispute', 0.75, /\b(?:was|been|got) (?:canceled|cancelled|closed)\b|\breturned the (?:card|car|item|product)\b/),
  // wrong_number
  r('wrong_number', 0.92, /\bwrong (?:number|person|guy|house|lady|man)\b|\b(?:dialed|dialled|called) the wrong\b/),
  r('wrong_number', 0.88, /\b(?:no one|nobody|no body) (?:here )?(?:named|called|by that name|with that name)\b|\bthere is no \w+ (?:here|at this number)\b/),
  r('wrong_number', 0.88, /\b(?:do not|never) (?:know|heard of|recognize) (?:anyone|anybody|him|her|them|who|that person|this person|that name|a )\b|\bnever heard of (?:him|her|them|that)\b/),
  r('wrong_number', 0.85, /\bthis is not (?:\w+s|his|her|their|the) (?:phone|number|cell|cellphone|line)\b|\bnot (?:his|her|their) (?:number|phone)\b|\bjust got this (?:phone|number)\b|\bhad this number for\b|\bnew number\b/),
  // third_party
  r('third_party', 0.85, new RegExp(`\\b(?:i am|this is|it is) (?:his|her|their) ${KIN}\\b`)),
  r('third_party', 0.82, /\b(?:he|she) is (?:not (?:here|home|in|available|around)|out|at (?:work|school|the|church|his|her)|in (?:jail|prison|the shower|school|class|surgery)|away|sleeping|asleep|busy|traveling|travelling|working|unavailable|gone out|out of town)\b/),
  r('third_party', 0.82, new RegExp(`\\bmy ${KIN} (?:is not (?:here|home|available|in)|is out|is at|is away|is busy|is traveling|is sleeping)\\b`)),
  r('third_party', 0.8, /\b(?:he|she) (?:does not|no longer) lives? here\b|\bmoved (?:out|away)\b|\btake a message\b|\b(?:he|she) will be (?:back|home|in|around|off)\b/),
  r('third_party', 0.8, new RegExp(`\\bi am (?:just )?(?:the|his|her) (?:babysitter|nanny|maid|housekeeper|caretaker|caregiver|neighbor|${KIN})\\b|\\blooking for my ${KIN}\\b`)),
  // already_paid
  r('already_paid', 0.9, /\balready (?:paid|payed|sent|made|mailed|took care|settled|cleared|did|transferred|wired|covered)\b|\bpaid (?:it |that |this )?already\b/, { negatable: true }),
  r('already_paid', 0.86, new RegExp(`\\b(?:i|we|${KIN}) (?:paid|payed|sent|mailed|wired|transferred|deposited)\\b`), { negatable: true }),
  r('already_paid', 0.84, /^(?:already )?(?:paid|sent|mailed|wired|transferred) (?:it|that|this|the|you|xamt)\b/, { negatable: true }),
  r('already_paid', 0.86, /\b(?:i|we) (?:made|did) (?:a |the |my |that )?payments?\b|\bi did pay\b|\b(?:i|we) (?:settled|cleared|paid off)\b/, { negatable: true }),
  r('already_paid', 0.86, /\b(?:it|this|that|balance|bill|loan|account|debt|payment|check) (?:is|was|has|have) (?:been )?(?:paid|settled|taken care of|cleared|made|sent|processed|submitted|mailed)\b/, { negatable: true }),
  r('already_paid', 0.82, /\bdid (?:that|it|this) already\b|\b(?:did|have) (?:not )?you (?:not )?(?:get|receive|see|got) (?:my|the|our) (?:payment|check|money)\b|\balready (?:got|have|received|took) (?:my|the|our) (?:money|payment|check)\b|(?<!\b(?:get|gets|getting|be|been|will be|have it|got) )\bpaid (?:in full|over the phone|online|by (?:card|check|phone)|through|with|off)\b/, { negatable: true }),
  r('already_paid', 0.84, /\b(?:i|we|she|he) took care of (?:it|that|this|the)\b|\bauto ?pay\b.{0,20}\b(?:went|came) (?:through|out)\b|\bwent through\b|\bsent it in\b/, { negatable: true }),
  r('already_paid', 0.84, /\b(?:payment|money|check|transfer) (?:went|has gone|was sent|cleared|posted)\b|\bhave (?:the|a) (?:receipt|confirmation)\b|\bgotten my payment\b|\btook care of (?:it|that|this)\b/),
  // promise_to_pay
  r('promise_to_pay', 0.86, new RegExp(`\\b(?:i|we) (?:will|shall|am going to|can|could|should|should be able to|might be able to|promise to|plan to|am about to|am able to|intend to|guarantee i will|will try to|am going to try to|hope to|am hoping to)${NO_NEG_GAP} ${PAY_VERB}\\b${NOT_PARTIAL}`), { statementOnly: true }),
  r('promise_to_pay', 0.85, /\b(?:i |we )?(?:can|could|will) (?:probably |maybe |definitely |easily )?do (?:about |around )?(?:xamt|xdate|a payment|the payment)\b(?! (?:a|per|each|every) (?:month|week))/, { statementOnly: true }),
  r('promise_to_pay', 0.85, /\b(?:i|we) (?:am|are) (?:paying|sending|transferring|mailing|wiring)\b(?! for)/, { statementOnly: true, negatable: true }),
  r('promise_to_pay', 0.8, /\b(?:i|we) (?:pay|send|transfer|wire) (?:you )?(?:xamt |it |the \w+ )?(?:on |by |before )?xdate\b|\blet us (?:do|say|make it) (?:xamt|xdate)\b/, { statementOnly: true }),
  r('promise_to_pay', 0.82, /\bexpect (?:a|the|my) (?:payment|check|transfer)\b|\bput me down for\b|\byou can (?:take|draft|pull|debit|charge|run|withdraw) (?:xamt|it|the payment|the money)\b|\b(?:full|whole|entire) (?:balance|amount|thing|payment)\b(?: \w+)? xdate\b/, { statementOnly: true }),
  r('promise_to_pay', 0.85, /\blet me (?:pay|make (?:a|the) payment|send|put|transfer|do)\b|\b(?:i|we) will have (?:it|this|that|the balance|everything|the money) (?:paid|for you|ready)\b|\bwill have xamt\b/, { statementOnly: true }),
  r('promise_to_pay', 0.82, /\byou will (?:get|have|receive|see) (?:the|your|it|that|xamt|my|a|some|payment)\b|\bpayment(?: of xamt)? (?:will|is going to) (?:go out|be sent|be made|come|post)\b/, { statementOnly: true }),
  r('promise_to_pay', 0.8, new RegExp(`\\b(?:my ${KIN}|he|she|they) (?:will|is going to|can) (?:pay|send|transfer|cover)\\b`), { statementOnly: true }),
  r('promise_to_pay', 0.75, /\b(?:i|we) (?:will|am going to) go to the bank\b|\bpay (?:it|you) (?:back )?(?:on |by )?xdate\b|^can pay\b/, { statementOnly: true }),
  // request_plan
  r('request_plan', 0.88, /\binstal?lments?\b|\bpayment plan\b|\bpayment arrangement\b|\bhardship (?:program|plan|option|options)\b|\bpayment schedule\b|\bextensions?\b|\bextend\b|\bpostpone\b|\bdefer\b/),
  r('request_plan', 0.86, /\bmore time\b|\b(?:few|couple|some) (?:more )?(?:days|weeks)\b|\bgive me (?:until|till|to|some|a few|a couple|more|xdate)\b/),
  r('request_plan', 0.86, /\b(?:reduce|lower|discount|waive|knock (?:it |that )?(?:down|off)|cut (?:the|my) (?:balance|amount|interest))\b|\bsettle for\b|\bsettlement\b|\bto settle\b/),
  r('request_plan', 0.86, /\b(?:take|accept) (?:half|less|a (?:lower|smaller) amount)\b|\bsplit (?:it|the|this|that)\b|\bbreak (?:it|this|that) (?:up|down)\b|\bsmaller payments\b|\bmonthly payments?\b/),
  r('request_plan', 0.84, /\bpayments of\b|\b(?:two|three|four|five|six|\d) payments\b|\b(?:pay|do) (?:part|half|some)\b|\bthe rest (?:later|next|on|in)\b|\bnot (?:the|all the) (?:whole|full)\b|\bwork (?:something|it|this) out\b/),
  r('request_plan', 0.84, /\b(?:pay|do|send|give|manage|afford|put|it) xamt (?:a|per|each|every) (?:month|week|paycheck|two weeks)\b|\bevery (?:two weeks|week|month|paycheck|other week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:monthly|weekly|biweekly)\b/),
  r('request_plan', 0.86, /\bspread (?:it|this|that|the payments?|them) out\b|\bset up (?:a|an|some)? ?(?:arrangement|plan|payments)\b|\barrangement\b|\blowest (?:you|amount|you will|you would|you can)\b|\bbest you can do\b|\bhalf now\b|\b(?:what|any|other) (?:kind of |sort of )?options\b|\bwhat are my options\b|\bpartial\b|\b(?:only afford|can only do|only manage) (?:a little|a bit|so much|xamt)\b|\b(?:need|give me) (?:some|a little|a bit of|a little bit of) time\b|\btime to (?:get|gather|raise|come up with|pull) (?:the|some)? ?money\b|\bdeal\b.{0,20}\b(?:settle|less|lower)\b/),
  r('request_plan', 0.8, /\b(?:would|will|could|can) you (?:guys )?(?:take|accept|settle for|do) (?:xamt|half|less|a lower|a smaller|a discount)\b/),
  r('request_plan', 0.8, /^(?:(?:so|ok|okay|well|and) )?(?:can|could|may) (?:i|we) (?:pay|do|make|send|give|push|get|split)\b|\bpush (?:the|my) (?:due date|payment|date)\b|\b(?:can|could|may) (?:i|we) (?:have|get) (?:until |till )?xdate\b|\bwhat if i pay\b/),
  // hardship
  r('hardship', 0.86, /\b(?:lost|lose|losing) (?:my|our|his|her) (?:job|work|income|business|house|home|shifts)\b|\blaid off\b|\bgot (?:fired|let go)\b|\bunemployed\b|\bbetween jobs\b|\bout of work\b/),
  r('hardship', 0.85, /\bno (?:income|job|work|money|cash|funds|paycheck)\b|\b(?:do not|did not|will not) have (?:any |the |enough |much )?(?:money|cash|funds|it)\b/),
  r('hardship', 0.84, /\b(?:can not|could not|unable to) (?:afford|pay|make (?:the|a|any|my) payments?|work)\b|\bbut i can not$|^i can not$|\bcan not afford\b/),
  r('hardship', 0.55, /\bhospital\b/),
  r('hardship', 0.84, /\bin (?:the )?hospital\b|\b(?:hospitalized|surgery|sick|illness|cancer|chemo|disability|disabled|medical bills|injured|injury|accident)\b/, { negatable: true }),
  r('hardship', 0.82, /\bbroke\b|\bmoney is tight\b|\btight on money\b|\bstruggling\b|\bevicted\b|\bhomeless\b|\bliving in my car\b|\bnot working\b|\bsocial security\b/, { negatable: true }),
  r('hardship', 0.82, /\b(?:hours|pay|salary|wages|shifts) (?:got|were|was|have been|has been) (?:cut|reduced)\b|\b(?:business|restaurant|shop|store|company) (?:went under|closed|failed|went bust|shut down)\b|\b(?:killed|ruined|destroyed) my (?:business|restaurant|shop|store|job)\b/),
  r('hardship', 0.82, /\bunemployment\b|\bbarely (?:make|afford|pay|feed|get by|scrape|keep|cover|covers|making|survive|surviving)\b|\bsingle (?:mom|mother|dad|father|parent)\b|\b(?:raising|feeding|supporting) (?:\w+ )?(?:kids|children|family)(?: \w+)? (?:alone|by myself|on my own)\b|\bworkers comp\b|\bgot hurt\b|\bhurt my (?:back|leg|arm|knee|shoulder)\b/),
  r('hardship', 0.82, /\b(?:work|business|sales) (?:has been|is|was) (?:slow|dead|bad)\b|\bpaycheck to paycheck\b|\bends meet\b|\bbehind on (?:rent|bills|everything)\b|\bfurloughed\b|\bdivorce\b|\b(?:husband|wife|partner) left\b|\bmaternity leave\b|\bpregnant\b|\bbills (?:are )?piling up\b|\bno money (?:till|until|left)\b|\bcan barely\b|\bmoney is (?:really |so |very |super |pretty )?tight\b|\bfixed income\b|\b(?:cut|reduced|slashed) (?:my|our) (?:hours|pay|salary|shifts|wages)\b|\b(?:had|have) a (?:new )?baby\b|\bnew baby\b/),
  r('hardship', 0.8, /\b(?:do not|does not|will not) get paid (?:until|till|xdate)\b|\bonly (?:make|get|earn) xamt\b|\buntil i (?:find|get) a job\b/),
  // refuse
  r('refuse', 0.88, /\b(?:i|we) (?:just |simply |really |still )?(?:will not|am not going to|refuse to|do not want to|do not feel like|will never|am never|am not|would not|never) (?:ever )?(?:pay|paying|give|giving)\b/),
  r('refuse', 0.86, /\bnot paying\b|\bno way (?:i am|i will|am i) (?:paying|pay)\b|\bnot getting (?:a|one) (?:dime|penny|cent|thing)\b|\bsue me\b|\b(?:take|drag) me to court\b/),
  r('refuse', 0.84, /\brefus(?:e|ing)\b|\bwhy should i pay\b|\bnot going to pay\b/, { negatable: true }),
  r('refuse', 0.84, /\bnot (?:going to|gonna) happen\b|\bnot happening\b|\bdone paying\b|\bnever (?:see|get) (?:a|that|your|one|the|any) ?(?:dime|money|penny|cent)\b|\bcollect it yourself\b|\bcome (?:and )?(?:get|collect) it\b|\bgood luck (?:getting|collecting)\b|\bnot a (?:chance|cent|penny|dime)\b|\bno chance\b|\bnot one (?:cent|penny|dime)\b|\bno intention of paying\b|\bnot getting (?:anything|nothing|a thing|any money)\b/),
  r('refuse', 0.7, /\bdo whatever you want\b|\bi do not care\b|\bforget it\b|\bgo ahead and sue\b/),
  // callback
  r('callback', 0.86, /\bcall (?:me |us )?(?:back|later|again|another time|some other time)\b|\bcall you back\b|\b(?:ring|phone) me back\b|\btry (?:me |us )?again\b/, { negatable: true }),
  r('callback', 0.84, /\b(?:call|ring|phone|try) (?:me|us) (?:on |at |after |in |around |tomorrow|xdate|tonight|this|later|next)/, { negatable: true }),
  r('callback', 0.84, /\bgive me a call\b|\bcan (?:we|you) talk (?:later|tomorrow|xdate|another time|tonight)\b|\bcontact me (?:later|xdate|tomorrow)\b/, { negatable: true }),
  r('callback', 0.8, /\bmeeting\b|\bcall (?:me |us )?(?:xdate|tomorrow|tonight|later|this (?:afternoon|evening|morning))\b/, { negatable: true }),
  r('callback', 0.84, /\bin a meeting\b|\bi am (?:driving|at work|busy|at the doctor|in class|at dinner|on my way|working|about to board|boarding|on the other line)\b|\bi am busy\b/),
  r('callback', 0.84, /\b(?:do|talk about|discuss) this (?:later|another time|some other time|tomorrow|xdate)\b|\bi am at (?:the |a |my )?(?:store|mall|gym|grocery store|supermarket|airport|church|dentist|restaurant|movies|game|office)\b|\bcall you (?:back|later)\b|\bi am (?:in the car|cooking|eating|in the shower|on break|on lunch|in the middle of something|at lunch|at dinner|getting ready)\b/),
  r('callback', 0.84, /\b(?:not a good|bad|busy) time\b|\bcan not (?:talk|speak) (?:right )?now\b|\bcan not talk\b/),
  // ask_balance
  r('ask_balance', 0.86, /\bhow much\b(?: \w+){0,5} (?:owe|it|balance|due|left|total|payment|minimum|fees?|interest|pay|is|are|cost)\b|\bwhat do i owe\b/),
  r('ask_balance', 0.85, /\bwhat (?:is|was) (?:the |my )?(?:balance|total|amount(?: due)?|minimum(?: payment)?|due date|payoff)\b|\bwhen is (?:it|the payment|my payment|this|that) due\b|\bdue date\b/),
  r('ask_balance', 0.84, /\bwhat is (?:past due|outstanding|owed|due|left)\b|\bpast due amount\b|\bremaining balance\b|\bwhat do i (?:need|have) to pay\b|\bwhat (?:is|was) (?:the |my )?payoff\b/),
  r('ask_balance', 0.84, /\b(?:tell|give) me (?:my|the) (?:balance|total|amount)\b|\b(?:is it|is that) still xamt\b|\bdo i (?:still )?owe\b|\bis (?:the )?xamt due\b|\bis it due\b|^is (?:it|that|the balance|the amount) xamt\b/),
  // ask_caller_identity
  r('ask_caller_identity', 0.86, /\bwho (?:is|are) (?:this|you|calling|it|speaking)\b|\bwho do you (?:work|call) for\b|\bwhat is your name\b|\bwho is this\b/),
  r('ask_caller_identity', 0.85, /\bwhat (?:company|bank|agency|business|firm|place)\b|\bwhich (?:company|bank|agency)\b|\bwhere (?:are you|is this) calling from\b|\bwhat is (?:this|it|that) (?:regarding|about|concerning)\b/),
  r('ask_caller_identity', 0.86, new RegExp(`\\b(?:are you|is this|am i talking to|am i speaking (?:to|with)) (?:a |an )?(?:${MACHINE}|real person|human|person|scam|scammer)\\b`)),
  r('ask_caller_identity', 0.85, /\bwho am i (?:speaking|talking) (?:with|to)\b|\bname of (?:your|the|this) (?:company|business|agency|bank)\b|\b(?:is this|are you) (?:a |an |the )?(?:collection agency|collections|debt collector|collector|bill collector)\b|\bwho sent you\b|\bis this (?:a )?(?:real|legit|legitimate) (?:call|company|business)\b|\bwhat is this (?:call )?(?:for|about)\b|\bare you (?:from|with) (?:the )?\w+\b/),
  r('ask_caller_identity', 0.8, /\bscam(?:mer|mers|s)?\b|\bhow (?:did|would|do) you get my (?:number|info|name)\b/),
  // abusive
  r('abusive', 0.9, /\bf+u+c+k+\w*|\bmotherf\w*|\bshit\w*|\bbitch\w*|\basshole\w*|\bbastards?\b|\bdick(?:head)?s?\b|\bcunts?\b|\bpricks?\b/),
  r('abusive', 0.88, /\bidiots?\b|\bmorons?\b|\bstupid\b|\bdumb(?:ass)?\b|\bscum\w*\b|\bleech(?:es)?\b|\bbloodsuck\w*|\bpiece of (?:crap|garbage|trash)\b|\bworthless\b|\bjerks?\b|\blosers?\b|\bretard\w*|\bcrooks?\b|\bthie(?:f|ves)\b|\bliars?\b|\bvultures?\b|\blow ?life\b|\bgarbage\b|\bparasites?\b|\bass\b|\bdamn you\b|\bgo to hell\b/),
  r('abusive', 0.88, /\bscrew (?:you|off)\b|\bgo to hell\b|\bpiss off\b|\bshut up\b|\bdrop dead\b|\bkiss my\b|\byou are (?:a |such a )?(?:joke|clown|disgrace|pathetic)\b|\bget lost\b|\bup yours\b|\b(?:i will|i am going to) (?:find|hurt|kill|beat|come for|get) you\b/),
  // affirm / deny: short answers only, so they match the whole utterance.
  r('affirm', 0.9, /^(?:(?:yes|yeah|yep|yup|yea|ya|sure|ok|okay|alright|all right|correct|right|that is right|that is correct|that is me|it is me|this is (?:he|she|him|her|me)|speaking|yes speaking|absolutely|of course|definitely|exactly|indeed|true|that is true|go ahead|go on|i understand|understood|got it|sounds good|maam|sir|please|i am|it is)(?: |$))+$/),
  // Accepting an offer or a read-back: "yes that works", "sounds good to me", "deal".
  r('affirm', 0.85, /^(?:(?:yes|yeah|yep|sure|ok|okay|alright|all right|well) )*(?:(?:that|this|it) )?(?:works|would work|will work|is fine|would be fine|is ok|is okay|is good|would be good|is great|is perfect|sounds (?:good|fine|great|ok|okay|right|perfect)|works for me)(?: (?:for|to|with) me)?(?: (?:thanks|thank you))?$|^(?:(?:yes|yeah|sure|ok|okay) )*(?:deal|i agree|i accept|agreed|let us do (?:that|it)|i will take (?:it|that)|i can do that|i can do it|fine by me|perfect|great)$/),
  r('affirm', 0.86, /^(?:yes|yeah|yep) (?:this is|it is|i am) [a-z]+$|^(?:yes |yeah |yep |sure )?(?:this is|that is|it is) (?:him|her|he|she|me)(?: speaking)?$/),
  r('deny', 0.9, /^(?:(?:no|nope|nah|naw|not really|negative|no thanks|no thank you|not me|that is not right|that is not correct|that is incorrect|that is wrong|incorrect|wrong|it is not|it is not me|it is not|i do not|i am not|no sir|no maam|not at all|that is not me|absolutely not|not now|no it is not|not that i know of)(?: |$))+$/),
];

/** Patterns that rule an intent out wherever they appear. */
export const EN_US_VETOES: readonly IntentVeto[] = [
  // "$100 a month" / "every Friday" is an instalment offer, not one promised payment.
  { intent: 'promise_to_pay', pattern: /\bxamt (?:a|per|each|every) (?:month|week|paycheck)\b|\bevery (?:two weeks|week|month|paycheck|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/ },
  // Doubt: "I don't think I can pay Friday", "not sure I can pay".
  { intent: 'promise_to_pay', pattern: /\b(?:do not|did not) (?:think|know if|know whether|believe)\b|\bnot sure\b|\bprobably not\b|\bwhat if\b/ },
];
