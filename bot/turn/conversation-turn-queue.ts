/**
 * Runs one conversation's turns one after another in this process, so each turn starts from the state the previous
 * one saved. Conversation state is last-writer-wins: two quick messages ("no", "yes" to the safety questions, or a
 * plan and then its timing) handled at once would each start from the same state and one would lose the other's
 * answer or risk memory. Other conversations are not held up. A turn waits for the one before it at most
 * `maxWaitMs`, so one stuck turn cannot silence a conversation.
 */
interface QueuedTurn {
  /** Resolves when the turn starts running (or ends without running). */
  started: Promise<void>;
  /** Resolves when the turn has ended, however it ended. */
  done: Promise<void>;
}

export class ConversationTurnQueue {
  private readonly tails = new Map<string, QueuedTurn>();

  /** Well under the channels' webhook timeouts (Twilio's is 15 s), so a reply, or the fail-safe, still arrives. */
  constructor(private readonly maxWaitMs: number = 5_000) {
    if (!(maxWaitMs > 0)) throw new RangeError('maxWaitMs must be a positive number');
  }

  async run<T>(conversationKey: string, turn: () => Promise<T>): Promise<T> {
    // Each turn waits for the one before it only (not the whole chain): after a stuck turn, the turns behind it
    // still run one at a time unless they too reach their deadline.
    const previous = this.tails.get(conversationKey);
    let markStarted!: () => void;
    let markDone!: () => void;
    const queued: QueuedTurn = {
      started: new Promise<void>((resolve) => {
        markStarted = resolve;
      }),
      done: new Promise<void>((resolve) => {
        markDone = resolve;
      }),
    };
    this.tails.set(conversationKey, queued);
    try {
      // The deadline runs from this turn's arrival, so a run of stuck turns cannot push it past the channel's timeout.
      if (previous) await this.waitUntil(previous, Date.now() + this.maxWaitMs);
      markStarted();
      return await turn();
    } finally {
      markStarted();
      markDone();
      if (this.tails.get(conversationKey) === queued) this.tails.delete(conversationKey);
    }
  }

  /** How many conversations have a turn running or waiting (for tests and metrics). */
  get busyConversations(): number {
    return this.tails.size;
  }

  /** Until the turn before has started and then ended, or the deadline passes, whichever comes first. */
  private async waitUntil(previous: QueuedTurn, deadlineMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadlineMs - Date.now()));
      timer.unref();
    });
    try {
      await Promise.race([previous.started.then(() => previous.done), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
