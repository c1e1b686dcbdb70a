/**
 * The test kit, one import for every suite and test (both projects): backends, leak checks,
 * read-back, error measures, HVPs and float64 references. Node-only readers of the static
 * assets are in ./assets (not re-exported here: the browser project imports this file).
 */
export * from './backends';
export * from './conv64';
export * from './errors';
export * from './hvp';
export * from './leaks';
export * from './models64';
export * from './reference64';
export * from './tensors';
