/** The backend-independent attack and training suites on the browser backends, in headless
 * Chromium (WebGPU there is SwiftShader's software adapter: slow, hence the suites' tiny models).
 * The same suites run on cpu in node. */
import { BROWSER_BACKENDS } from '../kit';
import { trainingSuite } from '../suites/training';
import { trainingAttacksSuite } from '../suites/trainingAttacks';

trainingAttacksSuite(BROWSER_BACKENDS);
trainingSuite(BROWSER_BACKENDS);
