import { stageForDaysPastDue, type Debtor, type Stage } from '../src/domain/debtor.js';
import { DunbotError } from '../src/errors.js';
import type { FlowMachine } from '../src/flow/index.js';
import { earlyStageFlow } from './early-stage.js';
import { lateStageFlow } from './late-stage.js';
import { midStageFlow } from './mid-stage.js';

/** The shipped collection flows, by name. */
export const FLOWS: Readonly<Record<Stage, FlowMachine>> = {
  early: earlyStageFlow,
  mid: midStageFlow,
  late: lateStageFlow,
};

/** The names `--flow` accepts. */
export const FLOW_NAMES = Object.keys(FLOWS) as Stage[];

/** True when `name` is a shipped flow's name. */
export function isFlowName(name: string): name is Stage {
  return Object.hasOwn(FLOWS, name);
}

/** The named flow, or the flow of the debtor's stage (by days past due) when no name is given. */
export function selectFlow(debtor: Debtor, name?: string): { name: Stage; machine: FlowMachine } {
  const chosen = name ?? stageForDaysPastDue(debtor.daysPastDue);
  if (!isFlowName(chosen)) {
    throw new DunbotError('DUN_ERR_FLOW_UNKNOWN', `unknown flow "${chosen}"; known flows: ${FLOW_NAMES.join(', ')}`);
  }
  return { name: chosen, machine: FLOWS[chosen] };
}

export { earlyStageFlow, midStageFlow, lateStageFlow };
