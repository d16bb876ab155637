import { brokenLink } from './brokenLink';
import { duplicateId } from './duplicateId';
import { emptyClause } from './emptyClause';
import { kindMismatch } from './kindMismatch';
import { orphanRequirement } from './orphanRequirement';
import { parentCycle } from './parentCycle';
import type { Check } from './types';
import { uncoveredNeed } from './uncoveredNeed';
import { uncoveredRequirement } from './uncoveredRequirement';
import { withdrawnLink } from './withdrawnLink';
import { wrongKindLink } from './wrongKindLink';

export type { Check } from './types';

/** Every cross-file rule, run on each file whose YAML reads cleanly. */
export const CHECKS: readonly Check[] = [
  kindMismatch,
  duplicateId,
  brokenLink,
  wrongKindLink,
  withdrawnLink,
  parentCycle,
  uncoveredNeed,
  uncoveredRequirement,
  orphanRequirement,
  emptyClause,
];
