import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import pino, { type Logger } from 'pino';
import { SystemClock, type Clock } from '../../../config/clock';
import { TerminalAdapter } from './terminal-adapter';

export interface TerminalChatOptions {
  input: Readable;
  output: Writable;
  /** TriageBot.run: the same turn logic as every other channel. */
  logic: (context: TurnContext) => Promise<void>;
  clock?: Clock;
  logger?: Logger;
  /** The fail-safe text if a turn throws; pass the service's own crisis message. */
  crisisMessage?: () => string;
  /** Print "you> " before each line (for an interactive terminal). */
  prompt?: boolean;
  /** Called once the session exists, e.g. to register it for proactive messages. */
  onStart?: (adapter: TerminalAdapter) => void;
}

const FALLBACK_CRISIS_MESSAGE =
  'Something went wrong. If you are in danger call 999. For urgent mental health help call NHS 111 and choose option 2, or Samaritans free on 116 123.';

const QUIT = /^\/(quit|exit|bye)$/i;

/** Runs a terminal conversation until the input ends or the person types /quit. Returns the number of messages sent. */
export async function runTerminalChat(options: TerminalChatOptions): Promise<{ messages: number; conversationId: string }> {
  const { input, output } = options;
  const adapter = new TerminalAdapter({
    output,
    clock: options.clock ?? new SystemClock(),
    logger: options.logger ?? pino({ level: 'silent' }),
    crisisMessage: options.crisisMessage ?? (() => FALLBACK_CRISIS_MESSAGE),
  });
  options.onStart?.(adapter);
  output.write('Crisis bot terminal chat, for training and drills. This is the real bot logic. Type /quit to leave.\n');
  await adapter.start(options.logic);

  let messages = 0;
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  if (options.prompt) output.write('you> ');
  for await (const line of lines) {
    if (QUIT.test(line.trim())) break;
    if (line.trim() !== '') {
      await adapter.processLine(line, options.logic);
      messages += 1;
    }
    if (options.prompt) output.write('you> ');
  }
  lines.close();
  output.write('Chat ended.\n');
  return { messages, conversationId: adapter.conversationId };
}
