import { figure } from './places';
import type { ConfigRule } from './rule';

/** The smallest share of the whole score central government guidance gives social value. */
export const MIN_SOCIAL_VALUE = 10;

/**
 * social-value-weight: the config's evaluation split gives social value less than 10%, or leaves
 * it out while it splits the score into other parts. A config rule: it reads reqtrace.config.yaml.
 */
export const socialValueWeight: ConfigRule = {
  code: 'social-value-weight',
  stage: 'config',
  severity: 'warning',
  summary: "the config's `evaluation` split gives `social-value` less than 10% of the whole score, or leaves it out",
  where: "in reqtrace.config.yaml: the `social-value` value under `evaluation`, else the `evaluation` key",
  reads: [],
  help: `UK central government evaluates social value in every contract in scope with a minimum weighting of 10% of the whole score: Cabinet Office Procurement Policy Note PPN 06/20, carried into PPN 002 (February 2025) for procurements under the Procurement Act 2023. This rule reads the \`evaluation\` split in \`reqtrace.config.yaml\` (its part named \`social-value\`): it warns when that part is below 10%, and when the split has other parts but no \`social-value\` at all. A config with no \`evaluation\` is not checked.

**Why it matters:** a tender from an in-scope body that weights social value below 10%, or not at all, departs from the policy; the weighting is published and cannot change after the ITT is issued.

**How to fix:** give social value at least 10% of the whole score. A body the policy does not apply to (outside central government, a private utility) can turn the rule off with \`rules: { social-value-weight: { severity: off } }\`.

\`\`\`yaml
evaluation:
  quality: 60
  price: 30
  social-value: 10
\`\`\``,
  check({ uri, tender, place }) {
    const split = tender.evaluation;
    if (!split) return [];
    const share = split['social-value'];
    const written = place(['evaluation', 'social-value']);
    if (share === undefined) {
      // Written but refused by the schema (not a number from 0 to 100): that finding says what is wrong.
      if (written) return [];
      return [
        {
          message: `The evaluation split has no social-value part: central government guidance (PPN 06/20, now PPN 002) gives social value at least ${MIN_SOCIAL_VALUE}% of the whole score. Add social-value: ${MIN_SOCIAL_VALUE} or more, or turn this rule off if the policy does not apply to this tender.`,
          uri,
          span: place(['evaluation'])?.key ?? { start: 0, end: 0 },
        },
      ];
    }
    if (share >= MIN_SOCIAL_VALUE) return [];
    return [
      {
        message: `Social value is ${figure(share)}% of the whole score, less than the ${MIN_SOCIAL_VALUE}% central government guidance (PPN 06/20, now PPN 002) asks for: give it at least ${MIN_SOCIAL_VALUE}%.`,
        uri,
        span: written?.span ?? { start: 0, end: 0 },
      },
    ];
  },
};
