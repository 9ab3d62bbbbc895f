import { z } from 'zod';

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a 24-hour time HH:MM, e.g. "09:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'must be a local date-time YYYY-MM-DDTHH:MM (service time zone)');
const ukPhone = z
  .string()
  .regex(/^\+?[0-9 ]{3,20}$/, 'must be a phone number of digits and spaces, e.g. "+44 7700 900123" or "116 123"');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. "+447700900123"');

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const weekday = z.enum(WEEKDAYS);

const openingWindow = z.object({ open: timeOfDay, close: timeOfDay }).strict();

export const openingHoursSchema = z
  .object({
    /** Per weekday, zero or more windows; a missing day is closed. */
    weekly: z.partialRecord(weekday, z.array(openingWindow)),
    /** Dated closures (whole day, or from a time) and special openings. */
    closures: z
      .array(z.object({ date: isoDate, from: timeOfDay.optional(), reason: z.string().min(1) }).strict())
      .default([]),
    bankHolidays: z
      .object({
        /** date-holidays country/state, e.g. GB + ENG covers England and Wales' bank holidays. */
        country: z.string().default('GB'),
        state: z.string().default('ENG'),
        closed: z.boolean().default(true),
        /** The last year the trust has checked the holiday data for; start-up warns after it. */
        checkedUntilYear: z.number().int().min(2024).max(2100),
      })
      .strict(),
  })
  .strict();

const signpost = z.object({ label: z.string().min(1), number: ukPhone, note: z.string().optional() }).strict();

export const signpostingSchema = z
  .object({
    emergency: signpost,
    nhs111: signpost,
    samaritans: signpost,
    shout: signpost,
    childline: signpost,
    serviceLine: signpost,
    localCrisisLine: signpost,
  })
  .strict();

const person = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().min(1),
    role: z.string().min(1),
    phone: e164,
  })
  .strict();

const shift = z
  .object({
    days: z.array(weekday).min(1),
    from: timeOfDay,
    /** May be earlier than `from`: the shift then ends on the next day. */
    to: timeOfDay,
    person: z.string().min(1),
  })
  .strict();

const rotaOverride = z
  .object({ from: isoDateTime, to: isoDateTime, person: z.string().min(1), reason: z.string().min(1) })
  .strict();

export const rotaSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    weekly: z.array(shift).min(1),
    overrides: z.array(rotaOverride).default([]),
  })
  .strict();

const target = z.union([
  z.object({ rota: z.string().min(1) }).strict(),
  z.object({ person: z.string().min(1) }).strict(),
  z.object({ phone: e164, label: z.string().min(1) }).strict(),
]);

const escalationStep = z
  .object({
    targets: z.array(target).min(1),
    channels: z.array(z.enum(['sms', 'voice'])).min(1),
    ackTimeoutSeconds: z.number().int().min(10).max(86400),
  })
  .strict();

const escalationPolicy = z
  .object({
    steps: z.array(escalationStep).min(1),
    afterLastStep: z
      .object({
        /** How many more times to walk the whole policy before giving up. */
        repeat: z.number().int().min(0).max(10),
        /** Paged once when the policy runs out with nobody accepting. */
        fallback: z.object({ phone: e164, label: z.string().min(1), channels: z.array(z.enum(['sms', 'voice'])).min(1) }).strict(),
      })
      .strict(),
  })
  .strict();

export const serviceConfigSchema = z
  .object({
    service: z
      .object({
        name: z.string().min(1),
        shortName: z.string().min(1).max(40),
        timeZone: z.string().min(1),
        privacyNoticeUrl: z.url(),
        /** How long conversation text is kept, in days, before it is erased. */
        transcriptRetentionDays: z.number().int().min(1).max(3650),
        /**
         * Someone who disclosed risk and then stops answering the safety questions for this long is escalated as if
         * they had refused the next question. Optional so that existing service files keep loading.
         */
        safetyCheckQuietMinutes: z.number().int().min(1).max(120).default(10),
        /**
         * A new urgent disclosure this long after the person's last safety check (or emergency response) is assessed
         * again: the old answers no longer say how they are now (SMS conversations never end).
         */
        safetyCheckRepeatAfterHours: z.number().int().min(1).max(24 * 90).default(24),
      })
      .strict(),
    openingHours: openingHoursSchema,
    signposting: signpostingSchema,
    people: z.array(person).min(1),
    rotas: z.array(rotaSchema).min(1),
    escalation: z
      .object({ emergency: escalationPolicy, urgent: escalationPolicy, callback: escalationPolicy })
      .strict(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const personIds = new Set(config.people.map((p) => p.id));
    const rotaIds = new Set(config.rotas.map((r) => r.id));
    config.rotas.forEach((rota, r) => {
      rota.weekly.forEach((s, i) => {
        if (!personIds.has(s.person)) {
          ctx.addIssue({ code: 'custom', path: ['rotas', r, 'weekly', i, 'person'], message: `unknown person "${s.person}"` });
        }
      });
      rota.overrides.forEach((o, i) => {
        if (!personIds.has(o.person)) {
          ctx.addIssue({ code: 'custom', path: ['rotas', r, 'overrides', i, 'person'], message: `unknown person "${o.person}"` });
        }
      });
    });
    for (const level of ['emergency', 'urgent', 'callback'] as const) {
      config.escalation[level].steps.forEach((step, s) => {
        step.targets.forEach((t, i) => {
          const path = ['escalation', level, 'steps', s, 'targets', i];
          if ('rota' in t && !rotaIds.has(t.rota)) ctx.addIssue({ code: 'custom', path, message: `unknown rota "${t.rota}"` });
          if ('person' in t && !personIds.has(t.person)) ctx.addIssue({ code: 'custom', path, message: `unknown person "${t.person}"` });
        });
      });
    }
  });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export type OpeningHoursConfig = ServiceConfig['openingHours'];
export type SignpostingConfig = ServiceConfig['signposting'];
export type RotaConfig = ServiceConfig['rotas'][number];
export type PersonConfig = ServiceConfig['people'][number];
export type EscalationPolicyConfig = ServiceConfig['escalation']['emergency'];
export type EscalationStepConfig = EscalationPolicyConfig['steps'][number];
export type EscalationTargetConfig = EscalationStepConfig['targets'][number];
