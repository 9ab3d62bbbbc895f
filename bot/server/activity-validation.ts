import { z } from 'zod';

const account = z.object({ id: z.string().min(1, 'must not be empty') }).loose();

/**
 * The minimum an activity needs before it reaches the adapter; botbuilder itself throws
 * (and so answers 500) on some malformed shapes, so they are refused here with a reason.
 */
export const inboundActivitySchema = z
  .object({
    type: z.string().min(1, 'must not be empty'),
    channelId: z.string().min(1, 'must not be empty'),
    conversation: account,
    from: account,
    recipient: account.optional(),
    text: z.string().max(20000, 'must be at most 20,000 characters').optional(),
    serviceUrl: z.string().optional(),
    deliveryMode: z.string().optional(),
    id: z.string().optional(),
  })
  .loose()
  .refine((a) => a.deliveryMode === 'expectReplies' || Boolean(a.serviceUrl), {
    path: ['serviceUrl'],
    message: 'is required unless deliveryMode is "expectReplies"',
  });

/** On success, the same object, now known to be an activity-shaped record. */
export type ActivityValidation = { ok: true; activity: Record<string, unknown> } | { ok: false; reason: string };

export function validateInboundActivity(body: unknown): ActivityValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'the request body must be a JSON object (a Bot Framework activity)' };
  }
  const parsed = inboundActivitySchema.safeParse(body);
  if (parsed.success) return { ok: true, activity: body as Record<string, unknown> };
  const reason = parsed.error.issues
    .map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason: `malformed activity: ${reason}` };
}
