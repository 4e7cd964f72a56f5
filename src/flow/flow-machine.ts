import type { flowSetup } from './flow-setup.js';

/** A machine built with `flowSetup.createMachine()`: every dunbot flow has this type. */
export type FlowMachine = ReturnType<typeof flowSetup.createMachine>;
