import { z } from 'zod';

/** Names the bot may substitute into answers, e.g. "{serviceLine}". */
export const ANSWER_PLACEHOLDERS = [
  'serviceName',
  'privacyNoticeUrl',
  'emergency',
  'nhs111',
  'samaritans',
  'shout',
  'childline',
  'serviceLine',
  'localCrisisLine',
] as const;
export type AnswerPlaceholder = (typeof ANSWER_PLACEHOLDERS)[number];

/** Short enough to send as a few SMS segments; answers are for signposting, not essays. */
export const MAX_ANSWER_CHARS = 480;
export const MIN_QUESTIONS_PER_ITEM = 8;
export const MAX_QUESTIONS_PER_ITEM = 12;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes, e.g. "opening-hours"');
const intentName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case snake_case, e.g. "opening_hours"')
  .refine((s) => s !== 'none', '"none" is reserved for "no confident match"');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'is not a real calendar date');

const placeholderPattern = /\{([^{}]*)\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(placeholderPattern)].map((m) => m[1] ?? '');
}

export const knowledgeItemSchema = z
  .object({
    id: slug,
    /** Short label for menus and "did you mean" choices. */
    title: z.string().trim().min(1).max(40, 'must be at most 40 characters (it is shown on a button)'),
    intent: intentName,
    questions: z
      .array(z.string().trim().min(2, 'must be at least 2 characters'))
      .min(MIN_QUESTIONS_PER_ITEM, `needs at least ${MIN_QUESTIONS_PER_ITEM} example questions`)
      .max(MAX_QUESTIONS_PER_ITEM, `has more than ${MAX_QUESTIONS_PER_ITEM} example questions`),
    answer: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`)
      .superRefine((answer, ctx) => {
        for (const name of placeholdersIn(answer)) {
          if (!(ANSWER_PLACEHOLDERS as readonly string[]).includes(name)) {
            ctx.addIssue({
              code: 'custom',
              message: `unknown placeholder "{${name}}"; allowed: ${ANSWER_PLACEHOLDERS.join(', ')}`,
            });
          }
        }
      }),
    source: z.url({ message: 'must be a URL (the page this answer was checked against)' }),
    owner: z.string().trim().min(1, 'must name the role responsible for this answer'),
    lastReviewed: isoDate,
    reviewDue: isoDate,
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.reviewDue <= item.lastReviewed) {
      ctx.addIssue({ code: 'custom', path: ['reviewDue'], message: 'must be after lastReviewed' });
    }
    const seen = new Set<string>();
    item.questions.forEach((q, i) => {
      const key = q.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['questions', i], message: `duplicate question "${q}"` });
      seen.add(key);
    });
  });

export const knowledgeBaseSchema = z
  .object({
    version: z.literal(1),
    items: z.array(knowledgeItemSchema).min(1),
    /** Off-topic messages the recognizer is trained on as 'none'. */
    offTopicTraining: z.array(z.string().trim().min(1)).default([]),
    /** Off-topic messages used only by `crisis-bot nlu eval` to check that the recognizer says "none". */
    outOfScope: z.array(z.string().trim().min(1)).default([]),
  })
  .strict()
  .superRefine((kb, ctx) => {
    const training = new Set(kb.offTopicTraining.map((t) => t.toLowerCase()));
    kb.outOfScope.forEach((t, i) => {
      if (training.has(t.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['outOfScope', i], message: `"${t}" is also in offTopicTraining; evaluation must use unseen messages` });
      }
    });
    const ids = new Map<string, number>();
    const intents = new Map<string, number>();
    kb.items.forEach((item, i) => {
      const prevId = ids.get(item.id);
      if (prevId !== undefined) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate id (also item ${prevId + 1})` });
      ids.set(item.id, i);
      const prevIntent = intents.get(item.intent);
      if (prevIntent !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'intent'], message: `intent "${item.intent}" is already used by item "${kb.items[prevIntent]?.id}"` });
      }
      intents.set(item.intent, i);
    });
  });

export type KnowledgeItem = z.infer<typeof knowledgeItemSchema>;
export type KnowledgeBaseConfig = z.infer<typeof knowledgeBaseSchema>;
