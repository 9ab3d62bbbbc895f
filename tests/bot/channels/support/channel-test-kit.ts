import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createLogger } from '../../../../bot/logger';
import { openStore } from '../../../../bot/storage/open-store';
import type { AppStore } from '../../../../bot/storage/app-store';

export const CRISIS_TEXT = 'If you are in danger call 999. Samaritans 116 123. Shout: text 85258. NHS 111 option 2.';

export interface SeenTurn {
  channelId: string;
  conversationId: string;
  type: string;
  text?: string;
  fromId: string;
}

/**
 * A small stand-in for TriageBot.run so channels can be tested on their own: it records each turn
 * and answers "You said: ...", a long reply for "long", buttons for "choose", typing first.
 */
export function recordingLogic(seen: SeenTurn[]): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const a = context.activity;
    seen.push({ channelId: a.channelId, conversationId: a.conversation.id, type: a.type, text: a.text, fromId: a.from.id });
    if (a.type !== ActivityTypes.Message) return;
    await context.sendActivity({ type: ActivityTypes.Typing });
    if (a.text === 'long') {
      const sentence = 'Call Samaritans free on 116 123 at any time, or Childline on 0800 1111 if you are under 19. ';
      await context.sendActivity(sentence.repeat(40).trim());
      return;
    }
    if (a.text === 'choose') {
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: 'Are you **safe** right now?',
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Yes', value: 'yes' }, { type: 'imBack', title: 'No', value: 'no' }] },
      });
      return;
    }
    await context.sendActivity(`You said: ${a.text ?? ''}`);
  };
}

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
}

export function capturedLogger(level = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger(level, destination), lines };
}

export async function openTempStore(logger: Logger): Promise<{ store: AppStore; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'channels-test-'));
  const store = await openStore({ dataDir: dir, logger });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function closeServer(server: Server): Promise<void> {
  server.server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
