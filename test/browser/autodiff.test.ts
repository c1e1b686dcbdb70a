/** The autodiff suites on the browser backends, in headless Chromium (node runs them on cpu). */
import { BROWSER_BACKENDS } from '../kit';
import { poolingConvSuite } from '../suites/autodiff-pooling-conv';
import { secondOrderSuite } from '../suites/autodiff-second-order';

secondOrderSuite(BROWSER_BACKENDS);
poolingConvSuite(BROWSER_BACKENDS);
