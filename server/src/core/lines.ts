/**
 * The only place where offsets become positions. Line breaks are \n, \r\n and a lone \r, the same
 * rule as LSP's TextDocument, so positions agree with every editor.
 */

export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /** Where each line starts, and where its content ends (before its line break). Typed arrays: a
   * workspace keeps one index per file, and none of them keeps the file's text. */
  private readonly lineStarts: Uint32Array;
  private readonly contentEnds: Uint32Array;
  private readonly length: number;

  constructor(text: string) {
    // Line breaks are found with the string search (many times faster than a loop over characters).
    const starts = [0];
    const ends: number[] = [];
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    while (cr >= 0 || lf >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        const crlf = lf === cr + 1;
        ends.push(cr);
        starts.push(crlf ? cr + 2 : cr + 1);
        if (crlf) lf = text.indexOf('\n', lf + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        ends.push(lf);
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
    ends.push(text.length);
    this.lineStarts = Uint32Array.from(starts);
    this.contentEnds = Uint32Array.from(ends);
    this.length = text.length;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line and UTF-16 character, as LSP wants them. */
  position(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between \r and \n belongs before the line break.
    const end = this.contentEnds[low] ?? this.length;
    if (clamped === end + 1 && (this.lineStarts[low + 1] ?? -1) === end + 2) clamped = end;
    return { line: low, character: clamped - (this.lineStarts[low] ?? 0) };
  }

  /** The offset of a 0-based position; characters past the end of a line clamp to its end. */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const start = this.lineStarts[position.line] ?? 0;
    // The line's content stops before its line break.
    const lineEnd = this.contentEnds[position.line] ?? this.length;
    return Math.max(start, Math.min(start + position.character, lineEnd));
  }
}

/** 1-based line and column for people and CI logs. */
export function humanPosition(lines: LineIndex, offset: number): { line: number; column: number } {
  const { line, character } = lines.position(offset);
  return { line: line + 1, column: character + 1 };
}
