/** The pooling and convolution suite on tfjs's cpu backend (the browser runner covers the rest). */
import { REFERENCE_BACKEND } from '../kit';
import { poolingConvSuite } from '../suites/autodiff-pooling-conv';

poolingConvSuite([REFERENCE_BACKEND]);
