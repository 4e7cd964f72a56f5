import type { Debtor } from '../domain/debtor.js';
import { DunbotError } from '../errors.js';
import type { FlowMachine } from './flow-machine.js';

/** A flow chosen for a call. */
export interface FlowChoice {
  readonly name: string;
  readonly machine: FlowMachine;
}

/**
 * The flows a deployment can run, and which one a debtor gets. The runtime is given one (it never
 * imports flows itself), so an application ships its own flows the same way dunbot ships its three.
 */
export interface FlowRegistry {
  readonly names: readonly string[];
  /** The flow named `name`, or the one for this debtor when no name is given; DUN_ERR_FLOW_UNKNOWN otherwise. */
  select(debtor: Debtor, name?: string): FlowChoice;
}

/**
 * A registry of `flows`, choosing by `pick(debtor)` when no name is given.
 *
 * @example
 * const registry = createFlowRegistry({ early, late }, (debtor) => (debtor.daysPastDue > 30 ? 'late' : 'early'));
 */
export function createFlowRegistry(flows: Readonly<Record<string, FlowMachine>>, pick: (debtor: Debtor) => string): FlowRegistry {
  const names = Object.keys(flows);
  return {
    names,
    select: (debtor, name) => {
      const chosen = name ?? pick(debtor);
      const machine = Object.hasOwn(flows, chosen) ? flows[chosen] : undefined;
      if (machine === undefined) throw new DunbotError('DUN_ERR_FLOW_UNKNOWN', `unknown flow "${chosen}"; known flows: ${names.join(', ')}`);
      return { name: chosen, machine };
    },
  };
}
