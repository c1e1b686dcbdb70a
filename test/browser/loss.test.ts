/** The loss suite on the browser backends, in headless Chromium (node runs it on cpu). */
import { BROWSER_BACKENDS } from '../kit';
import { crossEntropySuite } from '../suites/loss-cross-entropy';

crossEntropySuite(BROWSER_BACKENDS);
