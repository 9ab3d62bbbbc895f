import { randomUUID } from 'node:crypto';

/** Same wording as botbuilder's MemoryStorage, so callers can treat every adapter alike. */
export function eTagConflictError(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

export function newETag(): string {
  return randomUUID();
}

/** MemoryStorage semantics: '*' or a missing eTag means "write whatever is stored". */
export function isUnconditionalWrite(eTag: unknown): boolean {
  return eTag === undefined || eTag === null || eTag === '' || eTag === '*';
}
