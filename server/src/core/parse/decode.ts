/** Bytes to text: UTF-8 (with or without a BOM) and UTF-16 with a BOM; anything else is a finding. */
import type { ReadResult } from '../host';

export function decodeText(bytes: Uint8Array, maxBytes: number): ReadResult {
  if (bytes.length > maxBytes) return { problem: tooLarge(maxBytes) };
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2)) };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2)) };
    // TextDecoder drops a UTF-8 BOM, as editors do, so columns agree with what people see.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      problem: {
        code: 'unreadable-file',
        message: 'This file is not valid UTF-8 text (was it saved in another encoding, such as Windows-1252?), so reqtrace did not read it. Save it as UTF-8.',
      },
    };
  }
}

export function tooLarge(maxBytes: number): { code: string; message: string } {
  const size = maxBytes >= 1024 * 1024 ? `${trimZero(maxBytes / (1024 * 1024))} MB` : `${trimZero(maxBytes / 1024)} KB`;
  return { code: 'file-too-large', message: `This file is larger than the ${size} limit, so reqtrace did not read it. Split it into smaller files.` };
}

function trimZero(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
