/** The backend-independent attack and training suites, on tfjs's cpu backend in node (the
 * browser project runs them on webgl, webgpu and wasm). */
import { REFERENCE_BACKEND } from '../kit';
import { trainingSuite } from '../suites/training';
import { trainingAttacksSuite } from '../suites/trainingAttacks';

trainingAttacksSuite([REFERENCE_BACKEND]);
trainingSuite([REFERENCE_BACKEND]);
