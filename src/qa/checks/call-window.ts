import { z } from 'zod';
import type { Locale } from '../../domain/locale.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { perLocale } from './params.js';

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

const windowSchema = z.strictObject({ from: clockTime, to: clockTime }).refine((window) => window.from < window.to, 'from must be before to');

/** The hours docs/compliance.md names: US 08:00–21:00, China no collection from 22:00 to 08:00. */
const DEFAULT_WINDOWS: Readonly<Record<Locale, { readonly from: string; readonly to: string }>> = {
  'en-US': { from: '08:00', to: '21:00' },
  'zh-CN': { from: '08:00', to: '22:00' },
};

/** Seconds since midnight of `instantMs` on the wall clock of `timeZone`, and that wall-clock time as text. */
function wallClock(instantMs: number, timeZone: string): { readonly seconds: number; readonly text: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((found) => found.type === type)?.value ?? '00';
  const [hour, minute, second] = [part('hour'), part('minute'), part('second')];
  return { seconds: Number(hour) * 3600 + Number(minute) * 60 + Number(second), text: `${hour}:${minute}:${second}` };
}

function secondsOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 3600 + Number(minutes) * 60;
}

/**
 * Veto: the call was held inside the hours collection calls are allowed, on the debtor's own clock.
 * dunbot takes a stream whenever one arrives and leaves the window to the dialer
 * (docs/compliance.md, "Not enforced by dunbot"); these are the windows that page names: 08:00–21:00
 * local time in the US (FDCPA §805(a)(1); Reg F §1006.6(b)(1)), and no collection from 22:00 to
 * 08:00 in China (GB/T 45251, NIFA 2024, CBA 2026). The locale stands for the jurisdiction. The
 * call record holds no time zone: it is the debtor record's, so without one the check does not apply.
 */
export const callWindow = defineCheck(
  'call_window',
  'the call started (and, with `through: "end"`, ended) inside the permitted hours in the debtor\'s time zone',
  z.strictObject({
    /** Per locale; a locale left out keeps its default, so a team tightening one country's hours does not lose the other's. */
    windows: perLocale(windowSchema).default({}),
    /** `end`: the whole call, its end included, must be inside the window; `start`: only when it began. */
    through: z.enum(['start', 'end']).default('end'),
  }),
  (call, params) => {
    const window = params.windows[call.locale] ?? DEFAULT_WINDOWS[call.locale];
    if (call.account === undefined) return notApplicable(`no debtor record for ${call.record.debtorId}: the call record holds no time zone`);
    const zone = call.account.debtor.timezone;
    const [from, to] = [secondsOf(window.from), secondsOf(window.to)];
    const moments = [{ what: 'started', ms: call.record.startedAtMs, entry: 0 }];
    if (params.through === 'end') moments.push({ what: 'ended', ms: call.endedAtMs, entry: Math.max(0, call.record.events.length - 1) });
    const outside = moments.map((moment) => ({ ...moment, local: wallClock(moment.ms, zone) })).filter((moment) => moment.local.seconds < from || moment.local.seconds > to);
    const hours = `${window.from}–${window.to} ${zone}`;
    if (outside.length === 0) return judged(true, `held within ${hours} (started ${wallClock(call.record.startedAtMs, zone).text})`);
    return judged(false, `outside ${hours}: ${outside.map((moment) => `${moment.what} at ${moment.local.text}`).join(', ')}`, outside.map((moment) => call.at(moment.entry)));
  },
);
