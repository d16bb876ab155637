/** Types of golden.mjs for the tests that import it. */
export function compare(options?: { all?: boolean; record?: boolean }): Promise<string[]>;
