/** "OpeningHours", "Opening-Hours", "opening hours" → "opening_hours"; LUIS/CLU's "None" → "none". */
export function toIntentName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}
