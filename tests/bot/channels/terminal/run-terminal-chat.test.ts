import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { runTerminalChat } from '../../../../bot/channels/terminal/run-terminal-chat';
import { registerChatCommand } from '../../../../bot/cli/commands/chat-command';
import { CRISIS_TEXT, recordingLogic, type SeenTurn } from '../support/channel-test-kit';

function collect(stream: PassThrough): () => string {
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return () => chunks.join('');
}

describe('terminal channel', () => {
  it('runs each typed line through the bot and prints the replies, buttons as numbered choices', async () => {
    const seen: SeenTurn[] = [];
    const output = new PassThrough();
    const printed = collect(output);
    const result = await runTerminalChat({ input: Readable.from(['hello\n', '\n', 'choose\n', '2\n', '/quit\n', 'never read\n']), output, logic: recordingLogic(seen) });

    expect(result.messages).toBe(3);
    expect(seen.map((t) => [t.channelId, t.type, t.text])).toEqual([
      ['terminal', 'conversationUpdate', undefined],
      ['terminal', 'message', 'hello'],
      ['terminal', 'message', 'choose'],
      ['terminal', 'message', 'no'], // "2" answered with the second choice's value
    ]);
    expect(new Set(seen.map((t) => t.conversationId))).toEqual(new Set([result.conversationId]));
    expect(printed()).toContain('bot> You said: hello\n');
    expect(printed()).toContain('bot> Are you safe right now?\nbot> 1. Yes\nbot> 2. No\n');
    expect(printed()).toContain('bot> You said: no\n');
    expect(printed()).not.toContain('never read');
  });

  it('prints the crisis numbers when a turn fails', async () => {
    const output = new PassThrough();
    const printed = collect(output);
    await runTerminalChat({
      input: Readable.from(['hello\n']),
      output,
      logic: async (context) => {
        if (context.activity.type === 'message') throw new Error('dialog crashed');
      },
      crisisMessage: () => CRISIS_TEXT,
    });
    expect(printed()).toContain(`bot> ${CRISIS_TEXT}`);
  });

  it('`crisis-bot chat` opens the bot, chats until the input ends, then closes it', async () => {
    const seen: SeenTurn[] = [];
    const output = new PassThrough();
    const printed = collect(output);
    let closed = false;
    let openedWith: { now?: string } | undefined;
    const program = new Command().exitOverride();
    registerChatCommand(program, {
      input: Readable.from(['what are your opening hours\n']),
      output,
      openBot: async (options) => {
        openedWith = options;
        return { logic: recordingLogic(seen), crisisMessage: () => CRISIS_TEXT, close: async () => void (closed = true) };
      },
    });
    await program.parseAsync(['node', 'crisis-bot', 'chat', '--now', '2026-12-25T02:00:00Z']);
    expect(openedWith).toEqual({ now: '2026-12-25T02:00:00Z' });
    expect(printed()).toContain('bot> You said: what are your opening hours');
    expect(closed).toBe(true);

    const bad = new Command().exitOverride();
    registerChatCommand(bad, { openBot: async () => { throw new Error('should not open'); } });
    await expect(bad.parseAsync(['node', 'crisis-bot', 'chat', '--now', 'tonight'])).rejects.toThrow(/--now must be an ISO date-time/);
  });
});
