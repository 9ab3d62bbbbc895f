/** A rewrite of the span [fromStart, fromEnd) of the earlier text into [toStart, toEnd) of the later text. */
export interface TextEdit {
  toStart: number;
  toEnd: number;
  fromStart: number;
  fromEnd: number;
}

/**
 * Maps positions in a rewritten text back to the text it was rewritten from. Only the edits are stored,
 * so an unchanged message costs nothing and a long one costs memory in proportion to what changed.
 */
export class OffsetMap {
  constructor(private readonly edits: readonly TextEdit[]) {}

  get editCount(): number {
    return this.edits.length;
  }

  /** Position in the earlier text of the character at `pos` in the later text. */
  mapStart(pos: number): number {
    const edit = this.lastEditAtOrBefore(pos);
    if (!edit) return pos;
    if (pos < edit.toEnd) return edit.fromStart;
    return pos + (edit.fromEnd - edit.toEnd);
  }

  /** Exclusive end position in the earlier text of a span ending (exclusively) at `end` in the later text. */
  mapEnd(end: number): number {
    if (end <= 0) return 0;
    const last = end - 1;
    const edit = this.lastEditAtOrBefore(last);
    if (!edit) return end;
    if (last < edit.toEnd) return edit.fromEnd;
    return end + (edit.fromEnd - edit.toEnd);
  }

  private lastEditAtOrBefore(pos: number): TextEdit | undefined {
    let lo = 0;
    let hi = this.edits.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.edits[mid].toStart <= pos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 ? this.edits[found] : undefined;
  }
}

/**
 * Rewrites every match of `pattern` (global) with `replace(match)`, recording the edits.
 * Matches whose replacement equals the matched text are not recorded.
 */
export function rewriteWithOffsets(
  input: string,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string,
): { text: string; map: OffsetMap } {
  const edits: TextEdit[] = [];
  const parts: string[] = [];
  let cursor = 0;
  let outLength = 0;
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(input)) !== null) {
    const start = match.index;
    const matched = match[0];
    if (matched.length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const replacement = replace(match);
    if (replacement === matched) continue;
    if (start > cursor) {
      parts.push(input.slice(cursor, start));
      outLength += start - cursor;
    }
    edits.push({ toStart: outLength, toEnd: outLength + replacement.length, fromStart: start, fromEnd: start + matched.length });
    parts.push(replacement);
    outLength += replacement.length;
    cursor = start + matched.length;
  }
  if (edits.length === 0) return { text: input, map: new OffsetMap(edits) };
  if (cursor < input.length) parts.push(input.slice(cursor));
  return { text: parts.join(''), map: new OffsetMap(edits) };
}
