import type { flowSetup } from './flow-setup.js';

/** The config `flowSetup.createMachine()` takes. */
export type FlowMachineConfig = Parameters<typeof flowSetup.createMachine>[0];

/** The config of one state of a flow machine. */
export type FlowStateConfig = NonNullable<FlowMachineConfig['states']>[string];

/** One guarded transition out of a state, taking any turn event. */
export type FlowTransition = Exclude<NonNullable<FlowStateConfig['always']>, string | readonly unknown[]>;

/** A named action of the flow kit, with its parameters. */
export type FlowAction = Exclude<NonNullable<FlowTransition['actions']>, readonly unknown[]>;

/** A named guard of the flow kit, with its parameters. */
export type FlowGuard = Extract<NonNullable<FlowTransition['guard']>, { type: string }>;
