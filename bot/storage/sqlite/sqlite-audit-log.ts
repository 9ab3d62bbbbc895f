import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../../escalation/escalation-record';
import type { AuditLog } from '../../../escalation/ports/audit-log';
import { isoToMs } from '../shared/iso-time';

/**
 * Insert-only (triggers reject UPDATE and DELETE). list() returns entries oldest first; with a
 * limit it returns the most recent `limit` entries, still oldest first.
 */
export class SqliteAuditLog implements AuditLog {
  private readonly insert: Statement<[string, number, string | null, string | null, string]>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, at_ms, escalation_id, conversation_id, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
  }

  async append(entry: AuditEntry): Promise<void> {
    this.insert.run(
      entry.id,
      isoToMs(entry.at, 'audit entry at'),
      entry.escalationId ?? null,
      entry.conversationId ?? null,
      JSON.stringify(entry),
    );
  }

  async list(filter: { escalationId?: string; conversationId?: string; limit?: number }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.escalationId !== undefined) {
      where.push('escalation_id = ?');
      params.push(filter.escalationId);
    }
    if (filter.conversationId !== undefined) {
      where.push('conversation_id = ?');
      params.push(filter.conversationId);
    }
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    let sql = `SELECT doc FROM audit_log ${whereSql} ORDER BY at_ms DESC, seq DESC`;
    if (filter.limit !== undefined) {
      if (!Number.isInteger(filter.limit) || filter.limit < 0) {
        throw new Error(`audit list limit must be a non-negative integer, got ${filter.limit}`);
      }
      sql += ' LIMIT ?';
      params.push(filter.limit);
    }
    const rows = this.db.prepare<(string | number)[], { doc: string }>(sql).all(...params);
    return rows.map((row) => JSON.parse(row.doc) as AuditEntry).reverse();
  }
}
