/** A short hash of text, for fingerprints and for telling whether text was changed. */

/**
 * A 64-bit hash as 16 hex digits: two 32-bit multiplicative lanes over the UTF-16 code units. Not
 * cryptographic, and need not be: it only has to tell one finding's key from another's.
 */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Mix the lanes' final bits so that a short key's hash uses every digit.
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
