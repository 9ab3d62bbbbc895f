import { ConfigError } from '../../config/config-error';
import { loadEnv } from '../../config/load-env';

const microsoftApp = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' };
const twilio = {
  TWILIO_ACCOUNT_SID: 'AC0000000000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_FROM_NUMBER: '+447700900001',
  PUBLIC_BASE_URL: 'https://bot.example.nhs.uk',
  SMS_ADDRESS_HASH_KEY: '0123456789abcdef0123456789abcdef',
};

function problemsOf(source: NodeJS.ProcessEnv): string {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('loadEnv', () => {
  it('runs on embedded defaults outside production with no Azure or Twilio account', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3978, DATA_DIR: './data', ALLOW_PRODUCTION_WITHOUT_PAGING: false });
  });

  it('refuses production without Bot Framework credentials', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...twilio })).toMatch(/MicrosoftAppId: required when NODE_ENV=production/);
  });

  it('refuses production without a pager, naming the variables and the deliberate way out', () => {
    const message = problemsOf({ NODE_ENV: 'production', ...microsoftApp });
    expect(message).toMatch(/TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER: required when NODE_ENV=production/);
    expect(message).toMatch(/ALLOW_PRODUCTION_WITHOUT_PAGING=true/);
  });

  it('starts production with credentials and a pager', () => {
    expect(loadEnv({ NODE_ENV: 'production', ...microsoftApp, ...twilio })).toMatchObject({ NODE_ENV: 'production' });
  });

  it('refuses production SMS without a dedicated address hash key, and a key too short to be secret', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...microsoftApp, ...twilio, SMS_ADDRESS_HASH_KEY: '' })).toMatch(
      /SMS_ADDRESS_HASH_KEY: required with Twilio when NODE_ENV=production/,
    );
    expect(problemsOf({ SMS_ADDRESS_HASH_KEY: 'short' })).toMatch(/SMS_ADDRESS_HASH_KEY.*at least 32 characters/);
  });

  it('starts production without a pager only when that is chosen explicitly', () => {
    const env = loadEnv({ NODE_ENV: 'production', ...microsoftApp, ALLOW_PRODUCTION_WITHOUT_PAGING: 'true' });
    expect(env.ALLOW_PRODUCTION_WITHOUT_PAGING).toBe(true);
  });

  it('refuses half a Twilio account and a flag that is not a yes/no', () => {
    expect(problemsOf({ TWILIO_ACCOUNT_SID: 'AC1' })).toMatch(/set all three or none/);
    expect(problemsOf({ ALLOW_PRODUCTION_WITHOUT_PAGING: 'maybe' })).toMatch(/ALLOW_PRODUCTION_WITHOUT_PAGING/);
  });
});
