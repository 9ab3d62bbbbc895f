import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../config/clock';

export interface DirectLineTokenClaims {
  conversationId: string;
  userId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 30 * 60;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Direct Line tokens: HS256 JWTs bound to one conversation and one user, like Azure's (claims
 * "conv" and "user"), so Web Chat can read the user id from them. Stateless: no token table.
 */
export class DirectLineTokens {
  constructor(
    private readonly signingKey: string,
    private readonly clock: Clock,
    readonly ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
  ) {
    if (signingKey.length < 16) throw new Error('DirectLineTokens: the signing key must be at least 16 characters');
  }

  issue(conversationId: string, userId: string): { token: string; expires_in: number } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({ iss: 'crisis-bot-directline', conv: conversationId, user: userId, nbf: now - 5, exp: now + this.ttlSeconds }),
    );
    return { token: `${header}.${payload}.${this.sign(`${header}.${payload}`)}`, expires_in: this.ttlSeconds };
  }

  /** The claims, or why the token is refused. */
  verify(token: string): DirectLineTokenClaims | { refused: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { refused: 'the token is not a Direct Line token' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { refused: 'the token signature is invalid' };
    let claims: { conv?: unknown; user?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { refused: 'the token payload is not JSON' };
    }
    if (typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number') {
      return { refused: 'the token lacks conversation, user or expiry claims' };
    }
    if (claims.exp * 1000 <= this.clock.now().getTime()) return { refused: 'the token has expired; start a new conversation' };
    return { conversationId: claims.conv, userId: claims.user, expiresAt: claims.exp };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.signingKey).update(input).digest('base64url');
  }
}
