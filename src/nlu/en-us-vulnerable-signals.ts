import { defineSignal as s, type SignalRule } from './signal-rule.js';

// The `vulnerable` signal for en-US, over normalized English ("i am", "can not", no punctuation;
// amounts tagged "xamt", dates "xdate", past ones too: "last thursday", "yesterday"). Built by
// class: serious illness now, a recent bereavement, confusion, a minor on the line. Each class
// reads the caller's own situation now; ordinary hardship (a lost job, a hospital stay last year, a
// death years ago, a relative's illness one looks after) is not it — that is `hardship`, and the
// flows offer a plan for it.

/** People whose illness or death a caller speaks of. */
const KIN = '(?:wife|husband|partner|fiance|fiancee|mom|mother|mum|mama|dad|father|papa|son|daughter|child|baby|kid|brother|sister|grandma|grandmother|grandpa|grandfather|boyfriend|girlfriend|uncle|aunt|cousin|friend|parents|family)';
/** Not said of someone else: "my mom is on dialysis", "her chemo" (a caregiver's hardship, not the caller's illness). */
const NOT_OF_OTHER = `(?<!\\b(?:my|his|her|our|their) ${KIN}(?: \\w+){0,4} |\\b(?:he|she|they|his|her|their) (?:\\w+ ){0,3})`;

/** Treatments and states that mean a serious illness now. */
const TREATMENT = '(?:chemo|chemotherapy|radiation(?: therapy| treatment)?|radiotherapy|dialysis|hospice|palliative care|life support|a transplant|intensive care|the icu|icu)';
/** Where a cancer is, as a caller names it: "pancreatic cancer", "breast cancer". */
const CANCER_SITE = '(?:pancreatic|pancreas|breast|lung|colon|colorectal|liver|prostate|ovarian|cervical|uterine|brain|bone|stomach|throat|esophageal|kidney|bladder|blood|skin)';
/** Serious diagnoses. */
const DIAGNOSIS = `(?:(?:${CANCER_SITE} )?cancer|a tumou?r|tumou?rs|leukemia|lymphoma|als|a brain tumou?r|heart failure|kidney failure|liver failure|a terminal illness|an? (?:aggressive|inoperable) \\w+)`;

/** Days or weeks ago, or just now: a bereavement that is recent. "a few years back" is not. */
const RECENTLY = '(?:xdate|last (?:week|weekend|night|month)|this (?:week|weekend|month|morning)|(?:a|one|two|three|four|five|six|a few|a couple(?: of)?|couple(?: of)?) (?:days|weeks) ago|recently|just now|on xdate)';
const DIED = '(?:died|passed(?: away| on)?|was killed|got killed|lost (?:his|her) (?:life|battle|fight))';
/** Sudden illness that puts a person in hospital, recent when it is serious now: "i had a stroke last week". */
const ACUTE = '(?:heart attack|stroke|brain bleed|aneurysm)';

/** Ages of a child old enough to answer the phone. */
const CHILD_AGE = '(?:five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|[5-9]|1[0-7])';
/** What a number after "i am" is when it is no age: "i am ten minutes away", "i am 12 dollars short". */
const NOT_AN_AGE = '(?! (?:minutes?|mins?|hours?|days?|weeks?|months?|dollars?|bucks|cents|percent|hundred|thousand|grand|k|miles?|blocks?|payments?|behind|short|late|away|out|from|of|in|on|at|to|xamt|xdate)\\b)';
const GRADE = '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|1st|2nd|3rd|4th|5th|6th|7th|8th|9th|kindergarten)';

/** Vulnerable callers: serious illness now, a recent bereavement, confusion, a minor answering. */
export const EN_US_VULNERABLE: readonly SignalRule[] = [
  // Serious illness now: on chemo, dialysis or in hospice, a terminal diagnosis, in hospital right now.
  s('vulnerable', new RegExp(`${NOT_OF_OTHER}\\b(?:i am|i have been|i will be|i was just|i just) (?:\\w+ )?(?:on|getting|doing|having|starting|in|going through|put in|put on|moved to|admitted to) ${TREATMENT}\\b|${NOT_OF_OTHER}\\b(?:my|i start|i started|i begin|starting|started|start) (?:my )?(?:next )?(?:round of )?(?:chemo|chemotherapy|radiation|dialysis)\\b|${NOT_OF_OTHER}\\bi (?:have|(?:was|got|have been) (?:just |recently )?diagnosed with|just found out i have|have got) (?:stage (?:3|4|three|four|iii|iv) |terminal |advanced |metastatic |late stage )?${DIAGNOSIS}\\b|\\b(?:they|the doctors?|doctors) (?:just )?(?:found|diagnosed) (?:me with )?${DIAGNOSIS}\\b|${NOT_OF_OTHER}\\b(?:they|the doctors?|doctors|my doctor) (?:are saying|say|said|told me|tell me) (?:that )?(?:it is|i have|i have got) (?:stage \\w+ |terminal |advanced )?${DIAGNOSIS}\\b|\\bmy cancer (?:is back|came back|has come back|returned|has returned|has spread|spread|is spreading)\\b|${NOT_OF_OTHER}\\bi (?:just )?had (?:a |another )?${ACUTE}(?: \\w+){0,3}? ${RECENTLY}\\b|${NOT_OF_OTHER}\\bi am (?:terminal|terminally ill|dying)\\b(?! (?:to|for|of laughter)\\b)|\\b(?:months|weeks) to live\\b|${NOT_OF_OTHER}\\bi am (?:\\w+ )?(?:still )?in (?:the )?hospital\\b(?! (?:last|xdate|for (?:a|two|three) (?:days|weeks) (?:last|in))\\b)|\\bi (?:just )?(?:got|was|have been|am being) (?:just )?(?:admitted|hospitali[sz]ed)\\b(?!.*\\b(?:last year|years? ago|back in|in \\d{4}|a while ago|long time ago)\\b)|\\bcalling (?:you )?from (?:my )?hospital bed\\b|${NOT_OF_OTHER}\\bin (?:the )?hospital (?:right )?now\\b`)),
  // A recent bereavement: "my husband died last thursday", "the funeral was yesterday", "i just lost my wife".
  s('vulnerable', new RegExp(`\\b(?:my|our) ${KIN} (?:just |recently |suddenly )?${DIED}(?: \\w+){0,5}? ${RECENTLY}\\b|\\b(?:my|our) ${KIN} (?:just|recently) ${DIED}\\b|\\b(?:planning|arranging|organi[sz]ing) (?:my|our) ${KIN}(?: is| s)? funeral\\b|\\bi (?:just |recently )?lost my ${KIN} ${RECENTLY}\\b|\\bi just lost my ${KIN}\\b|\\b(?:the|his|her|their|my \\w+) funeral (?:was|is|will be) (?:xdate|this|next|on|tomorrow|today|yesterday)\\b|\\bwe (?:just )?buried (?:him|her|them|my ${KIN}) ${RECENTLY}\\b|\\b(?:just|recently) (?:been )?widowed\\b`)),
  // Confusion: the caller does not know what day it is or what a loan is, gets mixed up, has dementia.
  // ("what day is it due" asks for a due date.)
  s('vulnerable', /\bwhat day is (?:it|this|today)(?: (?:xdate|again|now|even))?(?: |$)(?!(?:due|going|supposed|scheduled|set|on|for|that|the|my|your|you|gonna)\b)|\bwhat (?:year|month) is it(?: |$)(?!(?:due|on|for)\b)|\bi (?:always |often |sometimes |just )?get (?:all |so |a (?:little|bit) |easily )?(?:mixed up|muddled|turned around|confused)\b(?! (?:with|about|on|by|between|over|when it comes to)\b)|\bwhat is a (?:loan|debt|balance|credit card|collection)\b|\bi do not (?:know|understand) what (?:a|an) (?:loan|debt|credit card|balance) (?:is|means)\b|\b(?:i have|diagnosed with|my) (?:dementia|alzheimers|alzheimer s|memory loss|memory problems)\b|\bmy memory is (?:not|going|bad|gone|failing)\b|\bi (?:can not|do not) remember (?:anything|things|what day|what year|who you are|where i am)\b|\bi forget (?:everything|things)\b|\bwhere am i\b/),
  // A minor answering: "i am ten", "i am 12 years old", "i am in fourth grade", "i am just a kid".
  s('vulnerable', new RegExp(`\\bi am (?:only |just |like )?${CHILD_AGE}(?: (?:years?|yrs?) old)?\\b${NOT_AN_AGE}|\\bi am (?:only |just )?(?:a )?(?:little )?(?:kid|child|minor)\\b|\\bi am (?:in|only in) (?:the )?(?:${GRADE} grade|kindergarten)\\b|\\b${GRADE} grader\\b|\\bi am (?:still )?in (?:elementary|middle|primary|junior high|grade) school\\b`)),
];
