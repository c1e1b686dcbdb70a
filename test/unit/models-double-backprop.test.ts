/** The model double-backprop suites on tfjs's cpu backend (the browser runner covers the rest). */
import {
  mnistModelsDoubleBackpropSuite,
  modelsDoubleBackpropSuite,
} from '../suites/models-double-backprop';

modelsDoubleBackpropSuite('cpu');
mnistModelsDoubleBackpropSuite('cpu');
