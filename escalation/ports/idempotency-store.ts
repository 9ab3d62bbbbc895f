/** Remembers keys (e.g. Twilio MessageSid) so a re-delivered webhook is processed once. */
export interface IdempotencyStore {
  /** True the first time a key is seen, false on every later call, across processes. */
  claimOnce(key: string, now: Date): Promise<boolean>;
}
