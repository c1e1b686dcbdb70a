/** The curvature suite on the browser backends in headless Chromium (software adapters here:
 * slow, so the suite's models are tiny). The same suite runs on cpu in node. */
import { BROWSER_BACKENDS } from '../kit';
import { curvatureSuite } from '../suites/curvature-backend';

curvatureSuite(BROWSER_BACKENDS);
