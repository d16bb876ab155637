/**
 * The wording rules: each finds words in an item's prose that make a requirement hard to bid
 * against or to test, and places its finding on exactly those words. They read only the item they
 * report on, so an edit re-checks only the items it touched.
 */
import type { Rule } from '../rule';
import { absolute } from './absolute';
import { andOr } from './andOr';
import { earsPattern } from './earsPattern';
import { escapeClause } from './escapeClause';
import { genericUser } from './genericUser';
import { multipleShall } from './multipleShall';
import { negative } from './negative';
import { noShall } from './noShall';
import { openEnded } from './openEnded';
import { passiveVoice } from './passiveVoice';
import { placeholder } from './placeholder';
import { pronoun } from './pronoun';
import { vagueTerm } from './vagueTerm';

/** The wording rules on by default, then those off by default. */
export const WORDING_RULES: readonly Rule[] = [escapeClause, openEnded, placeholder, vagueTerm, andOr, multipleShall, noShall, genericUser];
export const WORDING_RULES_OFF: readonly Rule[] = [passiveVoice, pronoun, absolute, negative, earsPattern];
