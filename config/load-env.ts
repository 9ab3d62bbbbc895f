import { ConfigError } from './config-error';
import { envSchema, type Env } from './env-schema';

/** Validates the process environment (after dotenv has loaded .env). */
export function loadEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw ConfigError.fromZod('environment', parsed.error);
  const env = parsed.data;
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.MicrosoftAppId) {
    problems.push(
      'MicrosoftAppId: required when NODE_ENV=production (without it /api/messages would accept unauthenticated traffic)',
    );
  }
  if (env.MicrosoftAppId && !env.MicrosoftAppType) {
    problems.push('MicrosoftAppType: required when MicrosoftAppId is set (MultiTenant, SingleTenant or UserAssignedMSI)');
  }
  if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required for MicrosoftAppType=SingleTenant');
  }
  const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM_NUMBER];
  if (env.NODE_ENV === 'production' && !twilio.some(Boolean) && !env.ALLOW_PRODUCTION_WITHOUT_PAGING) {
    // Without a pager an urgent disclosure reaches nobody until staff read the audit; a live service must choose that knowingly.
    problems.push(
      'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER: required when NODE_ENV=production, so urgent and emergency escalations page the on-call clinician (set ALLOW_PRODUCTION_WITHOUT_PAGING=true only if another route watches escalations)',
    );
  }
  if (twilio.some(Boolean) && !twilio.every(Boolean)) {
    problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER: set all three or none');
  }
  if (env.NODE_ENV === 'production' && env.TWILIO_ACCOUNT_SID && !env.SMS_ADDRESS_HASH_KEY) {
    problems.push(
      'SMS_ADDRESS_HASH_KEY: required with Twilio when NODE_ENV=production (otherwise opt-outs are keyed by the auth token and lost when it is rotated)',
    );
  }
  if (env.TWILIO_ACCOUNT_SID && !env.PUBLIC_BASE_URL) {
    problems.push('PUBLIC_BASE_URL: required with Twilio (webhook signatures are checked against it)');
  }
  const clu = [env.CLU_ENDPOINT, env.CLU_KEY, env.CLU_PROJECT, env.CLU_DEPLOYMENT];
  if (clu.some(Boolean) && !clu.every(Boolean)) {
    problems.push('CLU_ENDPOINT, CLU_KEY, CLU_PROJECT and CLU_DEPLOYMENT: set all four or none');
  }
  if (env.WEBCHAT_DIRECTLINE_URL && !env.DIRECTLINE_SECRET) {
    problems.push('DIRECTLINE_SECRET: required with WEBCHAT_DIRECTLINE_URL (the /chat page exchanges it for Azure Direct Line tokens)');
  }
  if (problems.length) throw new ConfigError('environment', problems);
  return env;
}
