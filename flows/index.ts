import { stageForDaysPastDue, type Debtor, type Stage } from '../src/domain/debtor.js';
import { createFlowRegistry, type FlowMachine, type FlowRegistry } from '../src/flow/index.js';
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

/** The shipped flows as a registry: the flow of the debtor's stage (by days past due) unless one is named. */
export const SHIPPED_FLOWS: FlowRegistry = createFlowRegistry(FLOWS, (debtor: Debtor) => stageForDaysPastDue(debtor.daysPastDue));

export { earlyStageFlow, midStageFlow, lateStageFlow };
