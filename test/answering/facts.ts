import { groundingFacts, type GroundingFacts } from '../../src/answering/index.js';
import { createFlowContext } from '../../src/flow/index.js';
import { fixtureInput } from '../support/fixtures.js';

/** The facts of a call to the en-US early debtor (balance 1250.50, Acme Auto Finance), verified or not. */
export function factsFor(verified: boolean, fixture = 'en-US-early'): GroundingFacts {
  return groundingFacts({ ...createFlowContext(fixtureInput(fixture)), verified });
}

/** A chat completion's content as the answerer asks for it. */
export function answerJson(answer: string, grounded = true): string {
  return JSON.stringify({ answer, grounded });
}
