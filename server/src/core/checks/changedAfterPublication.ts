import { changedFields, frozenKey, frozenValuesOf, type FrozenField } from '../change/published';
import { isWithdrawn, type Span } from '../model';
import { itemEntries, itemField } from './places';
import type { Rule, RuleFinding } from './rule';

/**
 * changed-after-publication: with `published: <tag>` in the config, a clause whose question moved
 * since the ITT was published at that revision (its text, response, weighting, minimum-score or
 * covers), a clause added since, and a requirement a clause asks for whose statement or acceptance
 * changed. It reads the items that link to a requirement (the clauses covering it), so a clause
 * that starts or stops covering one re-checks it; the baseline itself is read once, from git, by
 * whoever loads the workspace (RuleContext.published).
 */
export const changedAfterPublication: Rule = {
  code: 'changed-after-publication',
  stage: 'check',
  severity: 'error',
  summary: 'with `published:` in the config, a clause or a requirement it asks for that changed since the ITT was published',
  where: "the changed field's value (the item's id when the field was added or removed, or the clause is new)",
  reads: ['sources'],
  help: `Once an ITT is issued, bidders answer the questions as published: a clause's words, how it is answered, its weighting and minimum score, and what it asks for must not move without a clarification that goes to every bidder. \`published: itt-issued-2026-03\` in reqtrace.config.yaml names the git tag (or any revision) the ITT was issued at; from then on this rule compares the workspace with the files at that revision and reports, as an error naming the tag:

- a clause whose \`text\`, \`response\`, \`weighting\`, \`minimum-score\` or \`covers\` changed (white space and layout do not count, as for fingerprints; the order of \`covers\` and stamps do not count);
- a clause that was not in the published ITT;
- a requirement that a clause asked for at that revision, and one still asks for, whose \`statement\` or \`acceptance\` changed.

A withdrawn clause or requirement is not reported. When the revision cannot be read (no git, not a repository, an unknown tag, a shallow clone without it) the config's \`published\` value says why, and nothing else is compared.

**How to fix:** put the published words back, or, if the change is meant, issue it as a clarification to every bidder and then move \`published:\` to a tag of the clarified ITT.`,
  check(context, file) {
    const baseline = context.published?.();
    if (!baseline) return [];
    const findings: RuleFinding[] = [];
    const tag = `'${baseline.ref}'`;
    let entries: ReturnType<typeof itemEntries> | undefined;
    const placeOf = (item: Parameters<typeof itemField>[1], field: FrozenField): Span => itemField((entries ??= itemEntries(context.tree(file))), item, field)?.span ?? item.idSpan;
    for (const [item, now] of frozenValuesOf((parsed) => context.tree(parsed), file)) {
      const then = baseline.items.get(frozenKey(item.kind, item.id));
      if (item.kind === 'itt') {
        if (!then) {
          findings.push({ message: `${item.id} was not in the ITT published as ${tag}: a question added after the ITT was issued must go to every bidder as a clarification.`, uri: file.uri, span: item.idSpan });
          continue;
        }
        for (const field of changedFields('itt', then, now)) {
          findings.push({ message: `${item.id}'s ${field} has changed since the ITT was published as ${tag}${was(field, then[field])}: bidders answer the published question. Put it back, or issue the change to every bidder as a clarification.`, uri: file.uri, span: placeOf(item, field) });
        }
        continue;
      }
      // A requirement no clause asked for at the tag was never put to bidders (a clause that asks for it now has its covers reported).
      if (!then || !baseline.asked.has(item.id)) continue;
      // The clauses by id, so the words do not depend on the order the files were read in.
      const askedBy = [...new Set(context.store.referencesTo(item.id).filter((link) => link.field === 'covers' && link.from.kind === 'itt' && !isWithdrawn(link.from)).map((link) => link.from.id))].sort();
      const clause = askedBy[0];
      if (clause === undefined) continue;
      const clauses = askedBy.length === 1 ? clause : `${clause} and ${askedBy.length - 1} more`;
      for (const field of changedFields('requirements', then, now)) {
        findings.push({ message: `${item.id}'s ${field} has changed since the ITT was published as ${tag}, and ${clauses} ask${askedBy.length === 1 ? 's' : ''} bidders for it: they answer the published words. Put them back, or issue the change to every bidder as a clarification.`, uri: file.uri, span: placeOf(item, field) });
      }
    }
    return findings;
  },
};

/** ", was 20" for a number or a word; nothing for a text or a list, whose change the field's place shows. */
function was(field: FrozenField, published: string | undefined): string {
  if (field !== 'response' && field !== 'weighting' && field !== 'minimum-score') return '';
  const value: unknown = published === undefined ? null : JSON.parse(published);
  return typeof value === 'number' || typeof value === 'string' ? ` (published: ${value})` : ' (it had none)';
}
