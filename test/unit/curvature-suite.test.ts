// The backend-independent curvature suite on tfjs's cpu backend (node); the browser project runs
// the same suite on webgl, webgpu and wasm (test/browser/curvature-suite.test.ts).
import { REFERENCE_BACKEND } from '../kit';
import { curvatureSuite } from '../suites/curvature-backend';

curvatureSuite([REFERENCE_BACKEND]);
