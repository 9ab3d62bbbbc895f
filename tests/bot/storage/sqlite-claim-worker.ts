import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { SqliteAppStore } from '../../../bot/storage/sqlite/sqlite-app-store';

/** Runs in a worker thread: its own SQLite connection, racing the other thread for due work. */
export interface ClaimWorkerInput {
  file: string;
  owner: string;
  nowIso: string;
  batch: number;
  /** Also races for one idempotency key and one bot-state eTag. */
  raceKey: string;
  staleETag: string;
}

export interface ClaimWorkerOutput {
  claimed: string[];
  wonIdempotency: boolean;
  wroteState: boolean;
  stateError?: string;
}

/** Both threads open their connection first, then start together when the parent says 'go'. */
function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    parentPort?.once('message', () => resolve());
    parentPort?.postMessage('ready');
  });
}

async function run(input: ClaimWorkerInput): Promise<ClaimWorkerOutput> {
  const store = SqliteAppStore.open(input.file, pino({ level: 'silent' }));
  try {
    await waitForGo();
    const claimed: string[] = [];
    const now = new Date(input.nowIso);
    for (;;) {
      const batch = await store.escalations.claimDue(now, input.owner, 60_000, input.batch);
      if (batch.length === 0) break;
      claimed.push(...batch.map((r) => r.id));
      // Like a real worker's poll loop; SQLite locks are not fair, so back-to-back
      // transactions from one thread would otherwise starve the other completely.
      await sleep(1);
    }
    const wonIdempotency = await store.idempotency.claimOnce(input.raceKey, now);
    try {
      await store.state.write({ shared: { owner: input.owner, eTag: input.staleETag } });
      return { claimed, wonIdempotency, wroteState: true };
    } catch (error) {
      return { claimed, wonIdempotency, wroteState: false, stateError: (error as Error).message };
    }
  } finally {
    await store.close();
  }
}

run(workerData as ClaimWorkerInput).then(
  (output) => parentPort?.postMessage(output),
  (error: unknown) => {
    throw error;
  },
);
