/**
 * Behaviour held still: the CLI's findings and every report format, on the samples, the hostile
 * fixtures and the 10,000-item bench corpora, equal what test/golden/ recorded. A change that means
 * to alter an output records it anew (node test/golden/golden.mjs record --all) in the same commit.
 */
import { describe, expect, it } from 'vitest';
import { compare } from './golden.mjs';

describe('golden outputs', () => {
  it('check and every report format give byte for byte what was recorded', async () => {
    const differences = await compare();
    expect(differences).toEqual([]);
  }, 180_000);
});
