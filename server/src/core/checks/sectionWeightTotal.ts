import { baseName, isWithdrawn, type Span } from '../model';
import { figure, fileField } from './places';
import type { DigestRule, RuleFinding } from './rule';

/** What section-weight-total takes from each ITT file. */
interface SectionDigest {
  /** The file has live scored clauses. */
  readonly scored: boolean;
  /** It writes `section-weight`. */
  readonly declared: boolean;
  /** Its section weight, when written as a number, and where. */
  readonly weight?: number;
  readonly at?: Span;
  /** Its YAML reads cleanly, so it is checked and can carry a finding. */
  readonly checked: boolean;
}

/**
 * section-weight-total: once any ITT file gives its section's share of the quality score, every
 * file with scored clauses must, and the shares must add up to 100. It reads a digest of every ITT
 * file (its weight and whether it has scored clauses), so typing in a clause's text re-checks no
 * other file.
 */
export const sectionWeightTotal: DigestRule<SectionDigest | undefined> = {
  code: 'section-weight-total',
  stage: 'check',
  severity: 'error',
  summary: 'once any ITT file gives a `section-weight`, a file with scored clauses gives none, or the section weights do not add up to 100',
  where: "a missing weight: the file's `kind` value; a wrong total: the `section-weight` value of the first file (by path) with scored clauses, each section's weight a related location",
  reads: ['digests'],
  help: `Each ITT file is a section, and \`section-weight\` is its share of the quality score in percent (functional 60, non-functional 40, say). Once any file gives one, the evaluation is split by them: every file with scored clauses needs its own, and together they must make 100. Files without scored clauses (pass/fail qualification, say) need none and are not counted. When no file gives a section weight, none is needed: each section then counts by its share of all the weighting budgets.

**Why it matters:** a section with no weight scores nothing, and weights that total 90 or 110 change every bidder's quality score in a way nobody published.

**How to fix:** give each section with scored clauses its \`section-weight\`, so that they add up to 100.

\`\`\`yaml
# itt/section-3-functional.itt.yaml
kind: itt
section-weight: 60
# itt/section-4-non-functional.itt.yaml
kind: itt
section-weight: 40     # ← 60 + 40 = 100
\`\`\``,
  digest(context, file) {
    if (file.kind !== 'itt') return undefined;
    const scored = file.items.some((item) => item.kind === 'itt' && !isWithdrawn(item) && item.response === 'scored');
    // Most files give no section weight: their text is not read again to find out.
    const written = file.text.includes('section-weight') ? fileField(context.tree(file), 'section-weight') : undefined;
    if (!scored && !written) return undefined;
    const weight = typeof written?.value === 'number' ? { weight: written.value, at: written.span } : {};
    return { scored, declared: written !== undefined, ...weight, checked: file.syntaxOk };
  },
  check(context, file) {
    if (file.kind !== 'itt') return [];
    const sections = [...context.digests(sectionWeightTotal)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const own = sections.find(([uri]) => uri === file.uri)?.[1];
    if (!own?.scored) return [];
    const declaring = sections.filter(([, section]) => section.declared);
    if (declaring.length === 0) return [];
    const findings: RuleFinding[] = [];
    const weightOf = ([uri, section]: [string, SectionDigest]): string => `${baseName(uri)} ${section.weight !== undefined ? figure(section.weight) : '(not a number)'}`;
    if (!own.declared) {
      findings.push({
        message: `This section has scored clauses but no section-weight, while ${declaring.length === 1 ? 'another section gives its' : 'other sections give theirs'} (${declaring.map(weightOf).join(', ')}): give it its share of the quality score, in percent.`,
        uri: file.uri,
        span: file.kindSpan ?? { start: 0, end: 0 },
        related: declaring.flatMap(([uri, section]) => (section.at ? [{ uri, span: section.at, message: `section-weight ${figure(section.weight ?? 0)}` }] : [])),
      });
      return findings;
    }
    // The total is checked once every scored section gives a weight; reported once, on the first of them that is checked.
    const scored = sections.filter(([, section]) => section.scored);
    if (scored.some(([, section]) => section.weight === undefined)) return findings;
    const total = scored.reduce((sum, [, section]) => sum + (section.weight ?? 0), 0);
    const host = scored.find(([, section]) => section.checked);
    if (Math.abs(total - 100) < 1e-9 || host?.[0] !== file.uri || !own.at) return findings;
    findings.push({
      message: `The section weights of the ${scored.length} sections with scored clauses total ${figure(total)}, not 100 (${scored.map(weightOf).join(', ')}): make their shares of the quality score add up to 100.`,
      uri: file.uri,
      span: own.at,
      related: scored.map(([uri, section]) => ({ uri, span: section.at ?? { start: 0, end: 0 }, message: `${baseName(uri)}: ${figure(section.weight ?? 0)} of 100` })),
    });
    return findings;
  },
};
