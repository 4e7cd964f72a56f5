import { DunbotError } from '../errors.js';
import { writeLine, type CliIo } from './cli-io.js';
import { CALLS_USAGE, runCalls } from './commands/calls.js';
import { CHAT_USAGE, runChat } from './commands/chat.js';
import { FLOWS_USAGE, runFlows } from './commands/flows.js';
import { DEMO_USAGE, runDemo } from './commands/demo.js';
import { NLU_USAGE, runNlu } from './commands/nlu.js';
import { QA_USAGE, runQa } from './commands/qa.js';
import { REPLAY_USAGE, runReplay } from './commands/replay.js';
import { SERVE_USAGE, runServe } from './commands/serve.js';
import { TOKEN_USAGE, runToken } from './commands/token.js';

const USAGE = [
  'dunbot — lawful AI debt-collection calls in zh-CN and en-US',
  '',
  'commands:',
  `  ${CHAT_USAGE}`,
  `  ${NLU_USAGE}`,
  `  ${FLOWS_USAGE}`,
  `  ${CALLS_USAGE}`,
  `  ${QA_USAGE}`,
  `  ${SERVE_USAGE}`,
  `  ${REPLAY_USAGE}`,
  `  ${TOKEN_USAGE}`,
  `  ${DEMO_USAGE}`,
].join('\n');

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => Promise<number>>> = {
  chat: runChat,
  nlu: runNlu,
  flows: runFlows,
  calls: runCalls,
  qa: runQa,
  serve: runServe,
  replay: runReplay,
  token: runToken,
  demo: runDemo,
};

/**
 * Runs the `dunbot` command line and returns the exit code: 0 success, 1 a failed check or call,
 * 2 bad usage or input (reported with its DUN_ERR code on stderr).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    writeLine(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    writeLine(io.stderr, `dunbot: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof DunbotError) {
      writeLine(io.stderr, `dunbot ${name}: ${error.code}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
