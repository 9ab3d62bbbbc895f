import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import type { DirectLineTokenClaims, DirectLineTokens } from './directline-tokens';

export type DirectLineCaller = { kind: 'secret' } | { kind: 'token'; claims: DirectLineTokenClaims; token: string } | { kind: 'refused'; reason: string };

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who is calling: the holder of DIRECTLINE_SECRET (a trusted back end) or a conversation's token. */
export function identifyCaller(req: Request, tokens: DirectLineTokens, secret: string | undefined): DirectLineCaller {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { kind: 'refused', reason: 'send "Authorization: Bearer <token or secret>"' };
  const credential = match[1];
  if (secret && sameSecret(credential, secret)) return { kind: 'secret' };
  const claims = tokens.verify(credential);
  if ('refused' in claims) return { kind: 'refused', reason: claims.refused };
  return { kind: 'token', claims, token: credential };
}
