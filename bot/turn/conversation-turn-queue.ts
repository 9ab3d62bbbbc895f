/**
 * Runs one conversation's turns one after another in this process, so each turn starts from the state the previous
 * one saved. Conversation state is last-writer-wins: two quick messages ("no", "yes" to the safety questions, or a
 * plan and then its timing) handled at once would each start from the same state and one would lose the other's
 * answer or risk memory. Other conversations are not held up. A turn waits for the one before it at most
 * `maxWaitMs`, so one stuck turn cannot silence a conversation.
 */
export class ConversationTurnQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxWaitMs: number = 15_000) {
    if (!(maxWaitMs > 0)) throw new RangeError('maxWaitMs must be a positive number');
  }

  async run<T>(conversationKey: string, turn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(conversationKey);
    let finished!: () => void;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(conversationKey, tail);
    try {
      if (previous) await this.waitAtMostMax(previous);
      return await turn();
    } finally {
      finished();
      if (this.tails.get(conversationKey) === tail) this.tails.delete(conversationKey);
    }
  }

  /** How many conversations have a turn running or waiting (for tests and metrics). */
  get busyConversations(): number {
    return this.tails.size;
  }

  private async waitAtMostMax(previous: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.maxWaitMs);
      timer.unref();
    });
    try {
      await Promise.race([previous, cap]);
    } finally {
      clearTimeout(timer);
    }
  }
}
