/** The cross-entropy suite on tfjs's cpu backend (the browser runner covers the rest). */
import { REFERENCE_BACKEND } from '../kit';
import { crossEntropySuite } from '../suites/loss-cross-entropy';

crossEntropySuite([REFERENCE_BACKEND]);
