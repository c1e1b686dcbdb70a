/** The model double-backprop suites on tfjs's cpu backend (the browser runner covers the rest). */
import { REFERENCE_BACKEND } from '../kit';
import {
  mnistModelsDoubleBackpropSuite,
  modelsDoubleBackpropSuite,
} from '../suites/models-double-backprop';

modelsDoubleBackpropSuite([REFERENCE_BACKEND]);
mnistModelsDoubleBackpropSuite([REFERENCE_BACKEND]);
