import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createApp, type App } from '../../bot/index';
import { ManualClock } from '../../config/clock';
import { loadEnv } from '../../config/load-env';
import { capturedLogger } from '../bot/channels/support/channel-test-kit';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install the Debian chromium package`);
const describeBrowser = haveChromium ? describe : describe.skip;
if (!haveChromium) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED webchat browser test: ${CHROMIUM} not found (apt-get install -y chromium); CI is not set`);
}

/** The conversation the page is in, from the Direct Line URL it polls. */
async function conversationOf(page: import('playwright-core').Page): Promise<string> {
  const ids = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/v3/directline/conversations/')),
  );
  const match = /\/conversations\/([^/?]+)\/activities/.exec(ids[0] ?? '');
  if (!match) throw new Error('the page never polled a Direct Line conversation');
  return match[1];
}

describeBrowser('built-in web chat page in headless Chromium', () => {
  let app: App;
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const { logger } = capturedLogger('warn');
    dataDir = mkdtempSync(path.join(tmpdir(), 'webchat-browser-'));
    const env = loadEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    // A Wednesday morning: the opening-hours answer is the in-hours one.
    app = await createApp({ env, logger, clock: new ManualClock('2026-03-04T11:00:00Z') });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    { name: 'phone', viewport: { width: 390, height: 844 } },
    { name: 'desktop', viewport: { width: 1280, height: 900 } },
  ])('on a $name, a person sends a message and sees the reply, with the emergency notice and tappable numbers', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`);
    });
    try {
      await page.goto(`${app.url}/chat`);
      await expect(page.getByRole('note', { name: 'Emergency' }).textContent()).resolves.toContain('not for emergencies');
      expect(await page.locator('.emergency a[href="tel:999"]').count()).toBe(1);
      expect(await page.locator('a[href="tel:116123"]').count()).toBe(1);
      expect(await page.locator('a[href^="sms:85258"]').count()).toBe(1);

      const botBubble = (text: string) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text });
      // The bot's welcome says it is automated, in the visible transcript (not only the live region).
      await botBubble('automated').first().waitFor({ timeout: 15_000 });
      const input = page.getByRole('textbox').first();
      await input.fill('what time are you open');
      await input.press('Enter');
      await botBubble('Monday to Friday').waitFor({ timeout: 15_000 });
      await page.getByText('Sending').waitFor({ state: 'detached', timeout: 15_000 });
      await page.getByText('Connecting…').waitFor({ state: 'detached', timeout: 15_000 });
      // The notice is still visible (outside the widget) once the chat is running.
      expect(await page.locator('.emergency').isVisible()).toBe(true);
      const transcripts = await app.store.transcripts.list(await conversationOf(page));
      expect(transcripts.some((e) => e.direction === 'inbound' && e.channel === 'webchat' && e.screening)).toBe(true);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${name}.png`), fullPage: true });
      expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
