/// <reference types="vite/client" />
/** The model suites on the browser backends, in headless Chromium (node runs them on cpu). */
import { BROWSER_BACKENDS } from '../kit';
import {
  mnistModelsDoubleBackpropSuite,
  modelsDoubleBackpropSuite,
} from '../suites/models-double-backprop';

modelsDoubleBackpropSuite(BROWSER_BACKENDS);
// The MNIST-size models on webgl (8 s) and wasm (0.2 s). On webgpu's software adapter they take
// 16 s more (they pass: max error 4.9e-6), so they run there only on request, e.g. on a machine
// with a real GPU: VITE_WEBGPU_MNIST=1 npx vitest run --project browser.
mnistModelsDoubleBackpropSuite(
  BROWSER_BACKENDS.filter((b) => b !== 'webgpu' || import.meta.env.VITE_WEBGPU_MNIST),
);
