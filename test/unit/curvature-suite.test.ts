// The backend-independent curvature suite on tfjs's cpu backend (node); the browser project runs
// the same suite on webgl and webgpu (test/browser/curvature-suite.test.ts).
import { curvatureSuite } from '../suites/curvature-backend';

curvatureSuite('cpu');
