export {
  loadSynthParams,
  parseSynthParams,
  SYNTH_PARAMS_FORMAT,
  SYNTH_PARAMS_VERSION,
  type CategoricalNode,
  type QuantileNode,
  type SynthNode,
  type SynthParams,
} from './params.js';
export { generateCustomers, ID_BASE, type GenerateOptions, type SyntheticTable } from './generate.js';
export { synthCsvChunks, csvField, type SynthCsvOptions } from './csv-chunks.js';
export { CustomerSampler, type SampledBlock, type SampledColumn } from './sampler.js';
