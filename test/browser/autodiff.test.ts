/** The autodiff suites on the browser backends, in headless Chromium (node runs them on cpu). */
import { BROWSER_BACKENDS } from '../suites/autodiff-browser-backends';
import { poolingConvSuite } from '../suites/autodiff-pooling-conv';
import { secondOrderSuite } from '../suites/autodiff-second-order';

for (const backend of BROWSER_BACKENDS) {
  secondOrderSuite(backend);
  poolingConvSuite(backend);
}
