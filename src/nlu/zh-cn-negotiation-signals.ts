import { defineSignal as s, type SignalRule } from './signal-rule.js';

// The `reduction_request` signal for zh-CN, over normalized Mandarin (amounts Ⓐ). Two classes:
// asking to pay less than the balance and have the rest forgiven (剩下的免了, 一笔勾销, 本金减一半),
// and holding to one's own figure as final (这是我的底线, 多一分都没有). Instalments of the whole
// balance (分期) or a partial payment (先还一部分) are neither.

/** Asks to settle for less: the rest forgiven, written off, reduced, or the account closed for less. */
const SETTLE_FOR_LESS = '(?:剩下|剩余|其余|余下)的?(?:钱|部分|欠款|本金|利息)?(?:你们)?(?:就|能不能|可不可以|能|给我)?(?:免|减免|免除|一笔勾销|勾销|算了|不要了|抹了|抹掉)|一笔勾销|(?:本金|欠款|总额|金额|债)(?:能不能|可不可以|能|给我)?(?:给我)?(?:减|减免|免|打折|打个折)|减(?:一半|半|掉一半|个一半)|打(?:个)?(?:五|六|七|对)折|两清|(?<=Ⓐ.*)(?:就算了结|这事就算了)';
/** Holds to one's own figure: 这是我的底线, 最多就这么多, 再多一分也没有, 爱要不要. */
const FINAL_OFFER = '底线|最少的了|最多(?:就|只能)?(?:这么多|这些|给这么多)|(?:再)?多(?:一分|一块|一毛)(?:钱)?(?:都|也)(?:没有|拿不出|不给)|多了(?:真)?没有|爱要不要|就这个数';

/** A request to pay less than the balance for the account, or one's own figure held as final. */
export const ZH_CN_NEGOTIATION: readonly SignalRule[] = [s('reduction_request', new RegExp(`${SETTLE_FOR_LESS}|${FINAL_OFFER}`))];
