import { randomBytes, randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../../../config/clock';
import { sendError } from '../../server/http-error';
import { identifyCaller, type DirectLineCaller } from './directline-auth';
import type { DirectLineConversationLog } from './directline-conversation-log';
import { DirectLineTokens } from './directline-tokens';
import { LocalDirectLineAdapter } from './local-directline-adapter';

export const DIRECTLINE_BASE_PATH = '/v3/directline';

export interface DirectLineDeps {
  /** TriageBot.run: the same turn logic as every other channel. */
  logic: (context: TurnContext) => Promise<void>;
  /** The conversations' activity logs (in the bot's state store), shared with "delete my data". */
  log: DirectLineConversationLog;
  /**
   * DIRECTLINE_SECRET. When set, tokens/generate and starting a conversation without a token need
   * it; when unset they are open (the public /chat page mints tokens the same way).
   */
  secret?: string;
  /** Signs tokens. Defaults to the secret; with neither, a random key (tokens then end with the process). */
  tokenSigningKey?: string;
  bot: { id: string; name: string };
  crisisMessage: () => string;
  clock: Clock;
  logger: Logger;
  tokenTtlSeconds?: number;
}

export interface StartedConversation {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

export interface LocalDirectLine {
  adapter: LocalDirectLineAdapter;
  /** Starts a conversation (the bot sees conversationUpdate) and returns its token: for the /chat page. */
  startConversation(userId?: string): Promise<StartedConversation>;
}

const USER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const ACCEPTED_TYPES = new Set<string>([ActivityTypes.Message, ActivityTypes.Event, ActivityTypes.Typing]);
const MAX_TEXT_CHARS = 20_000;

function requestedUserId(body: unknown): string | undefined | { invalid: string } {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as { user?: { id?: unknown } }).user?.id;
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string' || !USER_ID.test(id)) return { invalid: 'user.id must be 1-64 letters, digits, "_", ".", ":" or "-"' };
  return id;
}

/** Only what a client may say; routing fields are set by the server. */
function clientActivity(body: unknown): Partial<Activity> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON activity object';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !ACCEPTED_TYPES.has(a.type)) return 'type must be "message", "event" or "typing"';
  if (a.text !== undefined && typeof a.text !== 'string') return 'text must be a string';
  if (typeof a.text === 'string' && a.text.length > MAX_TEXT_CHARS) return `text must be at most ${MAX_TEXT_CHARS} characters`;
  if (Array.isArray(a.attachments) && a.attachments.length > 0) return 'attachments are not supported by this service';
  const from = a.from as { name?: unknown } | undefined;
  return {
    type: a.type,
    ...(typeof a.text === 'string' ? { text: a.text } : {}),
    ...(typeof a.textFormat === 'string' ? { textFormat: a.textFormat } : {}),
    ...(typeof a.name === 'string' ? { name: a.name } : {}),
    ...(a.value !== undefined ? { value: a.value } : {}),
    ...(typeof a.locale === 'string' ? { locale: a.locale } : {}),
    ...(typeof a.channelData === 'object' && a.channelData !== null ? { channelData: a.channelData } : {}),
    ...(typeof from?.name === 'string' ? { from: { id: '', name: from.name } } : {}),
  };
}

/**
 * A Direct Line 3.0 endpoint (polling) run by the bot itself, so the built-in web chat works with
 * no cloud service. Implements what Web Chat's createDirectLine uses: tokens/generate,
 * tokens/refresh, conversations (start/reconnect), activities (post and poll by watermark).
 */
export function registerDirectLine(server: Server, deps: DirectLineDeps): LocalDirectLine {
  const { logger, clock } = deps;
  const signingKey = deps.tokenSigningKey ?? deps.secret ?? randomBytes(32).toString('hex');
  const tokens = new DirectLineTokens(signingKey, clock, deps.tokenTtlSeconds);
  const { log } = deps;
  const adapter = new LocalDirectLineAdapter({ log, bot: deps.bot, clock, logger, crisisMessage: deps.crisisMessage });

  const startConversation = async (userId: string = `dl_${randomUUID()}`): Promise<StartedConversation> => {
    const conversationId = randomBytes(16).toString('base64url');
    await log.create(conversationId, userId);
    logger.info({ conversationId, channel: 'webchat' }, 'direct line conversation started');
    await adapter.processActivity(
      conversationId,
      userId,
      { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: userId, name: '' }, { id: deps.bot.id, name: deps.bot.name }] },
      deps.logic,
    );
    return { conversationId, userId, ...tokens.issue(conversationId, userId) };
  };

  const refuse = (res: Response, caller: Extract<DirectLineCaller, { kind: 'refused' }>) =>
    sendError(res, 403, 'DIRECTLINE_UNAUTHORIZED', caller.reason);

  /** The caller may act on this conversation: the secret, or a token issued for it. */
  const authorise = (req: Request, res: Response, conversationId: string): DirectLineCaller | undefined => {
    const caller = identifyCaller(req, tokens, deps.secret);
    if (caller.kind === 'refused') return void refuse(res, caller);
    if (caller.kind === 'token' && caller.claims.conversationId !== conversationId) {
      return void sendError(res, 403, 'DIRECTLINE_WRONG_CONVERSATION', 'this token belongs to a different conversation');
    }
    return caller;
  };

  const remaining = (expiresAt: number) => Math.max(0, expiresAt - Math.floor(clock.now().getTime() / 1000));

  server.post(`${DIRECTLINE_BASE_PATH}/tokens/generate`, async (req: Request, res: Response) => {
    if (deps.secret) {
      const caller = identifyCaller(req, tokens, deps.secret);
      if (caller.kind !== 'secret') return sendError(res, 403, 'DIRECTLINE_SECRET_REQUIRED', 'tokens/generate needs "Authorization: Bearer <DIRECTLINE_SECRET>"');
    }
    const userId = requestedUserId(req.body);
    if (typeof userId === 'object') return sendError(res, 400, 'DIRECTLINE_USER_INVALID', userId.invalid);
    const started = await startConversation(userId);
    res.json(200, { conversationId: started.conversationId, token: started.token, expires_in: started.expires_in });
  });

  server.post(`${DIRECTLINE_BASE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    const caller = identifyCaller(req, tokens, deps.secret);
    if (caller.kind === 'refused') return refuse(res, caller);
    if (caller.kind !== 'token') return sendError(res, 400, 'DIRECTLINE_TOKEN_REQUIRED', 'refresh a token, not the secret');
    const { conversationId, userId } = caller.claims;
    res.json(200, { conversationId, ...tokens.issue(conversationId, userId) });
  });

  server.post(`${DIRECTLINE_BASE_PATH}/conversations`, async (req: Request, res: Response) => {
    const caller = identifyCaller(req, tokens, deps.secret);
    if (caller.kind === 'refused') {
      if (deps.secret || req.header('authorization')) return refuse(res, caller);
    }
    if (caller.kind === 'token') {
      const { conversationId, userId, expiresAt } = caller.claims;
      if (!(await log.exists(conversationId))) {
        return sendError(res, 404, 'DIRECTLINE_CONVERSATION_GONE', 'this conversation has expired; start a new one');
      }
      res.json(200, { conversationId, token: caller.token, expires_in: remaining(expiresAt) });
      return;
    }
    const userId = requestedUserId(req.body);
    if (typeof userId === 'object') return sendError(res, 400, 'DIRECTLINE_USER_INVALID', userId.invalid);
    const started = await startConversation(userId);
    res.json(201, { conversationId: started.conversationId, token: started.token, expires_in: started.expires_in });
  });

  server.get(`${DIRECTLINE_BASE_PATH}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const conversationId = String(req.params.conversationId);
    const caller = authorise(req, res, conversationId);
    if (!caller) return;
    if (!(await log.exists(conversationId))) return sendError(res, 404, 'DIRECTLINE_CONVERSATION_GONE', 'no such conversation, or it has expired');
    const token = caller.kind === 'token' ? caller.token : tokens.issue(conversationId, `dl_${randomUUID()}`).token;
    res.json(200, { conversationId, token, expires_in: caller.kind === 'token' ? remaining(caller.claims.expiresAt) : tokens.ttlSeconds });
  });

  server.post(`${DIRECTLINE_BASE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversationId = String(req.params.conversationId);
    const caller = authorise(req, res, conversationId);
    if (!caller) return;
    const activity = clientActivity(req.body);
    if (typeof activity === 'string') return sendError(res, 400, 'DIRECTLINE_ACTIVITY_INVALID', activity);
    if (!(await log.exists(conversationId))) return sendError(res, 404, 'DIRECTLINE_CONVERSATION_GONE', 'no such conversation, or it has expired');
    if (activity.type === ActivityTypes.Typing) {
      res.json(200, { id: '' });
      return;
    }
    const bodyFromId = (req.body as { from?: { id?: unknown } }).from?.id;
    const userId = caller.kind === 'token' ? caller.claims.userId : typeof bodyFromId === 'string' && USER_ID.test(bodyFromId) ? bodyFromId : 'dl_secret-holder';
    try {
      const id = await adapter.processActivity(conversationId, userId, activity, deps.logic);
      res.json(200, { id });
    } catch (error) {
      logger.error({ err: error, code: 'DIRECTLINE_TURN_FAILED', conversationId }, 'direct line activity could not be processed');
      sendError(res, 502, 'DIRECTLINE_TURN_FAILED', 'the message could not be delivered to the bot; please try again');
    }
  });

  server.get(`${DIRECTLINE_BASE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversationId = String(req.params.conversationId);
    if (!authorise(req, res, conversationId)) return;
    const raw = typeof req.query?.watermark === 'string' ? req.query.watermark : '';
    const watermark = /^\d+$/.test(raw) ? Number(raw) : 0;
    const page = await log.read(conversationId, watermark);
    if (!page) return sendError(res, 404, 'DIRECTLINE_CONVERSATION_GONE', 'no such conversation, or it has expired');
    res.json(200, page);
  });

  server.post(`${DIRECTLINE_BASE_PATH}/conversations/:conversationId/upload`, async (_req: Request, res: Response) =>
    sendError(res, 415, 'DIRECTLINE_UPLOAD_UNSUPPORTED', 'this service does not accept file uploads'),
  );

  return { adapter, startConversation: (userId?: string) => startConversation(userId) };
}
