// The words the en-US intent rules and vetoes share: people, agents, machines, paying verbs, and
// the guards that keep a cue from matching what it does not mean.

// Patterns run over normalized English: lowercase, contractions expanded ("can not", "i am",
// "will not"), no punctuation, with dates replaced by "xdate" and amounts by "xamt".
export const KIN = '(?:wife|husband|mom|mother|mum|dad|father|brother|sister|son|daughter|roommate|friend|partner|boyfriend|girlfriend|kid|aunt|uncle|cousin|neighbor|neighbour|coworker|boss|grandma|grandmother|grandpa|grandfather|fiance|fiancee|nephew|niece|stepson|stepdaughter)';
export const PERSON = `(?:he|she|they|${KIN}|person|who|debtor|borrower|account ?holder|card ?holder|customer|owner|man|woman|guy|lady)`;
export const NOT_A_PERSON = '(?:dog|cat|pet|puppy|kitten|fish|bird|hamster|horse|plant|phone|battery|car|engine|laptop|computer|tv|line)';
export const AGENT = '(?:person|human|agent|representative|rep|supervisor|manager|operator|somebody|someone|human being|live agent|real person|customer (?:service|support|care)|support|(?:someone|somebody) (?:in charge|higher up|else|real)|higher up|boss|specialist|associate)';
export const MACHINE = '(?:robot|machine|bot|computer|recording|ai|automated system|automated voice)';
// "make" pays only the debt: "i can barely make rent", "make ends meet", "make it to work" pay nothing.
export const PAY_VERB = '(?:pay|send|transfer|wire|put|make(?! (?:rent|the rent|my rent|ends meet|a living|it to|it through|it work|do)\\b)|give(?! (?:you |y all |you all |you guys |them )?(?:a |my |some )?(?:call|ring|buzz|shout|holler|heads up|update|answer|piece of my mind|fist|beating|black eye)\\b)|mail|settle|cover|drop|deposit|bring|manage|clear|swing|handle|knock out|take care of|square up|catch up|get (?:it|you(?! *$)|the money|that|your money|the payment|this|(?:the |that )?xamt)|have (?:it|the money|the cash|your money|the payment|that|xamt)|do it|sort (?:it|this) out)';
/** Gathering the money to pay: "i can scrape together 600", "i will come up with it", "i will knock it out friday". */
export const GATHER_VERB = '(?:scrape (?:together|up)|come up with|pull together|put together|round up|raise (?:the|some|enough) (?:money|cash|funds)|knock (?:it|this|that|the \\w+) out)';
// "I can pay some / part of it" negotiates; it commits to nothing (that is request_plan).
export const NOT_PARTIAL = '(?! (?:some|part|a part|a little|a bit|what i can|something|half|more|less|it all at once|anything)\\b(?!.* xdate))';
// A restriction to a place or a time is no request to stop all contact (signals place/time_restriction).
export const ONLY_SOMEWHERE = '(?! (?:me |us )?(?:here|right now|now|at this hour|while i am at work)\\b(?! (?:any ?more|again|ever)\\b)| (?:me |us )?(?:at|on|through) (?:my |the )?(?:work|job|office|workplace|employer|cell|home|house|landline|work phone|work number)\\b| (?:me |us )?(?:before|after|during|until|so early|so late|this early|this late|at night|in the (?:morning|evening)|on (?:weekends|sundays|saturdays))\\b| my (?:work|job|office|employer|boss|family|parents|mom|mother|dad|father|wife|husband|relatives|neighbors|references|coworkers)\\b)';
/** People close by whose emergency the speaker may be living through. */
export const NEAR_ONE = '(?:husband|wife|son|daughter|mom|mother|dad|father|baby|kid|child|brother|sister|boyfriend|girlfriend|partner|grandma|grandpa|grandmother|grandfather|friend|roommate|neighbor)';
/** Children in the speaker's care besides their own: a grandchild, a niece, a stepchild. */
export const IN_CARE = '(?:granddaughter|grandson|grandkid|grandchild|niece|nephew|toddler|stepson|stepdaughter)';
/**
 * Heard just now, not long ago: "just", "this morning", "an hour ago". A death or a diagnosis dated
 * "last year" or "in march", or named with its bills ("the emergency room bill"), is the reason
 * money is short; so is "it is just me now".
 */
export const JUST_HEARD = String.raw`^(?=.*\b(?:just(?! (?:me|us|one income)\b)|this morning|hour ago|minutes? ago)\b)(?!.*\b(?:last (?:year|month|week|summer|spring|fall|winter)|years? ago|months? ago|weeks ago|(?:in|since) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|funeral (?:was|is)|bill|bills|invoice|statement|charges|costs?|expenses)\b)`;
/** Hospitals and the services a "discharge" may be from: "discharged from the army" is no bankruptcy. */
export const NOT_FROM_CARE = String.raw`(?<!\b(?:hospital|army|navy|marines?|military|air force|coast guard|service|rehab|surgery|er|icu|emergency room|jail|prison|honorably|dishonorably|medically)\b.*)(?!.*\b(?:hospital|army|navy|marines?|military|air force|coast guard|service|rehab|surgery|icu|emergency room|jail|prison|va|honorabl[ey]|dishonorabl[ey]|medical)\b)`;
// "i can barely make the payment" says it cannot: "barely", "hardly" negate like "not".
/** What a collector or the company may be called: "pathetic", "crooks", "vultures", "a bunch of clowns". */
export const INSULT = '(?:pathetic|despicable|vile|shameless|heartless|soulless|spineless|sleazy|slimy|scummy|evil|crooked|predatory|useless|incompetent|clueless|gutless|sick|twisted|(?:crook|snake|weasel|vulture|bum|shark|hyena|pig|animal|clown|joker|fool|hypocrite|vampire|ghoul|creep|punk|monster|pest|liar|coward|bully|predator|loser|leech|parasite|rat|thug|thief|cheat|hustler|lowlife)s?|swine|trash|thieves|leeches|bullies)';
/**
 * A state said of a pet, a child or a thing is not the speaker's: "my dog is going crazy", "the baby
 * will not stop crying", "my car is breaking down", "the kids are freaking out". Put before a cue.
 */
export const SAID_OF_OTHERS = String.raw`(?<!\b(?:dogs?|cats?|pets?|pupp(?:y|ies)|kittens?|birds?|bab(?:y|ys|ies)|kids?|child|childs|children|toddlers?|sons?|daughters?|boys?|girls?|grandkids?|grandbabys?|phones?|cars?|trucks?|houses?|roofs?|engines?|computers?|laptops?|tvs?|lines?|markets?|prices|stocks?|neighbors?|crowds?|internet|printers?|washers?|dryers?|fridges?|furnaces?|heaters?|he|she|it|they)\b(?: (?:is|are|s|was|were|has|have|been|keeps|keep|kept|just|started|starts|start|will|would|can|could|does|did|not|all|still|always|really|totally|literally|completely|stop|stops|going))* )`;
export const NO_NEG_GAP = '(?: (?!not\\b|never\\b|no\\b|barely\\b|hardly\\b|scarcely\\b)[a-z]+){0,3}?';
