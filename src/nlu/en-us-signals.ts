import { EN_US_SELF_HARM } from './en-us-self-harm-signals.js';
import { EN_US_VIOLENCE_THREAT } from './en-us-violence-signals.js';
import { EN_US_VULNERABLE } from './en-us-vulnerable-signals.js';
import { EN_US_NEGOTIATION } from './en-us-negotiation-signals.js';
import { defineSignal as s, type SignalRule } from './signal-rule.js';

// Patterns run over normalized English (see en-us-intents.ts), amounts tagged "xamt", dates "xdate";
// the `onRaw` ones over the lowercased raw text, for its question marks.
const KIN = '(?:wife|husband|mom|mother|mum|dad|father|brother|sister|son|daughter|roommate|partner|boyfriend|girlfriend|kid|aunt|uncle|cousin|grandma|grandmother|grandpa|grandfather|nephew|niece|fiance|fiancee|stepson|stepdaughter|stepfather|stepmother|boss|friend|neighbor)';
const TIME_WORD = '(?:noon|midday|lunch|work|dinner|\\d{1,2}(?: ?(?:am|pm))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:the )?(?:morning|afternoon|evening|weekend|daytime))';
const NOT_A_CLAIM = '(?!(?:sure|going|paying|able|interested|refusing|in|at|home|here|the|a|an|working|busy|ready|available|trying|saying|talking|aware|happy|okay|ok|good|well|doing|asking|calling|lying|kidding|joking|a robot|buying|stupid|dumb|responsible|liable|mad|upset|angry|rich|made of money|done|finished|gonna|allowed|worried|scared|afraid|comfortable|giving|signing|agreeing|denying|saying that|that|your|this|his|her|their|my|rude|crazy|hiding|avoiding|running|employed|unemployed)\\b)';

// A question's opening, after any lead-in: "is this…", "can you…", "what…", "why…". "what about"
// and "how about" propose rather than ask ("how about next week").
const OPEN_QUESTION_START = /^(?:(?:so|and|but|ok|okay|well|hey|also|then|oh|sorry|wait|listen|excuse me|hold on|one question|quick question) )*(?:(?:is|are|am|was|were|can|could|do|does|did|will|would|should|shall|may|might|have|has|had|must) (?:i|we|you|he|she|it|they|this|that|these|those|there|my|your|our|the|a|an|any|anyone|someone|somebody|anybody)\b|(?:what|how)\b(?! about\b)|(?:why|where|when|which|who|whom|whose)\b)/;

/** Signal rules for en-US. Safety ones are tuned for recall: a false alarm reaches a person, a miss may cost a life. */
export const EN_US_SIGNALS: readonly SignalRule[] = [
  // self_harm and violence_threat, however indirect: see en-us-self-harm-signals.ts and en-us-violence-signals.ts.
  ...EN_US_SELF_HARM,
  ...EN_US_VIOLENCE_THREAT,
  ...EN_US_VULNERABLE,
  ...EN_US_NEGOTIATION,
  // complaint and regulator threats
  s('complaint', /\bcomplain(?:t|ts|ing|ed)?\b|\breport(?:ing)? (?:you|this|your|them|it)\b|\bcfpb\b|\bconsumer (?:financial )?protection\b|\battorney general\b|\bbetter business bureau\b|\bbbb\b|\bftc\b|\bfederal trade commission\b|\bregulators?\b|\bfile a (?:report|grievance|claim against)\b|\bstate (?:banking|financial) (?:department|regulator)\b/),
  // repeat_request
  s('repeat_request', /^(?:(?:sorry|what|huh|pardon(?: me)?|excuse me|come again|say again|wait what|sorry what|what was that|what did you (?:just )?say|one more time|again please|i am sorry)(?: please)?)$/),
  s('repeat_request', /\b(?:say|repeat) (?:that|it|this|what you said) (?:again|one more time)\b|\brepeat (?:that|it|this|yourself)\b|\bsay again\b|\bcome again\b|\bi did not (?:catch|hear|get|understand) (?:that|it|you|what you said|the last part)\b|\b(?:can not|could not) (?:hear|understand) you\b|\byou are breaking up\b|\bwhat did you (?:just )?say\b|\bwhat (?:were|was) you (?:just )?saying\b|\bone more time\b/),
  // ask_robot
  s('ask_robot', /\bare you (?:even |really |actually )?real\b(?! (?:estate|quick|fast|nice|good|sorry|serious|funny|smart)\b)/),
  s('ask_robot', /\b(?:are you|is this|am i (?:talking|speaking) (?:to|with)|you are|is that) (?:even |really |actually )?(?:a |an |just a |some )?(?:real )?(?:robot|bot|machine|computer|recording|ai|automated|automated (?:system|voice|call)|robocall|real person|human|person|live person)\b|\bis this (?:call )?(?:automated|recorded message)\b|\b(?:robot|human) or (?:a )?(?:robot|human|machine)\b/),
  // ask_purpose
  // Who is calling is asked for the purpose too: "who is this?", "who's calling, please?", "how'd you get my number".
  s('ask_purpose', /\bwho (?:exactly |the hell |on earth )?(?:is|are) (?:this|calling|you)\b(?! (?:to|for) me\b)|\bwho is it\b|\bhow (?:did|would|do) you (?:even )?get (?:my|this) (?:number|info|information)\b/),
  s('ask_purpose', /\b(?:which|what) (?:company|bank|agency|business|firm|creditor|lender)\b|\bwhy (?:are|were|did) you (?:calling|call)\b|\bwhat (?:is|was) (?:this|it|that|the call) (?:about|regarding|concerning|for)\b|\bwhat (?:is|was) this call\b|\bwhat do you want\b|\bwho (?:do you|are you calling) (?:work for|represent|for|on behalf of)\b|\bwhere are you calling from\b|\bwho (?:is|are) (?:this|you) (?:with|from|calling for|calling from)\b|\bwhat (?:is|was) (?:this|it) in regards to\b|\bwhat are you calling (?:about|for)\b/),
  // ask_payment_method
  s('ask_payment_method', /\bwhere (?:do|can|should|would) i (?:even |actually |just )?(?:send|mail|pay|wire|transfer|drop off)\b|\bhow (?:do|can|could|would|should|will) (?:i|we) (?:even |actually |just |go about |go ahead and )?(?:pay|send|make (?:a|the|my|this) payment|get (?:you|the) (?:money|payment)|do (?:the|a) payment|transfer|wire)\b|\bhow (?:do|can) (?:i|we) pay (?:it|this|you)\b|\b(?:can|could) i pay (?:online|by (?:card|phone|check)|with (?:a |my )?(?:card|credit card|debit card|check|paypal|zelle|venmo)|over the phone)\b|\bdo you (?:take|accept) (?:cards?|credit|debit|checks?|zelle|paypal|venmo|cash app|apple pay)\b|\bwhat is (?:the|your) (?:address|account number|routing number|website|payment address|mailing address)\b|\bpayment (?:method|methods|portal|address|link)\b|\bwhere (?:is|do i find) the (?:website|portal|link)\b/),
  // request_written_notice: a notice or the paperwork in writing, not a plan.
  s('request_written_notice', /\bin writing\b|\bwritten (?:notice|notification|statement|copy|letter|confirmation|proof|documentation)\b|\bvalidation (?:notice|letter)\b|\bdebt validation\b|\bvalidate (?:the|this|that|my) (?:debt|account|balance)\b|\b(?:send|mail) (?:me|us|it|that|this|everything)(?: \w+){0,3} (?:a )?(?:letter|notice|statement|paperwork|documents|documentation|proof)\b|\b(?:send|mail) (?:me |us )?(?:the |some |a )?(?:paperwork|documentation|documents|letter|statement|notice|proof)\b|\bby (?:mail|post|letter)\b|\bput (?:it|that|this|everything) in (?:a letter|the mail)\b/),
  // retraction: the identity confirmed before is withdrawn.
  s('retraction', new RegExp(`\\bi am not (?:him|her|he|she|the (?:person|guy|lady|one) you(?: \\w+){0,3}|who you (?:think|want|are looking for|asked for)|that (?:person|guy|lady))\\b|\\bi am not ${NOT_A_CLAIM}[a-z]+(?: [a-z]+)?$|\\b(?:he|she|that|this|it) (?:is|was|would be) my ${KIN}\\b|\\byou (?:want|need|mean|are looking for|asked for|are thinking of) my ${KIN}\\b|\\bi am (?:actually |just |really )?(?:his|her) ${KIN}\\b|\\b[a-z]+ is my (?:dad|father|mom|mother|son|daughter|husband|wife|brother|sister|grandfather|grandmother)\\b|\\b(?:actually|wait|sorry|oh) i am (?:his|her|the|not)\\b|\\bi thought you (?:said|meant|wanted)\\b|\\bwrong (?:john|person|one|guy|lady)\\b`)),
  // recording_objection
  s('recording_objection', /\b(?:do not|stop|quit|never) record(?:ing)?\b|\bturn off the recording\b|\b(?:stop|turn off|pause) (?:the |this )?recording\b|\bi do not (?:consent|agree) to (?:being |this being |the call being |this call being )?record(?:ed|ing)?\b|\bno recording\b|\bdo not want (?:to be|this|it|the call|this call) (?:being )?recorded\b|\b(?:do not|i do not want you to) record (?:me|this|the call|this call|our)\b|\bnot (?:okay|ok|fine|alright) with (?:being |this being |the )?record/),
  // place_restriction
  // "Don't call me here" said where the speaker is ("i'm at work, don't call me here") rules out that
  // place; "don't call here again" stops the calls (cease_contact).
  s('place_restriction', /\b(?:do not|never|stop|quit|can not|can you not|please do not) (?:ever )?(?:call|calling|contact|contacting|phone|ring|reach)(?:ing)? (?:me )?(?:at|on|through) (?:my )?(?:work|job|office|workplace|employer|cell|home|house|landline|the office)\b|\b(?:do not|never|please do not|can not|can you not) (?:ever )?(?:call|contact|ring|phone) (?:me )?here\b(?! (?:any ?more|again|ever)\b)|\b(?:do not|never|stop) (?:call|calling|contact|contacting) (?:my )?(?:work|job|office|employer|boss|family|parents|mom|mother|dad|father|wife|husband|relatives|neighbors|references|coworkers)\b|\bnot (?:at|on) (?:my )?(?:work|job|office|work phone|work number)\b|\b(?:call|reach|contact) me (?:only )?(?:on|at) my (?:cell|mobile|home|personal)(?: \w+)? (?:instead|only)\b|\bonly (?:call|contact|reach) (?:me )?(?:on|at) my (?:cell|mobile|home|personal)\b|\b(?:can not|not allowed to) (?:take|get) (?:personal )?calls at work\b/),
  // time_restriction
  s('time_restriction', new RegExp(`\\bonly (?:call |reach |contact )?(?:me )?(?:after|before|between|in the|on|during)\\b|\\b(?:call|reach|contact) me only (?:after|before|between|in the|on|during)\\b|\\bnot (?:before|after|until) ${TIME_WORD}\\b|\\b(?:do not|never|stop|please do not) (?:ever )?(?:call|calling|contact|contacting|ring)(?:ing)? (?:me |here |us )?(?:(?:before|after) (?:${TIME_WORD}|\\d)|during|on (?:weekends|sundays|saturdays)|in the (?:morning|evening)|at night|so early|so late|this early|this late|early|late|at this hour)\\b|\\b(?:after|before) ${TIME_WORD} only\\b|\\bno (?:calls|calling) (?:before|after|during|on)\\b`)),
  // A time to call said with calls refused for now or for a place: "don't call me here, call me
  // after six", "don't call during the day, try me after five".
  s('time_restriction', new RegExp(`^(?=.*\\b(?:(?:do not|never|stop|quit|please do not|can not|can you not) (?:ever )?(?:call|calling|contact|contacting|ring|phone))\\b).*\\b(?:call|reach|contact|try|ring) (?:me |us )?(?:back )?(?:only )?(?:after|before|between|past|not before|not until) ${TIME_WORD}\\b`)),
  s('time_restriction', /\b(?:weekends?|evenings?|mornings?|nights?|weekdays?|afternoons?) only\b|\bonly (?:on )?(?:weekends|evenings|mornings|nights|weekdays|afternoons)\b|\bnot during (?:work|business|working|office|school) hours\b|\b(?:do not|never|please do not) (?:call|contact|ring) (?:me )?during (?:work|business|working|office|school) hours\b/),
  // correction: the amount or date replaces the one said before.
  s('correction', /\b(?:make (?:that|it)(?! to\b)|call it|let us say|change (?:that|it|this)(?: to)?|i meant?|correction|scratch that|actually|rather|instead|oops|my bad|let me (?:correct|rephrase) (?:that|myself))(?: \w+){0,3}? (?:xamt|xdate)\b|\b(?:no|sorry|wait|not xamt|not xdate)(?: (?:make (?:that|it)|it is|it will be|i mean|let us say|i can do|i will do|more like|how about|but))? (?:xamt|xdate)\b|\b(?:xamt|xdate) (?:instead|rather)\b/),
  // questioning: a "yes?" asked, not said.
  s('questioning', /^(?:(?:yes|yeah|yep|yea|ya|hello|uh huh|mhm|ok|okay|right|and|so)[ ,.!]*)+\?+$/, { onRaw: true }),
  s('questioning', /^(?:yes|yeah|yep|hello|ok|okay) (?:what|what is it|can i help you)$/),
  // other_question: asked (a question mark, a wh-word, an inverted auxiliary), and nothing else
  // read in it (see applySignals), so "how about friday?" and "can i pay 200 on friday?" are not.
  s('other_question', /[?？]\s*$/, { onRaw: true }),
  s('other_question', OPEN_QUESTION_START),
];
