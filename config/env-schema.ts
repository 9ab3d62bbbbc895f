import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalText.pipe(z.url().optional());

/** Every environment variable the bot reads. `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: optionalText.pipe(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  SERVICE_CONFIG: z.string().min(1).default('config/service.yaml'),
  RISK_RULES: z.string().min(1).default('config/risk-rules.yaml'),
  KNOWLEDGE_BASE: z.string().min(1).default('config/knowledge-base.yaml'),
  CRISIS_BOT_NOW: optionalText.pipe(z.iso.datetime({ offset: true }).optional()),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  ALLOW_UNAUTHENTICATED_REMOTE: flag.default(false),
  ALLOW_PRODUCTION_WITHOUT_PAGING: flag.default(false),
  PUBLIC_BASE_URL: optionalUrl,
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM_NUMBER: optionalText,
  TWILIO_WHATSAPP_FROM: optionalText,
  SMS_ADDRESS_HASH_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional()),
  TWILIO_API_BASE_URL: optionalUrl,
  ESCALATION_ACK_TIMEOUT_SECONDS: optionalText.pipe(z.string().regex(/^\d+$/, 'must be a whole number of seconds').transform(Number).pipe(z.number().int().min(1).max(86400)).optional()),
  CLU_ENDPOINT: optionalUrl,
  CLU_KEY: optionalText,
  CLU_PROJECT: optionalText,
  CLU_DEPLOYMENT: optionalText,
  DIRECTLINE_SECRET: optionalText,
  WEBCHAT_DIRECTLINE_URL: optionalUrl,
});

export type Env = z.infer<typeof envSchema>;
