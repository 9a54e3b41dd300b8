// Exploratory data analysis: profiles of a frame or a streamed CSV, drift between two, the HTML report.
export * from './types.js';
export * from './stats.js';
export * from './association.js';
export { ProfileAccumulator, type ProfileOptions, type ProfileBatch } from './accumulator.js';
export { MAX_EXACT_DISTINCT, RESERVOIR_SIZE } from './numeric-acc.js';
export { MAX_TRACKED_CATEGORIES } from './categorical-acc.js';
export { RARE_SHARE, HISTOGRAM_BINS } from './finish.js';
export { psi, driftBetween, MODERATE_PSI, MAJOR_PSI, PSI_FLOOR } from './drift.js';
export { profileFrame, accumulateFrame, driftFrames, withDrift, trainingBlocker, type FrameProfileOptions } from './profile.js';
export { profileCsvFile, accumulateCsvFile, type ProfileFileOptions } from './read.js';
export { renderReportHtml } from './report-html.js';
