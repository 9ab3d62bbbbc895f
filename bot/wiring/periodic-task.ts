import type { Logger } from 'pino';

/**
 * Runs a task now and then every `intervalMs`, never two at once. A failed run is logged under `failureCode` and
 * the next run tries again; stop() waits for a run in progress. The timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly failureCode: string,
  ) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    const run = () => {
      if (this.running) return;
      this.running = this.task()
        .catch((error: unknown) => this.logger.error({ err: error, code: this.failureCode }, 'periodic task failed; will retry'))
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
