import type { FlowMachine } from './flow-machine.js';
import type { FlowStateMeta } from './flow-setup.js';

interface GuardObject {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

function isGuardObject(value: unknown): value is GuardObject {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

/** Names a guard for a diagram label: the intent for intent guards, the guard's name otherwise. */
function guardLabel(guard: unknown): string {
  if (isGuardObject(guard)) {
    const intent = guard.params?.['intent'];
    return typeof intent === 'string' ? intent : guard.type;
  }
  // and([...]) guards are functions that keep their parts in `guards`.
  if (typeof guard === 'function' && 'guards' in guard && Array.isArray(guard.guards)) {
    return guard.guards.map(guardLabel).join(' & ');
  }
  return '';
}

function eventLabel(eventType: string, guard: unknown): string {
  const guardText = guardLabel(guard);
  if (eventType === 'user.said') return guardText === '' ? 'other' : guardText;
  if (eventType === 'user.silent') return guardText === '' ? 'silence' : `silence ${guardText}`;
  if (eventType === '') return guardText === '' ? 'else' : guardText;
  return guardText === '' ? eventType : `${eventType} ${guardText}`;
}

/**
 * A Mermaid `stateDiagram-v2` of a flow: states, transitions labelled with the intent or guard
 * that takes them, and final states with their disposition. Keypad transitions mirror spoken
 * ones and root-level hang-up/voicemail apply everywhere, so they are left out to keep it legible.
 */
export function flowToMermaid(machine: FlowMachine): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root;
  const initial = root.initial.target[0]?.key;
  if (initial !== undefined) lines.push(`  [*] --> ${initial}`);
  for (const key of Object.keys(root.states)) {
    const node = root.states[key];
    if (node === undefined) continue;
    const meta = node.meta as FlowStateMeta | undefined;
    if (node.type === 'final') {
      lines.push(`  ${key} : ${key} → ${meta?.disposition ?? '?'}`, `  ${key} --> [*]`);
      continue;
    }
    const labels = new Map<string, string[]>();
    const add = (target: string, label: string): void => {
      const list = labels.get(target) ?? [];
      if (!list.includes(label)) list.push(label);
      labels.set(target, list);
    };
    for (const [eventType, definitions] of node.transitions) {
      if (eventType === 'user.dtmf') continue;
      for (const definition of definitions) {
        const target = definition.target?.[0]?.key;
        if (target !== undefined && target !== key) add(target, eventLabel(eventType, definition.guard));
      }
    }
    for (const definition of node.always ?? []) {
      const target = definition.target?.[0]?.key;
      if (target !== undefined) add(target, eventLabel('', definition.guard));
    }
    for (const [target, list] of labels) lines.push(`  ${key} --> ${target} : ${list.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
