/**
 * Records carry ISO-8601 strings; adapters compare instants as epoch milliseconds so that
 * strings written with different offsets or precisions still order correctly.
 */
export function isoToMs(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new Error(`${field} must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`);
  }
  return ms;
}

export function optionalIsoToMs(value: string | null | undefined, field: string): number | null {
  return value === null || value === undefined ? null : isoToMs(value, field);
}
