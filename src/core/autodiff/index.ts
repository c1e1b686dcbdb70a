/** Second-order automatic differentiation support for TensorFlow.js (see secondOrder.ts). */
export { ensureSecondOrderGradients, SECOND_ORDER_KERNELS } from './secondOrder';
export { avgPool2dValid, maxPool2dValid, poolWindowSlices, type Pair } from './pooling';
