// The words the en-US safety signals share: how a rule is written (anyOf, nowhere), and the
// lexicon both self-harm and threats of violence read (firearms, calibres, warnings to the caller).

/** Joins alternatives written one to a line, each with its own comment. */
export function anyOf(...alternatives: readonly string[]): RegExp {
  return new RegExp(alternatives.join('|'));
}

/**
 * None of `words` anywhere in the utterance, before (lookbehind) or after (lookahead) the point it
 * is put. Put right after the cue it guards, it is only tested where that cue matched.
 */
export function nowhere(words: string): string {
  return String.raw`(?<!\b(?:${words})\b.*)(?!.*\b(?:${words})\b)`;
}

/**
 * A warning to the caller: "keep it up", "call one more time", "try me", "plenty of free time". Said
 * with a weapon it is a threat, not despair.
 */
export const WARNING = String.raw`keep it up|keep (?:on )?calling|keep pushing|call (?:me |here |this number )?(?:again|one more time|once more)|one more call|try me|test me|push me|i dare you|go ahead|plenty of (?:free )?time|all the time in the world|you have been warned|consider yourself warned|(?:last|final|fair) warning|just saying|remember that|keep that in mind|think about (?:that|it)`;

/** Guns, by name. */
export const FIREARM = '(?:gun|guns|revolver|pistol|handgun|rifle|shotgun|firearm|glock|sidearm|service (?:weapon|pistol|revolver|rifle)|twelve gauge|12 gauge|deer rifle|hunting rifle|nine millimeter|9mm|ar 15|ar15)';

/**
 * A gun named by its calibre: "my 45", "a 38", "the 9mm", "a thirty eight". A figure alone is money
 * ("let me go get the 420"), so only these.
 */
export const CALIBRE = String.raw`(?:forty five|45|thirty eight|38|357|three fifty seven|380|nine millimeter|nine mil|9mm|9 mm|9 mil|twenty two|22|40 cal|forty cal|44 magnum|magnum|45 auto|38 special)`;
