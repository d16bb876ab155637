import { changedFields, frozenKey, frozenValuesOf, type FrozenField } from '../change/published';
import { isWithdrawn, type Span } from '../model';
import { itemEntries, itemField } from './places';
import type { DigestRule, RuleContext, RuleFinding } from './rule';

/** What other files' findings take from a file: the clause ids it defines, and whether it is an ITT file that is checked (see hostOf). */
interface ClausesDigest {
  readonly ids: readonly string[];
  readonly host: boolean;
}

/**
 * changed-after-publication: with `published: <tag>` in the config, a clause whose question moved
 * since the ITT was published at that revision (its text, response, weighting, minimum-score or
 * covers), a clause added since, and a requirement a clause asks for whose statement or acceptance
 * changed; and, about the file, a clause published in it that is gone (one published in a file that
 * is gone: about the first ITT file). It reads the items that link to a requirement (the clauses
 * covering it), so a clause that starts or stops covering one re-checks it, and a digest of each
 * file's clause ids, so a clause deleted, renamed or moved re-checks the files that report gone
 * clauses; the baseline itself is read once, from git, by whoever loads the workspace
 * (RuleContext.published).
 */
export const changedAfterPublication: DigestRule<ClausesDigest | undefined> = {
  code: 'changed-after-publication',
  stage: 'check',
  severity: 'error',
  summary: 'with `published:` in the config, a clause or a requirement it asks for that changed since the ITT was published',
  where: "the changed field's value (the item's id when the field was added or removed, or the clause is new); for a clause that is gone, the `kind` of the file it was published in (of the first ITT file when that file is gone too)",
  reads: ['sources', 'digests'],
  help: `Once an ITT is issued, bidders answer the questions as published: a clause's words, how it is answered, its weighting and minimum score, and what it asks for must not move without a clarification that goes to every bidder. \`published: itt-issued-2026-03\` in reqtrace.config.yaml names the git tag (or any revision) the ITT was issued at; from then on this rule compares the workspace with the files at that revision and reports, as an error naming the tag:

- a clause whose \`text\`, \`response\`, \`weighting\`, \`minimum-score\` or \`covers\` changed (white space and layout do not count, as for fingerprints; the order of \`covers\` and stamps do not count);
- a clause that was not in the published ITT;
- a clause that was in the published ITT and is gone (deleted, or its id changed), reported on the file it was published in, or on the first ITT file when that file is gone too: to take a question back, keep it with \`status: withdrawn\` and tell every bidder;
- a requirement that a clause asked for at that revision, and one still asks for, whose \`statement\` or \`acceptance\` changed.

A withdrawn clause or requirement is not reported. When the revision cannot be read (no git, not a repository, an unknown tag, a shallow clone without it) the config's \`published\` value says why, and nothing else is compared.

**How to fix:** put the published words back, or, if the change is meant, issue it as a clarification to every bidder and then move \`published:\` to a tag of the clarified ITT.`,
  digest(context, file) {
    if (!context.published?.()) return undefined;
    const ids = [...new Set(file.items.filter((item) => item.kind === 'itt').map((item) => item.id))].sort();
    const host = file.kind === 'itt' && file.syntaxOk;
    return ids.length > 0 || host ? { ids, host } : undefined;
  },
  reportedIn(context) {
    const baseline = context.published?.();
    if (!baseline) return [];
    const where = new Set<string>();
    let fileGone = false;
    for (const uri of baseline.clausesIn.keys()) {
      if (context.store.file(uri)) where.add(uri);
      else fileGone = true;
    }
    const host = fileGone ? hostOf(context) : undefined;
    if (host) where.add(host);
    return where;
  },
  check(context, file) {
    const baseline = context.published?.();
    if (!baseline) return [];
    const findings: RuleFinding[] = [];
    const tag = `'${baseline.ref}'`;
    const gone = goneClauses(context, file.uri);
    if (gone.length > 0) {
      const list = gone.length === 1 ? gone[0] : `${gone.slice(0, -1).join(', ')} and ${gone[gone.length - 1]}`;
      const [were, it] = gone.length === 1 ? ['was', 'it'] : ['were', 'them'];
      findings.push({
        message: `${list} ${were} in the ITT published as ${tag} and ${gone.length === 1 ? 'is' : 'are'} gone: bidders were asked ${it}. Put ${it} back, or keep ${it} with status: withdrawn and tell every bidder in a clarification.`,
        uri: file.uri,
        span: file.kindSpan ?? { start: 0, end: 0 },
      });
    }
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

/**
 * The clauses published in this file (or, on the host, in files that are gone) that no clause of the
 * workspace defines now, in id order; those of a file that is gone say which file it was.
 */
function goneClauses(context: RuleContext, uri: string): string[] {
  const baseline = context.published?.();
  if (!baseline) return [];
  const defined = (id: string): boolean => context.store.definitionsOf(id).some((item) => item.kind === 'itt');
  const gone = (baseline.clausesIn.get(uri) ?? []).filter((id) => !defined(id));
  if (hostOf(context) === uri) {
    for (const [published, ids] of baseline.clausesIn) {
      if (context.store.file(published)) continue;
      const name = decodeURIComponent(published.slice(published.lastIndexOf('/') + 1));
      for (const id of ids) if (!defined(id)) gone.push(`${id} (of ${name}, a file that is gone)`);
    }
  }
  return gone.sort();
}

/** The file that reports clauses published in files that are gone: the first ITT file, by URI, that is checked. */
function hostOf(context: RuleContext): string | undefined {
  let host: string | undefined;
  for (const [uri, digest] of context.digests(changedAfterPublication)) if (digest.host && (host === undefined || uri < host)) host = uri;
  return host;
}

/** ", was 20" for a number or a word; nothing for a text or a list, whose change the field's place shows. */
function was(field: FrozenField, published: string | undefined): string {
  if (field !== 'response' && field !== 'weighting' && field !== 'minimum-score') return '';
  const value: unknown = published === undefined ? null : JSON.parse(published);
  return typeof value === 'number' || typeof value === 'string' ? ` (published: ${value})` : ' (it had none)';
}
