/** The loss suite on the browser backends, in headless Chromium (node runs it on cpu). */
import { BROWSER_BACKENDS } from '../suites/autodiff-browser-backends';
import { crossEntropySuite } from '../suites/loss-cross-entropy';

BROWSER_BACKENDS.forEach(crossEntropySuite);
