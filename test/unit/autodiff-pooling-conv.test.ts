/** The pooling and convolution suite on tfjs's cpu backend (the browser runner covers the rest). */
import { poolingConvSuite } from '../suites/autodiff-pooling-conv';

poolingConvSuite('cpu');
