/** The second-order autodiff suite on tfjs's cpu backend (the browser runner covers the rest). */
import { REFERENCE_BACKEND } from '../kit';
import { secondOrderSuite } from '../suites/autodiff-second-order';

secondOrderSuite([REFERENCE_BACKEND]);
