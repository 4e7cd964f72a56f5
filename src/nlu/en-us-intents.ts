import { defineRule as r, type IntentRule, type IntentVeto } from './intent-rule.js';

// Patterns run over normalized English: lowercase, contractions expanded ("can not", "i am",
// "will not"), no punctuation, with dates replaced by "xdate" and amounts by "xamt".
const KIN = '(?:wife|husband|mom|mother|mum|dad|father|brother|sister|son|daughter|roommate|friend|partner|boyfriend|girlfriend|kid|aunt|uncle|cousin|neighbor|neighbour|coworker|boss|grandma|grandmother|grandpa|grandfather|fiance|fiancee|nephew|niece|stepson|stepdaughter)';
const PERSON = `(?:he|she|they|${KIN}|person|who|debtor|borrower|account ?holder|card ?holder|customer|owner|man|woman|guy|lady)`;
const NOT_A_PERSON = '(?:dog|cat|pet|puppy|kitten|fish|bird|hamster|horse|plant|phone|battery|car|engine|laptop|computer|tv|line)';
const AGENT = '(?:person|human|agent|representative|rep|supervisor|manager|operator|somebody|someone|human being|live agent|real person|customer (?:service|support|care)|support|(?:someone|somebody) (?:in charge|higher up|else|real)|higher up|boss|specialist|associate)';
const MACHINE = '(?:robot|machine|bot|computer|recording|ai|automated system|automated voice)';
const PAY_VERB = '(?:pay|send|transfer|wire|put|make|give|mail|settle|cover|drop|deposit|bring|manage|clear|swing|handle|knock out|take care of|square up|catch up|get (?:it|you(?! *$)|the money|that|your money|the payment|this)|have (?:it|the money|the cash|your money|the payment|that|xamt)|do it|sort (?:it|this) out)';
// "I can pay some / part of it" negotiates; it commits to nothing (that is request_plan).
const NOT_PARTIAL = '(?! (?:some|part|a part|a little|a bit|what i can|something|half|more|less|it all at once|anything)\\b(?!.* xdate))';
// A restriction to a place or a time is no request to stop all contact (signals place/time_restriction).
const ONLY_SOMEWHERE = '(?! (?:me |us )?(?:at|on|through) (?:my |the )?(?:work|job|office|workplace|employer|cell|home|house|landline|work phone|work number)\\b| (?:me |us )?(?:before|after|during|until|so early|so late|this early|this late|at night|in the (?:morning|evening)|on (?:weekends|sundays|saturdays))\\b| my (?:work|job|office|employer|boss|family|parents|mom|mother|dad|father|wife|husband|relatives|neighbors|references|coworkers)\\b)';
const NO_NEG_GAP = '(?: (?!not\\b|never\\b|no\\b)[a-z]+){0,3}?';

/** Intent rules for en-US, grouped by intent in the spec's precedence order. */
export const EN_US_RULES: readonly IntentRule[] = [
  // distress
  r('distress', 0.95, /\b(?:kill|hurt|harm)(?:ing)? myself\b|\bdo not want to (?:be here|live) any ?more\b|\bwant to disappear\b|\bend(?:ing)? (?:it all|my life|things|everything)\b/),
  r('distress', 0.95, /\bsuicid/, { negatable: true }),
  r('distress', 0.95, /\b(?:want|going|wanna|ready) to die\b|\bwish i (?:was|were) dead\b|\bbetter off dead\b|\bnot worth living\b/),
  r('distress', 0.9, /\bcan not go on\b|\bno (?:point|reason) (?:in |to )?(?:living|live|going on|go on)\b|\bnobody would (?:miss|care)\b/),
  r('distress', 0.9, /\b(?:can not|could not) (?:take|handle|bear|cope with|deal with) (?:it|this|any of this|anything)(?: any ?more)\b/),
  r('distress', 0.9, /\bpanic(?:king|ked)?\b|\bpanic attack\b|\bcan not breathe\b|\bi am (?:crying|sobbing|shaking|falling apart)\b/),
  // Ideation said without the obvious keywords: being a burden, no point in living, not waking up,
  // means (pills, a gun, a bridge). A false positive hands the call to a human, a miss is dangerous.
  r('distress', 0.92, /\b(?:see |is |there is )?no (?:point|reason|sense) (?:in |of |to )?(?:living|life|being alive|being here|going on|keep(?:ing)? going|stay(?:ing)? alive|wak(?:e|ing) up)\b|\b(?:point|reason) (?:in|of|to) (?:living|being alive|staying alive|keep living|go on living)\b|\b(?:no|what is the) point (?:to|in|of) (?:any of (?:this|it)|anything|it all|life)\b|\bnothing (?:left )?to live for\b|\bno reason (?:for me )?to (?:live|keep going|go on|stay|be here)\b/),
  r('distress', 0.92, /\bbetter (?:off )?without me\b|\bif i (?:just )?(?:was|were) (?:gone|dead|not (?:here|around|alive|born))\b|\bif i (?:just )?(?:disappeared|died|was never born)\b|\bnobody would (?:even )?(?:notice|miss me|care)\b|\bno one would (?:even )?(?:notice|miss me|care)\b/),
  r('distress', 0.92, /\b(?:take|taking|end|ending) my (?:own )?life\b|\b(?:shoot|hang|cut|drown|poison|off|overdose) myself\b|\b(?:use|using|turn|turning) (?:it|a gun|the gun|this gun) on myself\b|\boverdos(?:e|ing)\b|\b(?:take|taking|swallow|swallowing) (?:all )?(?:of )?(?:my|the|these|those|a bunch of|a bottle of) (?:pills|sleeping pills)\b|\bjump(?:ing)? (?:off|from|out of|in front of)\b|\bthrow(?:ing)? myself\b|\bin front of a (?:train|bus|truck|car)\b/),
  r('distress', 0.9, /\bdo not want to (?:live|be alive|exist|wake up|go on|keep living)\b|\b(?:might as well|would rather|rather) (?:be dead|die|just die|end it)\b|\b(?:done|finished) with (?:life|living)\b|\blife is not worth\b|\b(?:want|wish) (?:it|this|everything) (?:all )?(?:to be over|was over|would end|to end|to stop)\b|\bwish i (?:was|were) (?:never born|gone|not alive)\b|\bwish i could (?:just )?(?:die|disappear|go to sleep and not wake up)\b|\bnot (?:wake|waking) up\b|\bnot (?:going to )?be around (?:much|for) (?:longer|long)\b/),
  r('distress', 0.88, /\b(?:goodbye|suicide) (?:note|letter)\b|\b(?:wrote|written|writing|left) (?:a |my )?note for (?:my|the) (?:kids|family|wife|husband|children|parents|mom|dad)\b|\bsleep forever\b|\bnever wake up\b|\bcan not (?:see|find) (?:a|any) way (?:out|forward)\b|\b(?:end of my rope|end of my tether|wits end)\b|\bcan not stop (?:shaking|panicking|crying)\b/),
  r('distress', 0.85, /\bcan not (?:do|take|handle) (?:this|it) any ?more\b|\blosing my mind\b|\bfreaking out\b|\b(?:nervous|mental) breakdown\b|\bbreaking down\b|\bfalling apart\b/),
  r('distress', 0.85, /\bgiving up on (?:life|everything)\b|\bcan not stop crying\b|\bdepressed\b|\bdepression\b|\bend(?:ing)? it\b(?! (?:here|now|there|for today))|\bcrying\b|\bdrowning\b|\bno way out\b|\bhopeless\b|\bcan not cope\b|\bwhat is the point\b|\boverwhelmed\b|\bdo not know what to do any ?more\b|\bgive up on (?:life|everything)\b|\bjump off\b|\beverything is falling apart\b/),
  // attorney
  r('attorney', 0.9, /\b(?:attorney|lawyer|counsel|legal aid|legal representative|solicitor|law firm|law office)s?\b(?! (?:letter|fees|general))/, { negatable: true }),
  r('attorney', 0.9, /\brepresented by\b|\blegal representation\b/, { negatable: true }),
  // bankruptcy
  r('bankruptcy', 0.92, /\bbankrupt(?:cy|cies)?\b|\bchapter (?:7|seven|11|eleven|13|thirteen)\b/, { negatable: true }),
  r('bankruptcy', 0.85, /\bdischarged\b|\btrustee\b|\bdebts? (?:were|was|got) (?:wiped|cleared) by the court\b/, { negatable: true }),
  // deceased
  r('deceased', 0.92, /\bpassed away\b|\bdeceased\b|\bno longer (?:with us|alive|living)\b|\bnot alive\b|\bburied\b/, { negatable: true }),
  // A funeral is often someone else's ("I paid for my dad's funeral"): only a weak cue.
  r('deceased', 0.55, /\bfuneral\b/),
  // "she's passed", "he passed on", but not "he passed the exam".
  r('deceased', 0.9, new RegExp(`\\b${PERSON} (?:has |had |is |just |recently |sadly )?(?:passed|died)\\b(?! (?:the|a|an|his|her|my|their|our|me|it|that|this|by|out|up)\\b)`), { negatable: true }),
  // Pets, phones and batteries die too.
  r('deceased', 0.9, new RegExp(`(?<!\\b${NOT_A_PERSON} (?:just |recently )?)\\b(?:(?:is|was) dead|died|passed on)\\b`), { negatable: true }),
  r('deceased', 0.88, new RegExp(`\\blost (?:his|her|their) (?:battle|fight)\\b|\\b(?:we|i) (?:just |recently )?lost (?:him|her|(?:my|our) ${KIN})\\b(?! (?:job|number|phone|card|wallet|keys))|\\b(?:his|her) estate\\b|\\bexecutor\\b|\\b(?:his|her) (?:death|passing)\\b|\\b(?:my|his|her|our) late ${KIN}\\b`), { negatable: true }),
  // cease_contact. "Don't call me at work" only rules out a place (signal place_restriction); "stop
  // calling me at work" or "don't call me at work anymore" stops the calls there and now.
  r('cease_contact', 0.92, /\b(?:stop|quit|cease) (?:calling|contacting|bothering|harassing|texting|ringing|phoning)\b/),
  r('cease_contact', 0.9, new RegExp(`\\b(?:do not|never|dont) (?:ever )?(?:call|contact|phone|ring|text) (?:me|us|this number|here|my)\\b(?:(?=.*\\b(?:anymore|any more)\\b)|${ONLY_SOMEWHERE})`)),
  // Consent to be called withdrawn (TCPA): "I revoke my consent".
  r('cease_contact', 0.92, /\b(?:revoke|revoking|withdraw|withdrawing|cancel|rescind|take back) (?:my |any |all )?(?:consent|permission|authorization)\b|\b(?:do not|no longer) (?:consent|give (?:you )?(?:consent|permission)) to (?:be (?:called|contacted)|(?:these|any|further|more) (?:calls|contact)|(?:you )?(?:calling|contacting))\b|\bconsent (?:is )?(?:revoked|withdrawn)\b/),
  r('cease_contact', 0.88, /\bstop (?:all |any |these |the )?(?:communication|communications|contact|calls|phone calls)\b|\bno more (?:calls|phone calls|contact)\b|\blose my number\b|\bcease and desist\b|\bdo not want (?:any more|anymore|any|more) (?:calls|phone calls)\b|\bblock(?:ing)? (?:your|this) number\b/),
  r('cease_contact', 0.9, /\btake me off\b|\bremove (?:me|my (?:number|name|info|details))\b|\bdo not call list\b|\bleave me alone\b|\bharass(?:ing|ment)\b/),
  // request_human
  r('request_human', 0.9, new RegExp(`\\b(?:talk|speak|speaking|talking) (?:to|with) (?:a |an |the |your |some )?(?:real |live |actual )?${AGENT}\\b`)),
  r('request_human', 0.9, new RegExp(`\\b(?:do not|will not|not going to|am not|refuse to) (?:want to )?(?:talk|speak|deal|talking|speaking) (?:to|with) (?:a |an |the |this |some )?${MACHINE}\\b`)),
  r('request_human', 0.9, new RegExp(`\\b(?:get|give|put|transfer|connect|pass|send|forward) me (?:over )?(?:to |with |through to )?(?:a |an |the |your )?(?:real |live |actual )?${AGENT}\\b`)),
  r('request_human', 0.88, /\b(?:put|get) (?:a|the|your) (?:manager|supervisor|human|person|real person) on\b|\blive (?:agent|person|operator)\b/),
  r('request_human', 0.88, /\b(?:i want|i need|let me have|i would like|i would rather have|can i have|can i get|could i get|may i have|i would prefer)(?: to (?:talk|speak) (?:to|with))? (?:your |a |an |the |some )?(?:real |live |actual )?(?:supervisor|manager|human|representative|rep|agent|operator|customer service|customer support|real person|human being|boss)\b/),
  r('request_human', 0.86, /\b(?:transfer|connect|forward) me\b|\b(?:billing|collections|customer service|accounts) department\b/),
  // "a real agent", "an actual person", unless asking whether the caller is one ("are you a real person").
  r('request_human', 0.88, /(?<!\b(?:are you|is this|am i (?:talking|speaking) (?:to|with)|you are|this is|i am|it is) (?:a |an |the )?)\b(?:real|live|actual|human) (?:person|human|agent|representative|rep|operator|being|people)\b/),
  r('request_human', 0.88, new RegExp(`\\b(?:is there|do you have|you got|have you got|can i get|could i get|can you get|find me) (?:a |an |any |some |the )?(?:real |live |actual )?${AGENT}\\b(?: \\w+){0,3} (?:i can|to|who can|that can|i could) (?:talk|speak)\\b|\\b${AGENT} on the (?:line|phone)\\b`)),
  r('request_human', 0.88, /\b(?:i want|i need|let me have|i would like) (?:your|a|the|to have a) (?:supervisor|manager|human|person|agent|representative|real person)\b/),
  r('request_human', 0.9, /^(?=.*\b(?:representative|operator|agent|human|person|customer service|supervisor|manager)\b)(?:(?:please|a|an|real|live|actual|human|representative|operator|agent|person|customer service|supervisor|manager|i want|give me|now) ?)+$/),
  // dispute
  r('dispute', 0.9, /\bnot my (?:loan|debt|account|card|bill|car|charge|balance|signature|problem)\b|\b(?:is|are|was|were) not (?:even |actually )?mine\b|\b(?:billing|accounting|clerical|system|bank|computer) (?:error|mistake)\b/),
  r('dispute', 0.9, /\bnever (?:took|take|taken) out\b|\bnever (?:even |ever |actually )?(?:borrowed|received|got|signed|applied|opened|owed|agreed|ordered|authorized|used|had|made|bought|took|financed|co ?signed|approved|saw|picked up|took delivery)\b/),
  // Non-receipt: "the funds never hit my account", "the car was never delivered".
  r('dispute', 0.88, /\b(?:money|funds|loan|car|truck|vehicle|phone|item|items|product|order|package|furniture|goods|merchandise|deposit|disbursement|cash|check|laptop|tv|couch)\b(?: \w+){0,3} (?:never|did not|has not|have not|was not|were not) (?:even )?(?:hit|arrived?|came|come|showed? up|got (?:to me|delivered|deposited)|delivered|deposited|landed|reached|shipped|funded|disbursed)\b|\b(?:was|were) never (?:delivered|deposited|received|sent|funded|disbursed|shipped)\b/),
  // Insurance, a warranty or a co-borrower already covered it: the balance is not owed.
  r('dispute', 0.86, /\b(?:paid|covered|taken care of|settled)(?: off| in full)? by (?:my |the |our )?(?:insurance|warranty|gap|insurer|policy)\b|\b(?:insurance|warranty|gap) (?:paid|covered|took care of|settled)\b/),
  r('dispute', 0.86, /\b(?:charged|billed) (?:me )?twice\b|\bdouble (?:charged|billed)\b|\bover ?charged\b|\bin my name\b|\b(?:is|was|this is) a mistake\b|\bin error\b|\b(?:closed|canceled|cancelled|paid off) (?:that|this|the) (?:account|card|loan) (?:years|months|a long time) ago\b|\bnot (?:legit|legitimate|valid)\b|\bnever (?:even )?heard of (?:your|this|the|that) (?:company|bank|business|place|lender|agency)\b|\b(?:was|is|been|got) (?:forgiven|waived|written off)\b|\bshould (?:be|have been) (?:zero|0|nothing|paid off|less|lower)\b|\b(?:do not|did not) (?:think|believe) i owe\b|\b(?:confused|mixed) (?:me )?(?:up )?with (?:someone|somebody)\b|\bproof\b/),
  r('dispute', 0.88, /\b(?:do|does) not owe\b|\bowe (?:you )?nothing\b|\bdo not (?:have|recognize) (?:a |any |the |this |that )?(?:loan|account|debt|card|charge)\b/),
  r('dispute', 0.88, /\b(?:amount|balance|interest|fees?|charges?|total|figure|bill|math|numbers?|penalt(?:y|ies)|rate|records?|statements?|information|info|paperwork)\b(?: \w+){0,6} (?:wrong|incorrect|not right|not correct|too high|a mistake|inflated|bogus|fake|made up|a scam|a rip ?off|ripoff|illegal|not legal|unfair|padded|nonsense|garbage|crap|bull|bs|not mine|way too much|should not be (?:there|on (?:there|it|my \w+))|should not have been (?:added|charged))\b|\b(?:amount|balance|interest|fees?|charges?|total|figure|bill|math|numbers?) (?:is|are|seems?|looks?) (?:way |totally |completely |all |kind of )?off\b/),
  r('dispute', 0.85, /\b(?:wrong|incorrect|bogus|fake|made up|junk|illegal|hidden|inflated|unauthorized|ridiculous|outrageous|padded) (?:amount|balance|total|fees?|charges?|interest|late fees?|penalt(?:y|ies))\b|\bonly(?: \w+){0,3} (?:borrowed|owe|owed|took out|received|financed|spent|charged)\b|\b(?:owe|owed|borrowed|took out|should be|supposed to be)\b(?: \w+){0,3} (?:xamt|\d[\d,.]*) not (?:xamt|\d[\d,.]*)\b|\b(?:does|do) not add up\b|\bnot (?:what|how much) (?:i|we) (?:owe|owed|borrowed|took out|agreed)\b|\b(?:charging|billing|charged|billed) (?:me |us )?for (?:something|stuff|things|a \w+|an \w+) (?:i|we) (?:never|did not|returned|canceled|cancelled)\b/),
  r('dispute', 0.88, /\bidentity (?:theft|was stolen)\b|\bstole my identity\b|\bfraud(?:ulent)?\b|\bdispute\b|\bdo not recognize\b/, { negatable: true }),
  r('dispute', 0.8, /\bprove it\b|\bsend me (?:the |some )?(?:paperwork|proof|documentation|documents|statement|contract|validation)\b|\bdebt validation\b/),
  r('dispute', 0.75, /\b(?:was|been|got) (?:canceled|cancelled|closed)\b|\b(?:returned|sent back|gave back|brought back) (?:the|that|this|it|them|everything)\b|\bsomething (?:i|we) returned\b/),
  // wrong_number
  r('wrong_number', 0.92, /\bwrong (?:number|person|guy|house|lady|man)\b|\b(?:dialed|dialled|called) the wrong\b/),
  r('wrong_number', 0.88, /\b(?:no one|nobody|no body) (?:here )?(?:named|called|by that name|with that name)\b|\bthere is no \w+ (?:here|at this number)\b/),
  r('wrong_number', 0.88, /\b(?:do not|never) (?:know|heard of|recognize) (?:anyone|anybody|him|her|them|who|that person|this person|that name|a )\b|\bnever heard of (?:him|her|them|that)\b/),
  r('wrong_number', 0.85, /\bthis is not (?:\w+s|his|her|their|the) (?:phone|number|cell|cellphone|line)\b|\bnot (?:his|her|their) (?:number|phone)\b|\bjust got this (?:phone|number)\b|\bhad this number for\b|\bnew number\b/),
  // third_party
  r('third_party', 0.85, new RegExp(`\\b(?:i am|this is|it is) (?:actually |just |really |only )?(?:his|her|their) ${KIN}\\b|\\bi am (?:a|an|his|her) (?:\\w+ )?(?:friend|${KIN}) of (?!mine\\b)\\w+`)),
  r('third_party', 0.82, /\b(?:he|she) is (?:not (?:here|home|in|available|around)|out|at (?:work|school|the|church|his|her)|in (?:jail|prison|the shower|school|class|surgery)|away|sleeping|asleep|busy|traveling|travelling|working|unavailable|gone out|out of town)\b/),
  r('third_party', 0.82, new RegExp(`\\bmy ${KIN} (?:is not (?:here|home|available|in)|is out|is at|is away|is busy|is traveling|is sleeping)\\b`)),
  r('third_party', 0.8, /\b(?:he|she) (?:does not|no longer) lives? here\b|\bmoved (?:out|away)\b|\btake a message\b|\b(?:he|she) will be (?:back|home|in|around|off)\b/),
  r('third_party', 0.8, new RegExp(`\\bi am (?:just )?(?:the|his|her) (?:babysitter|nanny|maid|housekeeper|caretaker|caregiver|neighbor|${KIN})\\b|\\blooking for my ${KIN}\\b`)),
  // already_paid
  r('already_paid', 0.9, /\balready (?:paid|payed|sent|made|mailed|took care|settled|cleared|did|transferred|wired|covered|put|gave|deposited|submitted|applied|zelled|venmoed)\b|\bpaid (?:it |that |this )?already\b/, { negatable: true }),
  // An amount put on the account, a payment drafted from it: "i put 200 on the card", "autopay took it out".
  r('already_paid', 0.86, /\b(?:i|we) (?:put|threw|dropped|applied) (?:xamt|money|a payment|something|some money)\b(?: \w+){0,2} (?:on|to|towards?|into|against) (?:it|the|this|that|my|your)\b|\b(?:i|we) gave (?:you|you all|you guys|y all|them|your company|xamt)\b/, { negatable: true }),
  r('already_paid', 0.86, /\b(?:was|got|been|were) (?:automatically |auto )?(?:debited|drafted|deducted|withdrawn|taken out|pulled out|auto debited|auto drafted|charged to my)\b|\b(?:auto ?pay|autopay|auto debit|auto draft|automatic (?:payment|debit|withdrawal|draft)|the bank|you guys|you|they) (?:already )?(?:took|pulled|drafted|debited|deducted|withdrew) (?:it|the (?:money|payment)|xamt|my payment)\b/, { negatable: true }),
  r('already_paid', 0.86, new RegExp(`\\b(?:i|we|${KIN}) (?:paid|payed|sent|mailed|wired|transferred|deposited|zelled|venmoed|cash apped|paypaled)\\b`), { negatable: true }),
  r('already_paid', 0.84, /^(?:already )?(?:paid|sent|mailed|wired|transferred) (?:it|that|this|the|you|xamt)\b/, { negatable: true }),
  r('already_paid', 0.86, /\b(?:i|we) (?:made|did) (?:a |the |my |that )?payments?\b|\bi did pay\b|\b(?:i|we) (?:settled|cleared|paid off)\b/, { negatable: true }),
  r('already_paid', 0.86, /\b(?:it|this|that|balance|bill|loan|account|debt|payment|check) (?:is|was|has|have) (?:been )?(?:paid|settled|taken care of|cleared|made|sent|processed|submitted|mailed)\b/, { negatable: true }),
  r('already_paid', 0.82, /\bdid (?:that|it|this) already\b|\b(?:did|have) (?:not )?you (?:not )?(?:get|receive|see|got) (?:my|the|our) (?:payment|check|money)\b|\balready (?:got|have|received|took) (?:my|the|our) (?:money|payment|check)\b|(?<!\b(?:get|gets|getting|be|been|will be|have it|got) )\bpaid (?:in full|over the phone|online|by (?:card|check|phone)|through|with|off)\b/, { negatable: true }),
  r('already_paid', 0.84, /\b(?:i|we|she|he) took care of (?:it|that|this|the)\b|\bauto ?pay\b.{0,20}\b(?:went|came) (?:through|out)\b|\bwent through\b|\bsent it in\b/, { negatable: true }),
  r('already_paid', 0.84, /\b(?:money|payment|it|xamt) (?:came|was taken|got taken|was pulled|got pulled|was drafted|got drafted|went) (?:out )?(?:of|from) (?:my|our) (?:account|card|checking|bank|savings)\b|\b(?:i|we) (?:handed|dropped off|brought) (?:over )?(?:the |my |a |some )?(?:cash|money|payment|check)\b/),
  r('already_paid', 0.84, /\bshould (?:have|already have) (?:posted|cleared|gone through|arrived|reached you|shown up|hit|gotten there|come through)\b|\bshould (?:already )?(?:be|have been) (?:posted|received|credited|applied|showing)\b/),
  r('already_paid', 0.84, /\b(?:payment|money|check|transfer) (?:went|has gone|was sent|cleared|posted)\b|\bhave (?:the|a) (?:receipt|confirmation)\b|\bgotten my payment\b|\btook care of (?:it|that|this)\b/),
  // promise_to_pay
  r('promise_to_pay', 0.86, new RegExp(`\\b(?:i|we) (?:will|shall|am going to|can|could|should|should be able to|might be able to|promise to|plan to|am about to|am able to|intend to|guarantee i will|will try to|am going to try to|hope to|am hoping to)${NO_NEG_GAP} ${PAY_VERB}\\b${NOT_PARTIAL}`), { statementOnly: true }),
  r('promise_to_pay', 0.85, /\b(?:i |we )?(?:can|could|will) (?:probably |maybe |definitely |easily )?do (?:about |around )?(?:xamt|xdate|a payment|the payment)\b(?! (?:a|per|each|every) (?:month|week))/, { statementOnly: true }),
  r('promise_to_pay', 0.85, /\b(?:i|we) (?:am|are) (?:paying|sending|transferring|mailing|wiring)\b(?! for)/, { statementOnly: true, negatable: true }),
  r('promise_to_pay', 0.8, /\b(?:i|we) (?:pay|send|transfer|wire) (?:you )?(?:xamt |it |the \w+ )?(?:on |by |before )?xdate\b|\blet us (?:do|say|make it) (?:xamt|xdate)\b/, { statementOnly: true }),
  r('promise_to_pay', 0.82, /\bexpect (?:a |the |my )?(?:payment|check|transfer|xamt|money)\b|\bput me down for\b|\byou can (?:take|draft|pull|debit|charge|run|withdraw) (?:xamt|it|the payment|the money)\b|\b(?:full|whole|entire) (?:balance|amount|thing|payment)\b(?: \w+)? xdate\b/, { statementOnly: true }),
  r('promise_to_pay', 0.85, /\blet me (?:pay|make (?:a|the) payment|send|put|transfer|do)\b|\b(?:i|we) will have (?:it|this|that|the balance|everything|the money) (?:paid|for you|ready)\b|\bwill have xamt\b/, { statementOnly: true }),
  r('promise_to_pay', 0.82, /\byou will (?:get|have|receive|see) (?:the|your|it|that|xamt|my|a|some|payment)\b|\bpayment(?: of xamt)? (?:will|is going to) (?:go out|be sent|be made|come|post)\b/, { statementOnly: true }),
  r('promise_to_pay', 0.8, new RegExp(`\\b(?:my ${KIN}|he|she|they) (?:will|is going to|can) (?:pay|send|transfer|cover)\\b`), { statementOnly: true }),
  // "I didn't pay yet but I will tomorrow": the verb is left out after a contrast.
  r('promise_to_pay', 0.82, /\b(?:but|and|so) (?:i|we) (?:will|am going to|can|promise)(?: (?:definitely|for sure|surely|probably|really))?(?: (?:on|by|before))? (?:xdate|then|soon|this week|next week|asap|right away)\b/, { statementOnly: true }),
  // A counter-offer after a refusal of the amount asked: "I can't do 500, but 250 on Monday".
  r('promise_to_pay', 0.8, /\b(?:but|how about|what about|instead) (?:i (?:can|could|will) (?:do|pay|send|manage) )?(?:xamt(?: (?:on|by))? xdate|xdate(?: i can do)? xamt|xamt)\b/),
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
  // Asked about as a product: "do you guys offer payment plans", "what kind of plans do you have".
  r('request_plan', 0.86, /\b(?:offer|have|got|do|provide|any|some|your)(?: any| some| a)? (?:kind of |sort of |type of |other )?(?:payment |repayment |monthly |installment |hardship |assistance |financial )?(?:plans?|programs?|arrangements?)\b|\b(?:kinds?|sorts?|types?) of (?:payment |repayment )?(?:plans?|programs?|arrangements?|options)\b|\b(?:payment|repayment|financing|hardship|settlement) options?\b|\bpay(?:ing)? (?:it )?(?:over time|in (?:parts|pieces|chunks))\b/),
  r('request_plan', 0.84, /\bflexibility\b|\bbe (?:more |a bit |a little )?flexible\b|\bnegotiat\w*|\bwork with me\b|\b(?:take|accept|do|settle for) (?:\d+|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty) ?(?:percent|%)/, { negatable: true }),
  // Settlement: a lump sum for the whole debt, the rest forgiven.
  r('request_plan', 0.86, /\blump sum\b|\bcall it (?:even|square|settled|done)\b|\b(?:forgive|waive|drop|wipe out|write off|cancel|erase|knock off|take off) (?:the )?(?:rest|remainder|remaining|difference|balance|interest|late fees?|fees|penalt(?:y|ies))\b|\bclose (?:it|the account|this) out for\b/),
  r('request_plan', 0.84, /\b(?:pay|paying|do|send|put in|give) (?:a little|a bit|something|some|small amounts?|smaller amounts?|what i can|a few (?:bucks|dollars)) (?:each|every|a|per) (?:month|week|paycheck|payday)\b/),
  r('request_plan', 0.8, /^(?:(?:so|ok|okay|well|and) )?(?:can|could|may) (?:i|we) (?:pay|do|make|send|give|push|get|split)\b|\bpush (?:the|my) (?:due date|payment|date)\b|\b(?:can|could|may) (?:i|we) (?:have|get) (?:until |till )?xdate\b|\bwhat if i pay\b/),
  // hardship
  r('hardship', 0.86, /\b(?:lost|lose|losing) (?:my|our|his|her) (?:job|work|income|business|house|home|shifts)\b|\blaid off\b|\bgot (?:fired|let go)\b|\bunemployed\b|\bbetween jobs\b|\bout of work\b/),
  // Tiny means: "40 bucks to my name", "zero income", "nothing in my account".
  r('hardship', 0.86, /\bto (?:my|our) names?\b|\bzero (?:income|dollars|money|cash|funds|savings|balance|left)\b|\bdown to (?:my|our) last\b|\b(?:i|we)(?: have| only| just)* (?:have|got|am down to|are down to) (?:only |just |maybe |about |around |like |less than )?(?:xamt|a few (?:bucks|dollars)|a couple (?:of )?(?:bucks|dollars)|(?:\w+ )?(?:dollars|bucks|cents)) (?:left|total|in (?:the|my|our) (?:bank|account|checking|wallet|pocket|savings)|until|till|for (?:the|this) (?:week|month)|right now|on me|at the moment|to last)\b|\b(?:have|got) (?:literally |absolutely |just )?nothing(?! to (?:say|do|hide|add|lose))\b|\b(?:account|bank account|checking|wallet|savings) (?:is|are) (?:empty|overdrawn|negative|in the negative|at zero|drained|wiped out|tapped out)\b|\boverdrawn\b|\bwiped (?:me|us) out\b/),
  // Wages not paid: "my boss hasn't paid me", "i haven't been paid in weeks", "back wages".
  r('hardship', 0.85, /\b(?:boss|employer|job|company|work|they|client|clients) (?:has not|have not|did not|does not|do not|still has not|still have not|never) (?:paid|pay) (?:me|us)\b|\b(?:have not|has not|had not|did not) (?:been paid|gotten paid|got paid|get paid|gotten a paycheck|gotten my (?:paycheck|check|wages))\b|\bback (?:pay|wages)\b|\bunpaid (?:wages|salary)\b|\b(?:wages|paycheck|salary|pay|check) (?:is|are|was|were|has been|have been|got|keeps getting) (?:late|delayed|withheld|held up|garnished|not paid|unpaid)\b|\bgarnish(?:ed|ing|ment)\b|\b(?:not|barely|hardly) (?:making|earning|bringing in) (?:any |much |enough )?(?:money|income|cash|anything)\b/),
  r('hardship', 0.84, /\b(?:can not|could not|can) (?:even |hardly |barely )?afford (?:food|groceries|rent|gas|diapers|medicine|formula|to eat|anything)\b|\bbarely (?:have|got) (?:enough|anything)\b|\b(?:enough|money) (?:for|to buy) (?:food|groceries|rent|gas|diapers|medicine)\b|\bout of (?:a )?(?:job|work)\b|\b(?:would|will) pay (?:it |you |this )?if i (?:could|had (?:it|the money|any money))\b/),
  r('hardship', 0.85, /\bno (?:income|job|work|money|cash|funds|paycheck)\b|\b(?:do not|did not|will not) have (?:any |the |enough |much )?(?:money|cash|funds|it)\b/),
  r('hardship', 0.84, /\b(?:can not|could not|unable to) (?:afford|pay|make (?:the|a|any|my) payments?|work)\b|\bbut i can not$|^i can not$|\bcan not afford\b/),
  r('hardship', 0.55, /\bhospital\b/),
  r('hardship', 0.82, /\bbetween (?:jobs|paychecks)\b|\b(?:savings|money|funds|paycheck|check) (?:is|are|was|were) (?:all )?(?:gone|spent|used up|drained)\b|\b(?:going through|having|had|been having) (?:a (?:lot|hard time|rough time|tough time|rough patch|difficult time|bad time)|hard times|tough times)\b|\bhard times\b|\bfalling behind\b/),
  r('hardship', 0.84, /\b(?:funeral|burial|cremation)\b(?: \w+){0,6} (?:cost|costs|took|wiped|ate|used|drained|expenses|bills)\b|\b(?:paid|paying|pay) for (?:the|his|her|my \w+) (?:funeral|burial|cremation)\b/),
  r('hardship', 0.84, /\bin (?:the )?hospital\b|\b(?:hospitalized|surgery|sick|illness|cancer|chemo|disability|disabled|medical bills|injured|injury|accident)\b/, { negatable: true }),
  r('hardship', 0.82, /\bbroke\b|\bmoney is tight\b|\btight on money\b|\bstruggling\b|\bevicted\b|\bhomeless\b|\bliving in my car\b|\bnot working\b|\bsocial security\b/, { negatable: true }),
  r('hardship', 0.82, /\b(?:hours|pay|salary|wages|shifts) (?:got|were|was|have been|has been) (?:cut|reduced)\b|\b(?:business|restaurant|shop|store|company) (?:went under|closed|failed|went bust|shut down)\b|\b(?:killed|ruined|destroyed) my (?:business|restaurant|shop|store|job)\b/),
  r('hardship', 0.82, /\bunemployment\b|\bbarely (?:make|afford|pay|feed|get by|scrape|keep|cover|covers|making|survive|surviving)\b|\bsingle (?:mom|mother|dad|father|parent)\b|\b(?:raising|feeding|supporting) (?:\w+ )?(?:kids|children|family)(?: \w+)? (?:alone|by myself|on my own)\b|\bworkers comp\b|\bgot hurt\b|\bhurt my (?:back|leg|arm|knee|shoulder)\b/),
  r('hardship', 0.82, /\b(?:work|business|sales) (?:has been|is|was) (?:slow|dead|bad)\b|\bpaycheck to paycheck\b|\bends meet\b|\bbehind on (?:rent|bills|everything)\b|\bfurloughed\b|\bdivorce\b|\b(?:husband|wife|partner) left\b|\bmaternity leave\b|\bpregnant\b|\bbills (?:are )?piling up\b|\bno money (?:till|until|left)\b|\bcan barely\b|\bmoney is (?:really |so |very |super |pretty )?tight\b|\bfixed income\b|\b(?:cut|reduced|slashed) (?:my|our) (?:hours|pay|salary|shifts|wages)\b|\b(?:had|have) a (?:new )?baby\b|\bnew baby\b/),
  r('hardship', 0.8, /\b(?:do not|does not|will not) get paid (?:until|till|xdate)\b|\bonly (?:make|get|earn) xamt\b|\buntil i (?:find|get) a job\b/),
  // refuse
  r('refuse', 0.88, /\b(?:i|we)(?: (?:am|are|will|do|would|just|simply|really|still|definitely|absolutely|honestly))* (?:not|never|refuse to)(?: (?:ever|even|going to|want to|feel like|planning to|plan to|intend to|about to))* (?:pay|paying|give|giving)\b(?! (?:it |that |this )?(?:yet|until|till))/),
  r('refuse', 0.86, /\bnot paying\b|\bno way (?:i am|i will|am i) (?:paying|pay)\b|\bnot (?:getting|seeing|going to (?:get|see)) (?:a |one |a single |another |any )?(?:single )?(?:dime|penny|cent|red cent|nickel|dollar|thing)\b|\bsue me\b|\b(?:take|drag) me to court\b/),
  r('refuse', 0.84, /\brefus(?:e|ing)\b|\bwhy should i pay\b|\bnot going to pay\b/, { negatable: true }),
  r('refuse', 0.84, /\bnot (?:going to|gonna) happen\b|\bnot happening\b|\bdone paying\b|\bnever (?:see|get) (?:a|that|your|one|the|any) ?(?:dime|money|penny|cent)\b|\bcollect it yourself\b|\bcome (?:and )?(?:get|collect) it\b|\bgood luck (?:getting|collecting)\b|\bnot a (?:chance|cent|penny|dime)\b|\bno chance\b|\bnot one (?:cent|penny|dime)\b|\bno (?:intention|intent|plans?|desire) (?:of|to) (?:ever )?(?:pay|paying)\b|\bnot getting (?:anything|nothing|a thing|any money)\b/),
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
  r('ask_balance', 0.85, /\bwhat (?:is|was|are) (?:the |my |our )?(?:current |total |remaining |outstanding |new |full |exact |actual |final |updated )?(?:balance|total|amount(?: due)?|minimum(?: payment)?|due date|payoff|figure)\b|\bwhen is (?:it|the payment|my payment|this|that) due\b|\bdue date\b/),
  // The due date asked in any tense: "when was it due", "when do i have to pay by".
  r('ask_balance', 0.86, /\bwhen (?:is|was|does|did|will|would)\b(?: \w+){0,4} (?:due|become due|come due|go past due|be paid|supposed to be paid)\b|\bwhen (?:do|should|must|did) (?:i|we) (?:have to|need to|got to|supposed to|was supposed to|were supposed to)? ?pay\b(?: (?:it|this|that))?(?: by)?$|\bwhat (?:is|was) the (?:date|deadline)\b|\b(?:what|which) (?:day|date) (?:is|was) (?:it|the payment|my payment|the bill) due\b|\bhow (?:far )?behind (?:am i|are we|is it|is my account)\b|\bhow (?:long|many (?:days|months|payments)) (?:have i been|am i|is it|past due|overdue|behind)\b/),
  r('ask_balance', 0.84, /\b(?:is it|is that|so it is|it is|that is|the balance is|the total is|i owe) (?:still |only |just |now |really )?(?:xamt|\d[\d,.]*)(?: (?:dollars|bucks))?(?: (?:that|what))? (?:i owe|i owed|i still owe|right|correct|yes|then)\b/),
  r('ask_balance', 0.84, /\bwhat is (?:past due|outstanding|owed|due|left)\b|\bpast due amount\b|\bremaining balance\b|\bwhat do i (?:need|have) to pay\b|\bwhat (?:is|was) (?:the |my )?payoff\b/),
  r('ask_balance', 0.84, /\b(?:tell|give) me (?:my|the) (?:balance|total|amount)\b|\b(?:is it|is that) still xamt\b|\bdo i (?:still )?owe\b|\bis (?:the )?xamt due\b|\bis it due\b|^is (?:it|that|the balance|the amount) xamt\b/),
  // ask_caller_identity
  r('ask_caller_identity', 0.86, /\bwho (?:is|are) (?:this|you|calling|it|speaking)\b|\bwho do you (?:work|call) for\b|\bwhat is your name\b|\bwho is this\b|\bwho (?:this is|you are|i am (?:talking|speaking) (?:to|with))\b/),
  r('ask_caller_identity', 0.85, /\bwhat (?:company|bank|agency|business|firm|place)\b|\bwhich (?:company|bank|agency)\b|\bwhere (?:are you|is this) calling from\b|\bwhat is (?:this|it|that) (?:regarding|about|concerning)\b/),
  r('ask_caller_identity', 0.86, new RegExp(`\\b(?:are you|is this|am i talking to|am i speaking (?:to|with)) (?:a |an )?(?:${MACHINE}|real person|human|person|scam|scammer)\\b`)),
  r('ask_caller_identity', 0.85, /\bwho am i (?:speaking|talking) (?:with|to)\b|\bname of (?:your|the|this) (?:company|business|agency|bank)\b|\b(?:is this|are you) (?:a |an |the )?(?:collection agency|collections|debt collector|collector|bill collector)\b|\bwho sent you\b|\bis this (?:a )?(?:real|legit|legitimate) (?:call|company|business)\b|\bwhat is this (?:call )?(?:for|about)\b|\bare you (?:from|with) (?:the )?\w+\b/),
  r('ask_caller_identity', 0.8, /\bscam(?:mer|mers|s)?\b|\bhow (?:did|would|do) you get my (?:number|info|name)\b/),
  // abusive
  r('abusive', 0.9, /\bf+u+c+k+\w*|\bmotherf\w*|\bshit\w*|\bbitch\w*|\basshole\w*|\bbastards?\b|\bdick(?:head)?s?\b|\bcunts?\b|\bpricks?\b/),
  r('abusive', 0.88, /\bidiots?\b|\bmorons?\b|\bstupid\b|\bdumb(?:ass)?\b|\bscum\w*\b|\bleech(?:es)?\b|\bbloodsuck\w*|\bpiece of (?:crap|garbage|trash)\b|\bworthless\b|\bjerks?\b|\blosers?\b|\bretard\w*|\bcrooks?\b|\bthie(?:f|ves)\b|\bliars?\b|\bvultures?\b|\blow ?life\b|\bgarbage\b|\bparasites?\b|\bass\b|\bdamn you\b|\bgo to hell\b/),
  r('abusive', 0.88, /\bscrew (?:you|off)\b|\bgo to hell\b|\bpiss off\b|\bshut up\b|\bdrop dead\b|\bkiss my\b|\byou are (?:a |such a )?(?:joke|clown|disgrace|pathetic)\b|\bget lost\b|\bup yours\b|\b(?:i will|i am going to) (?:find|hurt|kill|beat|come for|get) you\b/),
  // affirm / deny: short answers only, so they match the whole utterance.
  r('affirm', 0.9, /^(?:(?:yes|yeah|yep|yup|yea|ya|sure|ok|okay|alright|all right|correct|right|that is right|that is correct|that is me|it is me|this is (?:he|she|him|her|me)|speaking|yes speaking|absolutely|of course|definitely|exactly|indeed|true|that is true|go ahead|go on|i understand|understood|got it|you got it|sure thing|for sure|you bet|certainly|affirmative|yessir|yes sir|yes maam|that would be me|uh yes|sounds good|maam|sir|please|i am|it is)(?: |$))+$/),
  // Accepting an offer or a read-back: "yes that works", "sounds good to me", "deal".
  r('affirm', 0.85, /^(?:(?:yes|yeah|yep|sure|ok|okay|alright|all right|well) )*(?:(?:that|this|it) )?(?:works|would work|will work|is fine|would be fine|is ok|is okay|is good|would be good|is great|is perfect|sounds (?:good|fine|great|ok|okay|right|perfect)|works for me)(?: (?:for|to|with) me)?(?: (?:thanks|thank you))?$|^(?:(?:yes|yeah|sure|ok|okay) )*(?:deal|i agree|i accept|agreed|let us do (?:that|it)|i will take (?:it|that)|i can do that|i can do it|fine by me|perfect|great)$/),
  r('affirm', 0.86, /^(?:(?:yes|yeah|yep|well) )?you (?:have )?(?:got|found|reached) (?:him|her|me|the right (?:person|guy|lady))$|^(?:yes|yeah|yep) (?:this is|it is|i am) [a-z]+$|^(?:yes |yeah |yep |sure )?(?:this is|that is|it is) (?:him|her|he|she|me)(?: speaking)?$/),
  r('deny', 0.9, /^(?:(?:no|nope|nah|naw|not really|negative|no thanks|no thank you|not me|that is not right|that is not correct|that is incorrect|that is wrong|incorrect|wrong|it is not|it is not me|it is not|i do not|i am not|no sir|no maam|not at all|that is not me|absolutely not|not now|no it is not|not that i know of)(?: |$))+$/),
];

/** Patterns that rule an intent out wherever they appear. */
export const EN_US_VETOES: readonly IntentVeto[] = [
  // "$100 a month" / "every Friday" is an instalment offer, not one promised payment.
  { intent: 'promise_to_pay', pattern: /\bxamt (?:a|per|each|every) (?:month|week|paycheck)\b|\bevery (?:two weeks|week|month|paycheck|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/ },
  // Doubt: "I don't think I can pay Friday", "not sure I can pay".
  { intent: 'promise_to_pay', pattern: /\b(?:do not|did not) (?:think|know if|know whether|believe)\b|\bnot sure\b|\bprobably not\b|\bwhat if\b/ },
  // A payment offered for the rest to be forgiven is a settlement request, not a promise.
  { intent: 'promise_to_pay', pattern: /\b(?:forgive|waive|drop|wipe out|write off|cancel|erase|knock off|take off) (?:the )?(?:rest|remainder|remaining|difference)\b|\bcall it (?:even|square|settled)\b/ },
  // "It's not that I don't want to pay": the refusal is denied, a reason follows.
  { intent: 'refuse', pattern: /\bnot (?:that|like|because) (?:i|we) (?:do not|did not|will not|would not|am not|are not|refuse|never)\b|\b(?:i|we) (?:would|will) pay (?:it |you |this )?if (?:i|we) (?:could|had)\b/ },
  // A funeral paid for is someone else's death, cited as the reason money is short.
  { intent: 'deceased', pattern: /\b(?:funeral|burial|cremation)\b(?: \w+){0,6} (?:cost|costs|took|wiped|ate|used|drained|expenses|bills)\b|\b(?:paid|paying|pay) for (?:the|his|her|my \w+) (?:funeral|burial|cremation)\b/ },
];
