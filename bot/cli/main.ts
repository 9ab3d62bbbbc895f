import { Command, CommanderError } from 'commander';
import dotenv from 'dotenv';
import pino from 'pino';
import { ShiftedClock } from '../../config/clock';
import type { Env } from '../../config/env-schema';
import { loadEnv } from '../../config/load-env';
import type { TerminalAdapter } from '../channels/terminal/terminal-adapter';
import { loadRiskScreen } from '../../config/load-risk-rules';
import { buildRuntime, createClock, createWorker, fromProjectRoot } from '../index';
import { ProactiveMessenger } from '../channels/proactive-messenger';
import { registerChatCommand } from './commands/chat-command';
import { registerEscalationCommands } from './commands/escalation-commands';
import { registerKnowledgeCommands } from './commands/knowledge-commands';
import { registerRiskCommands } from './commands/risk-commands';

/** The CLI logs only warnings, to stderr, so its stdout stays clean for pipes (`screen`, `eval`). */
function cliLogger(env: Env) {
  return pino({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, pino.destination(2));
}

export function buildProgram(env: Env): Command {
  const program = new Command('crisis-bot')
    .description('Crisis Triage Bot: operators\' and developers\' tools')
    .showHelpAfterError()
    .exitOverride();
  const clock = createClock(env);

  // screen/eval need only the rules: no service config, knowledge base or review warnings.
  registerRiskCommands(program, { loadRiskScreen: () => loadRiskScreen(fromProjectRoot(env.RISK_RULES)) });
  registerKnowledgeCommands(program, {
    out: process.stdout,
    clock,
    knowledgeBasePath: fromProjectRoot(env.KNOWLEDGE_BASE),
  });
  registerEscalationCommands(program, {
    openServices: async () => {
      const runtime = await buildRuntime(env, cliLogger(env), clock);
      return { escalations: runtime.escalations, store: runtime.store, close: () => runtime.store.close() };
    },
    timeZone: 'Europe/London',
  });
  registerChatCommand(program, {
    openBot: async ({ now }) => {
      const logger = cliLogger(env);
      const runtime = await buildRuntime(env, logger, now ? new ShiftedClock(new Date(now)) : clock);
      // Reaches this terminal session only; the server's worker reaches every other channel.
      const messenger = new ProactiveMessenger({ appId: env.MicrosoftAppId ?? '', logger });
      const worker = await createWorker(runtime, { publicBaseUrl: env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3978', messenger });
      worker.start();
      runtime.safetyCheckWatchWorker.start();
      return {
        logic: runtime.bot.run,
        crisisMessage: runtime.crisisMessage,
        registerTerminal: (adapter: TerminalAdapter) => messenger.registerTerminal(adapter),
        close: async () => {
          await worker.stop();
          await runtime.safetyCheckWatchWorker.stop();
          await runtime.store.close();
        },
      };
    },
  });
  return program;
}

/** Entry point for bin/crisis-bot.js; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const env = loadEnv(process.env);
  const program = buildProgram(env);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
