/** The cross-entropy suite on tfjs's cpu backend (the browser runner covers the rest). */
import { crossEntropySuite } from '../suites/loss-cross-entropy';

crossEntropySuite('cpu');
