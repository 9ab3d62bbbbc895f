import type { Response } from 'restify';

/** Every refusal carries a machine-readable code and a sentence a developer can act on. */
export function sendError(res: Response, status: number, code: string, reason: string): void {
  res.status(status);
  res.json({ error: { code, reason } });
}
