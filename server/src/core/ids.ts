/** Rules about ids that more than one check needs. */

export const ID_PATTERN = /^[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)*$/;
/** The longest id, as common.schema.json says. */
export const MAX_ID_LENGTH = 64;

/** Characters that look like '-' or '.' in an id but are not, e.g. after pasting from Word. */
const LOOKALIKES: Record<string, { name: string; stands: string }> = {
  '\u2010': { name: 'HYPHEN', stands: '-' },
  '\u2011': { name: 'NON-BREAKING HYPHEN', stands: '-' },
  '\u2012': { name: 'FIGURE DASH', stands: '-' },
  '\u2013': { name: 'EN DASH', stands: '-' },
  '\u2014': { name: 'EM DASH', stands: '-' },
  '\u2212': { name: 'MINUS SIGN', stands: '-' },
  '\uFE63': { name: 'SMALL HYPHEN-MINUS', stands: '-' },
  '\uFF0D': { name: 'FULLWIDTH HYPHEN-MINUS', stands: '-' },
  '\u00AD': { name: 'SOFT HYPHEN', stands: '' },
  '\u200B': { name: 'ZERO WIDTH SPACE', stands: '' },
  '\u00A0': { name: 'NO-BREAK SPACE', stands: '' },
  '\uFF0E': { name: 'FULLWIDTH FULL STOP', stands: '.' },
  '\u2024': { name: 'ONE DOT LEADER', stands: '.' },
};

const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** The id with look-alike characters replaced by what they stand for. */
export function normaliseLookalikes(id: string): string {
  return id.replace(LOOKALIKE_RE, (ch) => LOOKALIKES[ch]?.stands ?? ch);
}

/** Words for the look-alike characters in an id, or undefined when it has none. */
export function describeLookalikes(id: string): string | undefined {
  const found = new Set(id.match(LOOKALIKE_RE) ?? []);
  if (found.size === 0) return undefined;
  return [...found]
    .map((ch) => {
      const info = LOOKALIKES[ch];
      const code = `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
      return info?.stands
        ? `a ${code} ${info.name}, which looks like '${info.stands}' but is not`
        : `an invisible ${code} ${info?.name ?? ''}`;
    })
    .join(' and ');
}
