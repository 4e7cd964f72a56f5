import type { Locale } from '../domain/locale.js';
import type { CallerProfile } from '../flow/flow-context.js';

/**
 * Caller profiles used when the deployment configures none. They are placeholders a deployment
 * must replace with its own business name, numbers and payment channel; the crisis lines are the
 * US 988 lifeline and China's national mental-health line 12356, to be verified per deployment.
 */
export const DEFAULT_CALLER_PROFILES: Readonly<Record<Locale, CallerProfile>> = {
  'en-US': {
    businessName: 'Account Services',
    callbackNumber: '+18005550100',
    paymentChannel: 'our website or mobile app',
    crisisLine: '988',
  },
  'zh-CN': {
    businessName: '客户服务中心',
    callbackNumber: '4008005000',
    paymentChannel: '官方App或官方网站',
    crisisLine: '12356',
  },
};
