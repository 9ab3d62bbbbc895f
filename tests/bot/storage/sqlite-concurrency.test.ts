import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { SqliteAppStore } from '../../../bot/storage/sqlite/sqlite-app-store';
import type { ClaimWorkerInput, ClaimWorkerOutput } from './sqlite-claim-worker';
import { iso, makeRecord } from './store-fixtures';

const logger = pino({ level: 'silent' });

/** better-sqlite3 is synchronous, so real contention needs separate threads, each with its own connection. */
interface RunningWorker {
  ready: Promise<void>;
  go(): void;
  result: Promise<ClaimWorkerOutput>;
}

function startWorker(input: ClaimWorkerInput): RunningWorker {
  const bootstrap = `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(
    path.join(__dirname, 'sqlite-claim-worker.ts'),
  )});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const result = new Promise<ClaimWorkerOutput>((resolve, reject) => {
    worker.on('message', (message: 'ready' | ClaimWorkerOutput) => {
      if (message === 'ready') markReady();
      else resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with code ${code}`));
    });
  });
  return { ready, go: () => worker.postMessage('go'), result };
}

describe('SQLite store under real concurrency (two threads, two connections, one file)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sqlite-concurrency-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('claimers never share a record; one idempotency winner; one eTag winner', async () => {
    const file = path.join(dir, 'store.sqlite');
    const seed = SqliteAppStore.open(file, logger);
    const total = 200;
    for (let i = 0; i < total; i++) {
      await seed.escalations.insert(makeRecord({ id: `e${i}`, reference: `r${i}`, nextActionAt: iso(i) }));
    }
    await seed.state.write({ shared: { owner: 'seed' } });
    const staleETag = String((await seed.state.read(['shared'])).shared.eTag);

    const common = { file, nowIso: iso(10 * 60_000), batch: 2, raceKey: 'SM-race', staleETag };
    const workers = [startWorker({ ...common, owner: 'thread-a' }), startWorker({ ...common, owner: 'thread-b' })];
    await Promise.all(workers.map((w) => w.ready));
    workers.forEach((w) => w.go());
    const [a, b] = await Promise.all(workers.map((w) => w.result));

    // Both threads really competed (a head start for one would make the test meaningless).
    expect(a.claimed.length).toBeGreaterThan(0);
    expect(b.claimed.length).toBeGreaterThan(0);

    const all = [...a.claimed, ...b.claimed];
    expect(new Set(all).size).toBe(total);
    expect(all).toHaveLength(total);
    for (const id of a.claimed) expect((await seed.escalations.get(id))?.leaseOwner).toBe('thread-a');
    for (const id of b.claimed) expect((await seed.escalations.get(id))?.leaseOwner).toBe('thread-b');

    expect([a.wonIdempotency, b.wonIdempotency].filter(Boolean)).toHaveLength(1);
    expect([a.wroteState, b.wroteState].filter(Boolean)).toHaveLength(1);
    const loser = a.wroteState ? b : a;
    expect(loser.stateError).toBe('Storage: error writing "shared" due to eTag conflict.');
    await seed.close();
  });
});
