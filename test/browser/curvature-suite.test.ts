// The curvature suite on the GPU backends in headless Chromium (software adapters here: slow, so
// the suite's models are tiny). The same suite runs on cpu in node.
import '@tensorflow/tfjs-backend-webgpu';
import { curvatureSuite } from '../suites/curvature-backend';

for (const backend of ['webgl', 'webgpu']) curvatureSuite(backend);
