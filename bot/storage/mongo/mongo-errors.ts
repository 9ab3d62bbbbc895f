/** E11000, optionally on one named index (checked by keyPattern, falling back to the message). */
export function isDuplicateKeyError(error: unknown, index?: { name: string; field: string }): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, keyPattern, message } = error as { code?: unknown; keyPattern?: unknown; message?: unknown };
  if (code !== 11000) return false;
  if (!index) return true;
  if (keyPattern && typeof keyPattern === 'object') return index.field in keyPattern;
  return typeof message === 'string' && (message.includes(index.name) || message.includes(index.field));
}
