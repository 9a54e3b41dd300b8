import type { Labels } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { ProfileAccumulator, type ProfileOptions } from './accumulator.js';
import { driftBetween } from './drift.js';
import type { DataProfile, DriftProfile } from './types.js';
import { profileWarnings } from './warnings.js';

export interface FrameProfileOptions extends ProfileOptions {
  /** The target: class labels, or one value per row (null = empty). */
  labels?: Labels | readonly (string | null)[];
  ids?: readonly (string | null)[];
}

function targetValues(labels: Labels | readonly (string | null)[]): readonly (string | null)[] {
  if ('codes' in labels && 'classes' in labels) return Array.from(labels.codes, (c) => labels.classes[c]);
  return labels as readonly (string | null)[];
}

/** The accumulator holding a whole frame (for profiles and for drift against another frame). */
export function accumulateFrame(frame: Frame, opts: FrameProfileOptions = {}): ProfileAccumulator {
  const targetName = opts.labels ? (opts.targetName ?? 'target') : undefined;
  const idName = opts.ids ? (opts.idName ?? 'ID') : undefined;
  return new ProfileAccumulator({ ...opts, targetName, idName }).add({
    frame,
    target: opts.labels ? targetValues(opts.labels) : undefined,
    ids: opts.ids,
  });
}

/** Profiles a frame and its labels: column statistics, target relations, missingness, correlations, warnings. */
export function profileFrame(frame: Frame, opts: FrameProfileOptions = {}): DataProfile {
  return accumulateFrame(frame, opts).finish();
}

/** PSI per feature between a reference frame (bins from its deciles) and a current one. */
export function driftFrames(reference: Frame, current: Frame, names = { reference: 'reference', current: 'current' }): DriftProfile {
  return driftBetween(accumulateFrame(reference, { source: names.reference }).driftInput(), accumulateFrame(current, { source: names.current }).driftInput());
}

/** The profile with a drift section added (and the warnings it brings). */
export function withDrift(profile: DataProfile, drift: DriftProfile): DataProfile {
  const { warnings: _old, ...rest } = profile;
  const next = { ...rest, drift };
  return { ...next, warnings: profileWarnings(next) };
}

/**
 * Why data cannot train, as one line, or null when it can: no target, an empty file, a single class.
 * `custseg train` runs this on the same profile it logs.
 */
export function trainingBlocker(profile: DataProfile): string | null {
  const src = profile.source;
  if (profile.overview.rows === 0) return `${src}: the file has a header but no data rows`;
  if (!profile.target) return `${src}: no target column, so there is nothing to train on`;
  const present = profile.target.classes.filter((_, k) => profile.target!.counts[k] > 0);
  if (present.length === 0) return `${src}: the target ${profile.target.name} is empty in every row`;
  if (present.length === 1) return `${src}: the target ${profile.target.name} has a single class (${present[0]}); training needs at least two`;
  return null;
}
