import type { Readable, Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import type { Command } from 'commander';
import type { TerminalAdapter } from '../../channels/terminal/terminal-adapter';
import { runTerminalChat } from '../../channels/terminal/run-terminal-chat';

export { runTerminalChat };

/** The bot as the composition root builds it for any channel. */
export interface ChatBot {
  logic: (context: TurnContext) => Promise<void>;
  crisisMessage: () => string;
  /** Lets proactive messages (e.g. "a clinician accepted your alert") reach this terminal session. */
  registerTerminal?: (adapter: TerminalAdapter) => void;
  close(): Promise<void>;
}

export interface ChatCommandDeps {
  /** Builds the full bot (store, risk screen, dialogs, escalation); `now` pins the clock for drills. */
  openBot: (options: { now?: string }) => Promise<ChatBot>;
  input?: Readable;
  output?: Writable;
}

/** `crisis-bot chat [--now <iso>]`: talk to the real bot in a terminal. */
export function registerChatCommand(program: Command, deps: ChatCommandDeps): void {
  program
    .command('chat')
    .description('talk to the bot in this terminal, through the same risk screen, dialogs and escalation as every channel (training and drills)')
    .option('--now <iso>', 'pretend it is this moment, e.g. 2026-12-25T02:00:00Z (drills of night and holiday behaviour)')
    .action(async (options: { now?: string }) => {
      if (options.now !== undefined && Number.isNaN(Date.parse(options.now))) {
        throw new Error(`--now must be an ISO date-time such as 2026-12-25T02:00:00Z, not "${options.now}"`);
      }
      const input = deps.input ?? process.stdin;
      const output = deps.output ?? process.stdout;
      const bot = await deps.openBot(options.now ? { now: options.now } : {});
      try {
        await runTerminalChat({
          input,
          output,
          logic: bot.logic,
          crisisMessage: bot.crisisMessage,
          prompt: input === process.stdin && process.stdin.isTTY === true,
          ...(bot.registerTerminal ? { onStart: bot.registerTerminal } : {}),
        });
      } finally {
        await bot.close();
      }
    });
}
