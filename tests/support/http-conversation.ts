import type { Activity, Attachment, Storage } from 'botbuilder';

/**
 * One person talking to the real app over `POST /api/messages` with `deliveryMode: expectReplies`,
 * so the bot's replies come back in the HTTP response body (no connector service needed).
 */

export interface HttpTurn {
  status: number;
  /** Every activity the bot sent this turn, as received. */
  activities: Partial<Activity>[];
  /** The text of each message the bot sent this turn, in order. */
  texts: string[];
  /** All of `texts`, one per line. */
  text: string;
  attachments: Attachment[];
  /** Titles of the suggested actions (buttons) offered this turn. */
  suggestedActions: string[];
}

export interface HttpConversationOptions {
  conversationId: string;
  channelId?: string;
  userId?: string;
}

export class HttpConversation {
  readonly conversationId: string;
  readonly channelId: string;
  readonly userId: string;

  constructor(
    /** The app's base URL; changes when the bot restarts on a new port. */
    public baseUrl: string,
    options: HttpConversationOptions,
  ) {
    this.conversationId = options.conversationId;
    this.channelId = options.channelId ?? 'webchat';
    this.userId = options.userId ?? `user-${options.conversationId}`;
  }

  /** Where botbuilder's ConversationState (default namespace, hence the trailing slash) keeps this conversation. */
  get stateKey(): string {
    return `${this.channelId}/conversations/${this.conversationId}/`;
  }

  /** The person types `text`. */
  say(text: string): Promise<HttpTurn> {
    return this.post({ type: 'message', text });
  }

  /** The person opens the chat (Web Chat sends conversationUpdate with the person added). */
  join(): Promise<HttpTurn> {
    return this.post({ type: 'conversationUpdate', membersAdded: [{ id: this.userId }] });
  }

  private async post(activity: Record<string, unknown>): Promise<HttpTurn> {
    const response = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: this.channelId,
        deliveryMode: 'expectReplies',
        conversation: { id: this.conversationId },
        from: { id: this.userId },
        recipient: { id: 'bot' },
        ...activity,
      }),
    });
    const raw = await response.text();
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}: ${raw}`);
    const body = JSON.parse(raw) as { activities?: Partial<Activity>[] };
    const activities = body.activities ?? [];
    const messages = activities.filter((a) => a.type === 'message');
    const texts = messages.flatMap((a) => (typeof a.text === 'string' && a.text ? [a.text] : []));
    return {
      status: response.status,
      activities,
      texts,
      text: texts.join('\n'),
      attachments: messages.flatMap((a) => a.attachments ?? []),
      suggestedActions: messages.flatMap((a) => (a.suggestedActions?.actions ?? []).map((action) => String(action.title ?? action.value))),
    };
  }
}

/** What the bot's replies to one turn must (or must not) contain. */
export type ReplyExpectation =
  | RegExp
  | { not: RegExp }
  /** The first message of the turn must match (e.g. 999 before anything else). */
  | { first: RegExp }
  /** A suggested action (button) with a title matching this must be offered. */
  | { button: RegExp };

export const not = (pattern: RegExp): ReplyExpectation => ({ not: pattern });
export const first = (pattern: RegExp): ReplyExpectation => ({ first: pattern });
export const button = (pattern: RegExp): ReplyExpectation => ({ button: pattern });

/** Reads like the conversation: [what the person says, what the bot's replies must match]. */
export type ScriptRow = [say: string, expect: ReplyExpectation[]];

function check(turn: HttpTurn, expectation: ReplyExpectation): string | undefined {
  if (expectation instanceof RegExp) return expectation.test(turn.text) ? undefined : `to say ${expectation}`;
  if ('not' in expectation) return expectation.not.test(turn.text) ? `NOT to say ${expectation.not}` : undefined;
  if ('first' in expectation) return expectation.first.test(turn.texts[0] ?? '') ? undefined : `to say ${expectation.first} in its FIRST message`;
  return turn.suggestedActions.some((title) => expectation.button.test(title)) ? undefined : `to offer a button ${expectation.button}`;
}

/** Plays the rows in order; fails at the first row whose replies do not match, showing what the bot said. */
export async function playHttpScript(conversation: HttpConversation, rows: readonly ScriptRow[]): Promise<HttpTurn[]> {
  const turns: HttpTurn[] = [];
  for (const [index, [say, expectations]] of rows.entries()) {
    const turn = await conversation.say(say);
    turns.push(turn);
    const failures = expectations.flatMap((e) => check(turn, e) ?? []);
    if (failures.length > 0) {
      const said = turn.texts.map((t, i) => `  [${i + 1}] ${t.replace(/\n/g, '\n      ')}`).join('\n') || '  (nothing)';
      const buttons = turn.suggestedActions.length ? `\nbuttons: ${turn.suggestedActions.join(' | ')}` : '';
      throw new Error(
        `${conversation.conversationId}, turn ${index + 1}: person says ${JSON.stringify(say)}\n` +
          `expected the bot ${failures.join(', ')}\nbot said:\n${said}${buttons}`,
      );
    }
  }
  return turns;
}

/**
 * Polls until `probe` returns a value (not undefined), for work the bot finishes after the reply
 * (e.g. the paging worker). Bounded, so a missing result fails the test instead of hanging it.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One conversation as botbuilder's ConversationState stores it (the parts the tests look at). */
export interface StoredConversation {
  triage?: { welcomed: boolean; consentAsked: boolean; actedLevel: string; actedLevelOther: string; emergencyReference?: string };
  privacy?: { transcriptConsent: boolean; decidedAt?: string };
  riskMemory?: { highestLevel: string; subject: string; flags: string[] };
  dialogState?: unknown;
}

export interface StoredDialog {
  id: string;
  options?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The stored dialog stack, outermost first, through every component dialog's inner stack. */
export function dialogPath(dialogState: unknown): StoredDialog[] {
  const path: StoredDialog[] = [];
  const visit = (state: unknown) => {
    if (!isRecord(state) || !Array.isArray(state.dialogStack)) return;
    for (const instance of state.dialogStack as unknown[]) {
      if (!isRecord(instance) || typeof instance.id !== 'string') continue;
      const inner = isRecord(instance.state) ? instance.state : {};
      path.push({ id: instance.id, options: inner.options });
      visit(inner.dialogs);
    }
  };
  visit(dialogState);
  return path;
}

/** Reads the conversation's state straight from the store (what a restarted bot would load). */
export async function readStoredConversation(storage: Storage, conversation: HttpConversation): Promise<StoredConversation | undefined> {
  const items = await storage.read([conversation.stateKey]);
  return items[conversation.stateKey] as StoredConversation | undefined;
}
