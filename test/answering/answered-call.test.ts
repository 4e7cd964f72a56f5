import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDunbot } from '../cli/run-cli.js';
import { OpenAiCompatibleServer } from '../understanding/openai-compatible-server.js';
import { answerJson } from './facts.js';

const root = join(import.meta.dirname, '..', '..');
const debtor = (name: string) => join(root, 'fixtures', 'debtors', `${name}.json`);

interface Line {
  readonly speaker: 'bot' | 'debtor';
  readonly text: string;
  readonly generated?: true;
}

let server: OpenAiCompatibleServer;
let dir: string;
let db: string;

beforeEach(async () => {
  server = await OpenAiCompatibleServer.start();
  dir = mkdtempSync(join(tmpdir(), 'dunbot-answers-'));
  db = join(dir, 'calls.db');
});

afterEach(async () => {
  await server.close();
});

/** Holds a scripted text call with `dunbot chat --json`; `llm` configures the model as the environment would. */
async function chat(fixture: string, now: string, lines: readonly string[], env: Record<string, string> = {}): Promise<{ transcript: Line[]; recordId: string }> {
  const script = join(dir, 'script.txt');
  writeFileSync(script, `${lines.join('\n')}\n`);
  const result = await runDunbot(['chat', '--debtor', debtor(fixture), '--now', now, '--script', script, '--json', '--db', db], '', env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const output = JSON.parse(result.stdout) as { transcript: Line[]; recordId: string };
  return output;
}

const withLlm = (): Record<string, string> => ({ DUNBOT_LLM_BASE_URL: server.baseUrl, DUNBOT_LLM_MODEL: 'test-model', DUNBOT_LLM_BUDGET_MS: '2000' });

/** The bot's lines right after the debtor said `text`, up to the debtor's next turn. */
function replyTo(transcript: readonly Line[], text: string): Line[] {
  const at = transcript.findIndex((line) => line.speaker === 'debtor' && line.text === text);
  const after = transcript.slice(at + 1);
  const next = after.findIndex((line) => line.speaker === 'debtor');
  return next < 0 ? after : after.slice(0, next);
}

/** The bot's last line before the debtor said `text`: the question being asked. */
function questionBefore(transcript: readonly Line[], text: string): string | undefined {
  const at = transcript.findIndex((line) => line.speaker === 'debtor' && line.text === text);
  return transcript.slice(0, at).at(-1)?.text;
}

describe('a text call with an open question', () => {
  const question = 'is this the loan from my dealership?';

  it('with an LLM: the debtor hears the grounded answer, then the same question again; the record says it was generated', async () => {
    const answer = 'No, this is your car loan with Acme Auto Finance.';
    server.reply({ content: answerJson(answer) });

    const { transcript, recordId } = await chat('en-US-early', '2026-03-11T15:00:00Z', ['yes this is john', question], withLlm());
    const asked = questionBefore(transcript, question);
    expect(replyTo(transcript, question)).toEqual([
      { speaker: 'bot', text: answer, state: expect.any(String), generated: true },
      { speaker: 'bot', text: asked, state: expect.any(String) },
    ]);
    // What the model was given: the verified debtor's account, and the question.
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.text).toContain('1250.5');

    const shown = await runDunbot(['calls', 'show', recordId, '--json', '--db', db]);
    const record = JSON.parse(shown.stdout) as { events: { type: string; prompt?: string; text?: string; generated?: boolean; nlu?: { signals?: string[] } }[] };
    expect(record.events.find((event) => event.type === 'bot.said' && event.text === answer)).toMatchObject({ prompt: 'answer.generated', generated: true });
    expect(record.events.find((event) => event.type === 'debtor.turn' && event.text === question)?.nlu?.signals).toEqual(['other_question']);
    const readable = await runDunbot(['calls', 'show', recordId, '--db', db]);
    expect(readable.stdout).toContain(`${answer}   (answer.generated, generated)`);
  });

  it('without an LLM: the debtor hears that a colleague will follow up in writing, then the same question again', async () => {
    const { transcript } = await chat('en-US-early', '2026-03-11T15:00:00Z', ['yes this is john', question]);
    expect(replyTo(transcript, question).map((line) => line.text)).toEqual([
      "I'm not able to answer that on this call, but I can have a colleague follow up with you in writing.",
      questionBefore(transcript, question),
    ]);
    expect(transcript.some((line) => line.generated === true)).toBe(false);
  });

  it('with answers turned off (DUNBOT_LLM_ANSWERS=off): the scripted line, and the model is never asked', async () => {
    const { transcript } = await chat('en-US-early', '2026-03-11T15:00:00Z', ['yes this is john', question], { ...withLlm(), DUNBOT_LLM_ANSWERS: 'off' });
    expect(replyTo(transcript, question)[0]?.text).toMatch(/^I'm not able to answer that on this call/);
    expect(server.requests).toHaveLength(0);
  });

  it('with an LLM that fails: the scripted line, and the call goes on', async () => {
    server.reply({ status: 500 });
    const { transcript } = await chat('en-US-early', '2026-03-11T15:00:00Z', ['yes this is john', question], withLlm());
    expect(replyTo(transcript, question)[0]?.text).toMatch(/^I'm not able to answer that on this call/);
  });

  it('in Mandarin: the answer in the call’s language, then the question again', async () => {
    const answer = '利息的具体情况我在电话里没法确认，可以请同事之后书面答复您。';
    server.reply({ content: answerJson(answer) });

    const { transcript } = await chat('zh-CN-early', '2026-03-11T02:00:00Z', ['是我', '这个利息是多少？'], withLlm());
    expect(replyTo(transcript, '这个利息是多少？').map((line) => line.text)).toEqual([answer, questionBefore(transcript, '这个利息是多少？')]);
    expect(server.requests[0]?.text).toContain('Mandarin Chinese');
  });
});
