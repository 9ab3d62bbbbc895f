import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { EscalationRequest } from '../../../dialogs/ports/escalation-requester';
import type { DueSafetyCheckWatch, SafetyCheckWatchStore } from '../safety-check-watch-store';
import { validateClaimArguments } from '../shared/escalation-patch';
import { watchFromStored } from '../shared/stored-safety-check-watch';

interface WatchRow {
  conversation_id: string;
  due_ms: number;
  arm_id: string;
  lease_owner: string | null;
  lease_until_ms: number | null;
  request: string;
}

function watchFromRow(row: WatchRow): DueSafetyCheckWatch {
  return watchFromStored({
    conversationId: row.conversation_id,
    dueMs: row.due_ms,
    armId: row.arm_id,
    leaseOwner: row.lease_owner,
    leaseUntilMs: row.lease_until_ms,
    requestJson: row.request,
  });
}

/** One row per conversation; the claim runs in an IMMEDIATE transaction so two processes never lease the same row. */
export class SqliteSafetyCheckWatchStore implements SafetyCheckWatchStore {
  private readonly upsert: Statement<[string, number, string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly removeArming: Statement<[string, string]>;
  private readonly selectDue: Statement<[number, number, number], WatchRow>;
  private readonly lease: Statement<[string, number, string]>;
  private readonly claim: (nowMs: number, owner: string, leaseMs: number, limit: number) => WatchRow[];

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO safety_check_watches (conversation_id, due_ms, arm_id, lease_owner, lease_until_ms, request)
       VALUES (?, ?, ?, NULL, NULL, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET
         due_ms = excluded.due_ms, arm_id = excluded.arm_id, lease_owner = NULL, lease_until_ms = NULL, request = excluded.request`,
    );
    this.remove = db.prepare('DELETE FROM safety_check_watches WHERE conversation_id = ?');
    this.removeArming = db.prepare('DELETE FROM safety_check_watches WHERE conversation_id = ? AND arm_id = ?');
    this.selectDue = db.prepare(
      `SELECT * FROM safety_check_watches
       WHERE due_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
       ORDER BY due_ms, conversation_id LIMIT ?`,
    );
    this.lease = db.prepare('UPDATE safety_check_watches SET lease_owner = ?, lease_until_ms = ? WHERE conversation_id = ?');
    const claim = db.transaction((nowMs: number, owner: string, leaseMs: number, limit: number) => {
      const rows = this.selectDue.all(nowMs, nowMs, limit);
      for (const row of rows) {
        row.lease_owner = owner;
        row.lease_until_ms = nowMs + leaseMs;
        this.lease.run(owner, row.lease_until_ms, row.conversation_id);
      }
      return rows;
    });
    this.claim = (...args) => claim.immediate(...args);
  }

  async arm(request: EscalationRequest, dueAt: Date): Promise<string> {
    const armId = randomUUID();
    this.upsert.run(request.contact.conversationId, dueAt.getTime(), armId, JSON.stringify(request));
    return armId;
  }

  async disarm(conversationId: string): Promise<void> {
    this.remove.run(conversationId);
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<DueSafetyCheckWatch[]> {
    validateClaimArguments(owner, leaseMs, limit);
    if (limit === 0) return [];
    return this.claim(now.getTime(), owner, leaseMs, limit).map(watchFromRow);
  }

  async complete(conversationId: string, armId: string): Promise<boolean> {
    return this.removeArming.run(conversationId, armId).changes === 1;
  }
}
