/** SHA-256 from Node's crypto, for the core's fingerprints (core/fingerprint.ts): the same hex digits as core/sha256.ts, several times faster. */
import { createHash } from 'node:crypto';

export function nodeSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
