import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

export interface CheckpointerOptions {
  /** How often the thread copies the WAL into the database file. */
  intervalMs?: number;
  /** WAL length (frames) past which it also waits for a quiet moment to restart the WAL from its start. */
  restartAfterFrames?: number;
  busyTimeoutMs?: number;
}

export interface CheckpointerStatus {
  checkpoints: number;
  restarts: number;
  /** WAL length in frames at the last checkpoint. */
  lastLogFrames: number;
}

/**
 * Plain JavaScript, run with `eval`, so the thread starts the same under ts-node, jest and dist/.
 * Its own connection runs PASSIVE checkpoints, which never block the bot's connection; RESTART
 * (which makes writers wait while it finishes) only when the WAL has grown long, so it stays bounded.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutMs));
// Checkpoints copy WAL frames straight to the database file; this connection reads no tables.
db.pragma('cache_size = -256');
const status = { checkpoints: 0, restarts: 0, lastLogFrames: 0 };
function checkpoint() {
  try {
    const passive = db.pragma('wal_checkpoint(PASSIVE)')[0];
    status.checkpoints += 1;
    status.lastLogFrames = passive.log;
    if (passive.log > workerData.restartAfterFrames) {
      const restart = db.pragma('wal_checkpoint(RESTART)')[0];
      if (restart.busy === 0) status.restarts += 1;
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'status') parentPort.postMessage({ type: 'status', status });
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * Moves WAL checkpoints (copying committed pages into the database file, with an fsync of each)
 * off the event loop onto a thread with its own connection. Inline, SQLite runs one inside
 * whichever commit crosses wal_autocheckpoint, stalling that turn and every request queued behind
 * it. Durability is unchanged: commits sync exactly as before; only where the checkpoint runs moves.
 * If the thread fails, `onFailure` puts checkpoints back inline.
 */
export class SqliteCheckpointer {
  private stopping: Promise<void> | undefined;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {}

  static start(file: string, logger: Logger, onFailure: () => void, options: CheckpointerOptions = {}): SqliteCheckpointer {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        driverPath: require.resolve('better-sqlite3'),
        intervalMs: options.intervalMs ?? 100,
        restartAfterFrames: options.restartAfterFrames ?? 4000,
        busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      },
      // It allocates almost nothing; small limits keep its heap from costing the process memory.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    const checkpointer = new SqliteCheckpointer(worker, logger);
    // Never the reason the process stays up; the store's close() stops it properly.
    worker.unref();
    worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'error') logger.warn({ code: 'SQLITE_CHECKPOINT_FAILED', reason: message.message }, 'background checkpoint failed');
    });
    worker.on('error', (error) => {
      logger.error({ err: error, code: 'SQLITE_CHECKPOINTER_FAILED' }, 'checkpoint thread failed; checkpoints run inline again');
    });
    worker.on('exit', (code) => {
      checkpointer.exited = true;
      if (checkpointer.stopping) return;
      logger.error({ code: 'SQLITE_CHECKPOINTER_EXITED', exitCode: code }, 'checkpoint thread exited; checkpoints run inline again');
      onFailure();
    });
    return checkpointer;
  }

  /** Counters from the thread (tests and diagnostics). */
  status(): Promise<CheckpointerStatus> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error('checkpoint thread is not running'));
      const onMessage = (message: { type: string; status?: CheckpointerStatus }) => {
        if (message.type !== 'status' || !message.status) return;
        this.worker.off('message', onMessage);
        this.worker.off('exit', onExit);
        resolve(message.status);
      };
      const onExit = () => {
        this.worker.off('message', onMessage);
        reject(new Error('checkpoint thread is not running'));
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', onExit);
      this.worker.postMessage('status');
    });
  }

  /** Closes the thread's connection; resolves once the thread has exited. Safe to call twice. */
  stop(timeoutMs = 5000): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => {
        this.logger.warn({ code: 'SQLITE_CHECKPOINTER_STOP_TIMEOUT' }, 'checkpoint thread did not stop; terminating it');
        this.worker.terminate().catch((error: unknown) => this.logger.error({ err: error }, 'could not terminate checkpoint thread'));
      }, timeoutMs);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage('stop');
    });
    return this.stopping;
  }
}
