/** SHA-256 from Node's crypto, for the core's fingerprints (core/fingerprint.ts): the same hex digits as core/sha256.ts, several times faster. */
import * as crypto from 'node:crypto';

/**
 * Node's one-shot `crypto.hash` (Node 20.12 and later) makes no Hash object per text: a cold check
 * hashes thousands of short texts, and takes a fifth of the time with it. The Node inside an older
 * VS Code (Electron's, 20.9) has none: `createHash` there.
 */
const oneShot: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function nodeSha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
