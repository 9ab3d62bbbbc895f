import { ConversationTurnQueue } from '../../../bot/turn/conversation-turn-queue';

/** A turn that runs until the test lets it finish, recording when it started and ended. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open,
    turn: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConversationTurnQueue', () => {
  it("runs one conversation's turns one after another, in arrival order", async () => {
    const queue = new ConversationTurnQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const c = gate(log, 'c');
    const results = [queue.run('conv', a.turn), queue.run('conv', b.turn), queue.run('conv', c.turn)];
    await settle();
    expect(log).toEqual(['start a']);
    b.open();
    c.open();
    await settle();
    expect(log).toEqual(['start a']);
    a.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.busyConversations).toBe(0);
  });

  it('does not hold up other conversations', async () => {
    const queue = new ConversationTurnQueue();
    const log: string[] = [];
    const slow = gate(log, 'slow');
    const other = gate(log, 'other');
    const running = queue.run('conv-1', slow.turn);
    other.open();
    expect(await queue.run('conv-2', other.turn)).toBe('other');
    expect(log).toEqual(['start slow', 'start other', 'end other']);
    slow.open();
    await running;
  });

  it('a failed turn does not block the next one, and its error reaches its caller', async () => {
    const queue = new ConversationTurnQueue();
    const failing = queue.run('conv', async () => {
      throw new Error('injected: turn failed');
    });
    await expect(failing).rejects.toThrow('injected: turn failed');
    await expect(queue.run('conv', async () => 'next')).resolves.toBe('next');
  });

  it('a stuck turn holds the next one only for the longest wait', async () => {
    const queue = new ConversationTurnQueue(20);
    const log: string[] = [];
    const stuck = gate(log, 'stuck');
    const running = queue.run('conv', stuck.turn);
    expect(await queue.run('conv', async () => 'went ahead')).toBe('went ahead');
    stuck.open();
    await running;
    expect(() => new ConversationTurnQueue(0)).toThrow(RangeError);
  });

  it('after a stuck turn, the turns behind it still run one at a time, each by its own deadline at the latest', async () => {
    const queue = new ConversationTurnQueue(30);
    const log: string[] = [];
    const stuck = gate(log, 'stuck');
    const second = gate(log, 'second');
    const third = gate(log, 'third');
    const running = [queue.run('conv', stuck.turn), queue.run('conv', second.turn)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    running.push(queue.run('conv', third.turn));
    // At 40 ms the second has given up on the stuck one (deadline 30 ms); the third (deadline 50 ms) waits for it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['start stuck', 'start second']);
    second.open();
    await running[1];
    third.open();
    await running[2];
    expect(log).toEqual(['start stuck', 'start second', 'end second', 'start third', 'end third']);
    stuck.open();
    await running[0];
    expect(queue.busyConversations).toBe(0);
  });
});
