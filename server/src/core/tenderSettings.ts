/** What a tender pack prints and evaluation is checked against: read from reqtrace.config.yaml (see config.ts). */

/** The scale quality answers are scored on: 0 to max, a descriptor for each score. */
export interface Scoring {
  readonly max: number;
  /** descriptors[score]: what the score means ('' when the config gives none). */
  readonly descriptors: readonly string[];
}

export interface TenderSettings {
  readonly title?: string;
  readonly classification?: string;
  readonly scoring: Scoring;
  /** The split of the whole score in percent (quality, price, social-value…), as the config orders it. */
  readonly evaluation?: Readonly<Record<string, number>>;
}

/** The usual 0-4 scale of UK public-sector quality evaluation. */
export const DEFAULT_SCORING: Scoring = {
  max: 4,
  descriptors: [
    'Unacceptable: no response, or the response does not meet the requirement',
    'Poor: meets the requirement in part, with significant gaps or risks',
    'Acceptable: meets the requirement, with some minor gaps or risks',
    'Good: meets the requirement in full, with evidence',
    'Excellent: meets the requirement in full, with evidence, and adds value',
  ],
};
