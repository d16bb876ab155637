import { isWithdrawn } from '../model';
import { figure } from './places';
import type { DigestRule, RuleContext } from './rule';

/** DSDM's guide: Musts at most about 60% of the effort of a delivery. */
export const DEFAULT_MUST_THRESHOLD = 60;
/** The fewest requirements planned for a share of Musts to say anything: a first draft of three is not out of balance. */
export const DEFAULT_MIN_PLANNED = 10;

/** What moscow-balance takes from each requirements file. */
interface PriorityDigest {
  /** Its live Must Have requirements. */
  readonly musts: number;
  /** Its live requirements planned for this delivery (every priority but Won't). */
  readonly planned: number;
  /** Its YAML reads cleanly, so it is checked and can carry the finding. */
  readonly checked: boolean;
}

/**
 * moscow-balance: Musts are more than the threshold (60%) of the live requirements planned for
 * this delivery, across the workspace. Reported once, on the file with the most Musts; it reads a
 * digest of each file (its counts), so only an edit that changes a count re-checks other files.
 */
export const moscowBalance: DigestRule<PriorityDigest | undefined> = {
  code: 'moscow-balance',
  stage: 'check',
  severity: 'info',
  summary: 'musts are more than 60% of the live requirements planned for this delivery (threshold configurable), once there are at least 10; reported once',
  where: "the `kind` value of the requirements file with the most Musts (the first by path on a tie)",
  reads: ['digests'],
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      threshold: { type: 'number', minimum: 0, maximum: 100, default: DEFAULT_MUST_THRESHOLD, description: 'The largest share of Musts, in percent of the live requirements planned for this delivery, that passes (default 60).' },
      minimum: { type: 'integer', minimum: 1, default: DEFAULT_MIN_PLANNED, description: 'How many requirements must be planned before their share of Musts is judged (default 10).' },
    },
  },
  help: `DSDM's MoSCoW prioritisation advises that Must Have requirements take no more than about 60% of the effort of a delivery, so that Should and Could Haves leave contingency: when things go wrong, they are what gives. This rule counts requirements, the nearest measure of effort a statement of requirements has: Musts as a share of the live ones planned for this delivery (withdrawn and Won't Have requirements left out; one without a priority counts as planned), once at least ${DEFAULT_MIN_PLANNED} are planned (option \`minimum\`): the share of a first draft of three says nothing. It is reported once for the workspace, on the requirements file with the most Musts. Set the threshold with \`rules: { moscow-balance: { threshold: 70 } }\`.

**Why it matters:** when nearly everything is a Must, priority stops telling bidders and evaluators what matters, and a supplier who can deliver most of it cannot say what to drop.

**How to fix:** review the Musts: keep Must for what the service cannot go live without (legal, safety, the need itself), and move the rest to Should or Could.

\`\`\`yaml
  - id: REQ-HR-012
    priority: should    # ← was must: the service can go live without it
\`\`\``,
  digest(_context, file) {
    let musts = 0;
    let planned = 0;
    for (const item of file.items) {
      if (item.kind !== 'requirements' || isWithdrawn(item) || item.priority === 'wont') continue;
      planned++;
      if (item.priority === 'must') musts++;
    }
    return planned > 0 ? { musts, planned, checked: file.syntaxOk } : undefined;
  },
  reportedIn(context) {
    const over = overThreshold(context);
    return over ? [over.host] : [];
  },
  check(context, file) {
    if (file.kind !== 'requirements') return [];
    const own = context.digests(moscowBalance).get(file.uri);
    const over = overThreshold(context);
    if (!own || own.musts === 0 || !over || over.host !== file.uri) return [];
    const { musts, planned, threshold } = over;
    const share = figure(Math.round((musts / planned) * 1000) / 10);
    return [
      {
        message: `Musts are ${share}% of the requirements planned for this delivery (${musts} of ${planned}; withdrawn and Won't Have ones left out), more than ${figure(threshold)}%: so many Musts leave the plan no contingency. This file has the most (${own.musts}): keep Must for what the service cannot go live without, and make the rest Should or Could.`,
        uri: file.uri,
        span: file.kindSpan ?? { start: 0, end: 0 },
      },
    ];
  },
};

/**
 * The workspace's Musts against the threshold, and the file the finding goes in (the one with the
 * most Musts, the first by path on a tie); undefined when the share is within it.
 */
function overThreshold(context: RuleContext): { musts: number; planned: number; threshold: number; host: string } | undefined {
  let musts = 0;
  let planned = 0;
  let host: [string, PriorityDigest] | undefined;
  for (const entry of context.digests(moscowBalance)) {
    const [uri, counts] = entry;
    musts += counts.musts;
    planned += counts.planned;
    if (counts.checked && (!host || counts.musts > host[1].musts || (counts.musts === host[1].musts && uri < host[0]))) host = entry;
  }
  const options = context.options(moscowBalance.code);
  const threshold = typeof options.threshold === 'number' ? options.threshold : DEFAULT_MUST_THRESHOLD;
  const minimum = typeof options.minimum === 'number' ? options.minimum : DEFAULT_MIN_PLANNED;
  if (!host || host[1].musts === 0 || planned < minimum || musts * 100 <= threshold * planned) return undefined;
  return { musts, planned, threshold, host: host[0] };
}
