export * from './lbfgs.js';
export * from './more-thuente.js';
