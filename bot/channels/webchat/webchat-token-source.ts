import { randomUUID } from 'node:crypto';
import type { LocalDirectLine } from '../directline/directline-routes';

export interface WebChatSession {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}

/** Where the /chat page's token comes from; the Direct Line secret never reaches the browser. */
export interface WebChatTokenSource {
  issue(): Promise<WebChatSession>;
}

export function localDirectLineTokenSource(directLine: Pick<LocalDirectLine, 'startConversation'>): WebChatTokenSource {
  return { issue: () => directLine.startConversation() };
}

/**
 * Azure Bot Service's Direct Line (WEBCHAT_DIRECTLINE_URL, e.g.
 * https://europe.directline.botframework.com/v3/directline) with the channel's secret.
 */
export function azureDirectLineTokenSource(options: { directLineUrl: string; secret: string; fetchImpl?: typeof fetch }): WebChatTokenSource {
  const doFetch = options.fetchImpl ?? fetch;
  return {
    async issue() {
      const userId = `dl_${randomUUID()}`;
      const response = await doFetch(`${options.directLineUrl.replace(/\/+$/, '')}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`Direct Line tokens/generate answered ${response.status}`);
      const body = (await response.json()) as { token?: unknown; conversationId?: unknown; expires_in?: unknown };
      if (typeof body.token !== 'string' || typeof body.conversationId !== 'string') {
        throw new Error('Direct Line tokens/generate returned no token or conversationId');
      }
      return { token: body.token, conversationId: body.conversationId, userId, expires_in: Number(body.expires_in ?? 1800) };
    },
  };
}
