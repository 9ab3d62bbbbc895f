import { say, spawnBot, type SpawnedBot } from '../support/spawn-bot';

describe('npm start with no environment at all', () => {
  let bot: SpawnedBot;

  beforeAll(async () => {
    bot = await spawnBot();
  }, 30000);

  afterAll(async () => {
    await bot?.stop();
  });

  it('serves /healthz and /readyz', async () => {
    const health = await fetch(`${bot.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${bot.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });

  it('answers a message sent with expectReplies, saying it is automated', async () => {
    const replies = await say(bot.baseUrl, 'e2e-defaults-1', 'hello');
    expect(replies.join('\n')).toMatch(/automated/i);
  });

  it('gives 999 at once to an emergency', async () => {
    const replies = await say(bot.baseUrl, 'e2e-defaults-2', 'I have taken all my pills tonight and I want to die');
    expect(replies.join('\n')).toMatch(/999/);
  });

  it('logs no message text at info level', () => {
    expect(bot.logs.join('')).not.toMatch(/taken all my pills/);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await bot.stop('SIGTERM')).toBe(0);
  });
});
