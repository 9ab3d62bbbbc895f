import type { Database } from 'better-sqlite3';

/**
 * The connection stays at `synchronous = FULL` (every commit fsyncs the WAL), so anything written
 * without thinking about it — escalations, audit entries, idempotency keys — survives power loss.
 * Conversation state and transcripts are written several times per turn; they commit with NORMAL
 * instead: still atomic and durable across a process crash, but a power cut may lose the last few.
 * That is safe because in WAL mode the next FULL commit (an escalation, an audit entry) fsyncs the
 * whole log, so nothing durable can ever depend on state that was not yet synced.
 * better-sqlite3 is synchronous: no other statement can run between the two pragmas and the write.
 */
export class RoutineDurability {
  constructor(private readonly db: Database) {}

  run<T>(write: () => T): T {
    // Inside someone else's transaction the outer commit decides; the mode must not change under it.
    if (this.db.inTransaction) return write();
    // Not a prepared statement: SQLite applies `PRAGMA synchronous = x` while compiling it, so
    // re-running a prepared one would silently do nothing (the test pins this down). exec() compiles
    // and runs it like pragma() does, but without building a Statement object and a result array,
    // which cost several times the pragma itself on every routine write.
    this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.db.exec('PRAGMA synchronous = FULL');
    }
  }
}
