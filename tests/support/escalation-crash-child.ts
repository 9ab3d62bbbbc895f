/**
 * Child process for the crash tests: opens the SQLite store in DATA_DIR, starts one escalation,
 * prints "STORED <id> <reference>" and then, depending on MODE:
 *  - store-only: never pages (no worker), just waits to be killed;
 *  - page-hangs: runs a worker whose Twilio requests hang (fake server in hang mode), so it is
 *    killed after recording the attempt and calling the provider, before learning the outcome.
 */
import pino from 'pino';
import { openStore } from '../../bot/storage/open-store';
import { SystemClock } from '../../config/clock';
import { EscalationService } from '../../escalation/escalation-service';
import { EscalationWorker } from '../../escalation/escalation-worker';
import { TwilioNotifier } from '../../escalation/notify/twilio-notifier';
import { WorkerWakeUp } from '../../escalation/worker-wake-up';
import { loadExampleServiceConfig } from './load-example-config';
import { startInput, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_FROM, TEST_PUBLIC_BASE_URL } from './escalation-harness';

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR;
  const mode = process.env.MODE;
  const twilioBase = process.env.TWILIO_API_BASE_URL;
  if (!dataDir || !mode || !twilioBase) throw new Error('DATA_DIR, MODE and TWILIO_API_BASE_URL are required');
  const logger = pino({ level: 'silent' });
  const clock = new SystemClock();
  const store = await openStore({ dataDir, logger });
  const wakeUp = new WorkerWakeUp();
  const config = loadExampleServiceConfig();
  const service = new EscalationService({ store: store.escalations, audit: store.audit, clock, logger, currentConfig: () => config, wakeUp });
  if (mode === 'page-hangs') {
    const worker = new EscalationWorker({
      store: store.escalations, audit: store.audit, clock, logger, wakeUp, publicBaseUrl: TEST_PUBLIC_BASE_URL, workerId: 'doomed',
      notifier: new TwilioNotifier({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, fromNumber: TEST_FROM, apiBaseUrl: twilioBase, requestTimeoutMs: 60_000, logger }),
      personNotifier: { tell: async () => ({ delivered: true }) },
      options: { leaseMs: 1500 },
    });
    worker.start();
  }
  const { escalation } = await service.start(startInput('crash-conversation'));
  process.stdout.write(`STORED ${escalation.id} ${escalation.reference}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
