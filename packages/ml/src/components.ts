// Every component type a model document may name, registered by importing each area's index module.
// Pipelines import this, so building or loading one never depends on what else the caller imported.
import './preprocessing/index.js';
import './linear/index.js';
import './tree/index.js';
import './ensemble/index.js';
import './meta/index.js';
