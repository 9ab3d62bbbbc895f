/**
 * Lets the service (and webhooks) wake the worker at once instead of at its next poll tick.
 * Only a wake-up: the store stays the truth, so a lost kick costs at most one poll interval.
 */
export class WorkerWakeUp {
  private readonly listeners = new Set<() => void>();

  onKick(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  kick(): void {
    for (const listener of this.listeners) listener();
  }
}
