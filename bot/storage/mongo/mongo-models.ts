import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Explicit collection names: they are part of the operational contract (docs/storage.md). */
export const COLLECTIONS = {
  botState: 'bot_state',
  transcripts: 'transcript_entries',
  escalations: 'escalations',
  attempts: 'notification_attempts',
  audit: 'audit_log',
  idempotency: 'idempotency_keys',
  safetyCheckWatches: 'safety_check_watches',
} as const;

const OPEN_REFERENCE_INDEX = 'open_reference_unique';

export interface BotStateDoc {
  _id: string;
  eTag: string;
  /** JSON text: bot state may use keys containing '.' or '$', which MongoDB documents should not. */
  data: string;
  updatedAt: Date;
}

export interface TranscriptDoc {
  _id: string;
  conversationId: string;
  channel: string;
  direction: string;
  at: string;
  atMs: number;
  /** Client-made ObjectId: tie-breaker that keeps append order for entries with the same `at`. */
  seq: Types.ObjectId;
  type: string;
  text?: string;
  /** JSON text of the ScreeningResult (kept as one value so erasure rewrites it whole). */
  screening?: string;
  /** Examined by the retention sweep (absent on entries written before retention existed). */
  retentionDone?: boolean;
}

export interface EscalationDoc {
  _id: string;
  reference: string;
  /** Equals `reference` while the state is open/paging/acknowledged, absent otherwise; unique. */
  openReference?: string;
  state: string;
  level: string;
  version: number;
  nextActionAtMs: number | null;
  leaseOwner: string | null;
  leaseUntilMs: number | null;
  createdAtMs: number;
  /** The whole EscalationRecord as JSON: it carries opaque blobs with arbitrary keys. */
  record: string;
}

export interface AttemptDoc {
  _id: string;
  escalationId: string;
  step: number;
  cycle: number;
  channel: string;
  targetLabel: string;
  to: string;
  providerSid?: string;
  status: string;
  error?: string;
  createdAt: string;
  createdAtMs: number;
  updatedAt: string;
}

export interface AuditDoc {
  _id: string;
  at: string;
  atMs: number;
  seq: Types.ObjectId;
  actor: string;
  source: string;
  action: string;
  escalationId?: string;
  conversationId?: string;
  fromState?: string;
  toState?: string;
  reason?: string;
  /** JSON text of `details` (free-form keys). */
  details?: string;
}

export interface IdempotencyDoc {
  _id: string;
  firstSeenAt: Date;
}

export interface SafetyCheckWatchDoc {
  /** The conversation id: at most one watch per conversation. */
  _id: string;
  dueAtMs: number;
  armId: string;
  leaseOwner: string | null;
  leaseUntilMs: number | null;
  /** JSON text of the escalation request (its conversation reference has free-form keys). */
  request: string;
}

export interface MongoModels {
  botState: Model<BotStateDoc>;
  transcripts: Model<TranscriptDoc>;
  escalations: Model<EscalationDoc>;
  attempts: Model<AttemptDoc>;
  audit: Model<AuditDoc>;
  idempotency: Model<IdempotencyDoc>;
  safetyCheckWatches: Model<SafetyCheckWatchDoc>;
}

// versionKey off: concurrency is handled by our own eTag/version fields, not mongoose's __v.
const schemaOptions = { versionKey: false, minimize: false, strict: 'throw', autoIndex: false, autoCreate: false } as const;

function botStateSchema(): Schema<BotStateDoc> {
  return new Schema<BotStateDoc>(
    {
      _id: { type: String, required: true },
      eTag: { type: String, required: true },
      data: { type: String, required: true },
      updatedAt: { type: Date, required: true },
    },
    { ...schemaOptions, collection: COLLECTIONS.botState },
  );
}

function transcriptSchema(): Schema<TranscriptDoc> {
  const schema = new Schema<TranscriptDoc>(
    {
      _id: { type: String, required: true },
      conversationId: { type: String, required: true },
      channel: { type: String, required: true },
      direction: { type: String, required: true },
      at: { type: String, required: true },
      atMs: { type: Number, required: true },
      seq: { type: Schema.Types.ObjectId, required: true },
      type: { type: String, required: true },
      text: { type: String },
      screening: { type: String },
      retentionDone: { type: Boolean },
    },
    { ...schemaOptions, collection: COLLECTIONS.transcripts },
  );
  schema.index({ conversationId: 1, atMs: 1, seq: 1 }, { name: 'conversation_time' });
  schema.index({ retentionDone: 1, atMs: 1, _id: 1 }, { name: 'retention_due_at' });
  return schema;
}

function escalationSchema(): Schema<EscalationDoc> {
  const schema = new Schema<EscalationDoc>(
    {
      _id: { type: String, required: true },
      reference: { type: String, required: true },
      openReference: { type: String },
      state: { type: String, required: true },
      level: { type: String, required: true },
      version: { type: Number, required: true },
      nextActionAtMs: { type: Number, default: null },
      leaseOwner: { type: String, default: null },
      leaseUntilMs: { type: Number, default: null },
      createdAtMs: { type: Number, required: true },
      record: { type: String, required: true },
    },
    { ...schemaOptions, collection: COLLECTIONS.escalations },
  );
  // Partial on $type (supported since MongoDB 3.2 and by the test engine); a closed escalation
  // has no openReference field at all, so any number of them may share a reference.
  schema.index(
    { openReference: 1 },
    { name: OPEN_REFERENCE_INDEX, unique: true, partialFilterExpression: { openReference: { $type: 'string' } } },
  );
  schema.index({ reference: 1, createdAtMs: -1 }, { name: 'reference_history' });
  schema.index({ state: 1, nextActionAtMs: 1 }, { name: 'due' });
  schema.index({ state: 1, createdAtMs: 1 }, { name: 'state_created' });
  return schema;
}

function attemptSchema(): Schema<AttemptDoc> {
  const schema = new Schema<AttemptDoc>(
    {
      _id: { type: String, required: true },
      escalationId: { type: String, required: true },
      step: { type: Number, required: true },
      cycle: { type: Number, required: true },
      channel: { type: String, required: true },
      targetLabel: { type: String, required: true },
      to: { type: String, required: true },
      providerSid: { type: String },
      status: { type: String, required: true },
      error: { type: String },
      createdAt: { type: String, required: true },
      createdAtMs: { type: Number, required: true },
      updatedAt: { type: String, required: true },
    },
    { ...schemaOptions, collection: COLLECTIONS.attempts },
  );
  schema.index({ escalationId: 1, createdAtMs: 1 }, { name: 'escalation_attempts' });
  schema.index(
    { providerSid: 1 },
    { name: 'provider_sid', partialFilterExpression: { providerSid: { $type: 'string' } } },
  );
  return schema;
}

function auditSchema(): Schema<AuditDoc> {
  const schema = new Schema<AuditDoc>(
    {
      _id: { type: String, required: true },
      at: { type: String, required: true },
      atMs: { type: Number, required: true },
      seq: { type: Schema.Types.ObjectId, required: true },
      actor: { type: String, required: true },
      source: { type: String, required: true },
      action: { type: String, required: true },
      escalationId: { type: String },
      conversationId: { type: String },
      fromState: { type: String },
      toState: { type: String },
      reason: { type: String },
      details: { type: String },
    },
    { ...schemaOptions, collection: COLLECTIONS.audit },
  );
  schema.index({ escalationId: 1, atMs: 1, seq: 1 }, { name: 'escalation_time' });
  schema.index({ conversationId: 1, atMs: 1, seq: 1 }, { name: 'conversation_time' });
  schema.index({ atMs: 1, seq: 1 }, { name: 'time' });
  return schema;
}

function idempotencySchema(): Schema<IdempotencyDoc> {
  return new Schema<IdempotencyDoc>(
    {
      _id: { type: String, required: true },
      firstSeenAt: { type: Date, required: true },
    },
    { ...schemaOptions, collection: COLLECTIONS.idempotency },
  );
}

function safetyCheckWatchSchema(): Schema<SafetyCheckWatchDoc> {
  const schema = new Schema<SafetyCheckWatchDoc>(
    {
      _id: { type: String, required: true },
      dueAtMs: { type: Number, required: true },
      armId: { type: String, required: true },
      leaseOwner: { type: String, default: null },
      leaseUntilMs: { type: Number, default: null },
      request: { type: String, required: true },
    },
    { ...schemaOptions, collection: COLLECTIONS.safetyCheckWatches },
  );
  schema.index({ dueAtMs: 1 }, { name: 'due' });
  return schema;
}

/** Registers the models on this connection only (never the global mongoose singleton). */
export function createModels(connection: Connection): MongoModels {
  return {
    botState: connection.model<BotStateDoc>('BotState', botStateSchema()),
    transcripts: connection.model<TranscriptDoc>('TranscriptEntry', transcriptSchema()),
    escalations: connection.model<EscalationDoc>('Escalation', escalationSchema()),
    attempts: connection.model<AttemptDoc>('NotificationAttempt', attemptSchema()),
    audit: connection.model<AuditDoc>('AuditEntry', auditSchema()),
    idempotency: connection.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema()),
    safetyCheckWatches: connection.model<SafetyCheckWatchDoc>('SafetyCheckWatch', safetyCheckWatchSchema()),
  };
}

/**
 * createIndexes also creates the collection implicitly; there is no separate `create` call
 * because the test engine does not implement that command.
 */
export async function ensureIndexes(models: MongoModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createIndexes();
  }
}

export { OPEN_REFERENCE_INDEX };
