/**
 * Functional (Keras `Model`/`Functional`) topologies that are really a single chain — input, then
 * each layer fed by the one before — read as the Sequential layer list the import checks. Keras 2
 * and tfjs write a layer's inputs as `inbound_nodes: [[[name, node, tensor, kwargs]]]`, Keras 3 as
 * `inbound_nodes: [{args: [{config: {keras_history: [name, node, tensor]}}]}]`. A model that
 * branches or merges is refused naming the layer where it does.
 */
import { ImportRefusal } from './importRefusal';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The names of the layers feeding one layer, from either format. */
function inboundNames(layer: Json, name: string): string[] {
  const nodes = layer['inbound_nodes'];
  if (!Array.isArray(nodes))
    throw new ImportRefusal(`layer '${name}': inbound_nodes must be a list`);
  if (nodes.length > 1) {
    throw new ImportRefusal(
      `layer '${name}' is applied more than once (shared layers cannot be imported)`,
    );
  }
  const node: unknown = nodes[0];
  if (node === undefined) return [];
  const args = Array.isArray(node)
    ? node
    : isObject(node) && Array.isArray(node['args'])
      ? node['args']
      : null;
  if (args === null)
    throw new ImportRefusal(`layer '${name}': inbound_nodes are not in a known format`);
  // Keras 3 nests the tensors of a multi-input call in one list argument.
  const entries: unknown[] = Array.isArray(node) ? node : args.flat();
  return entries.map((arg: unknown) => {
    const history = Array.isArray(arg)
      ? arg
      : isObject(arg) && isObject(arg['config'])
        ? arg['config']['keras_history']
        : undefined;
    if (!Array.isArray(history) || typeof history[0] !== 'string') {
      throw new ImportRefusal(`layer '${name}': an inbound node is not in a known format`);
    }
    return history[0];
  });
}

/** The endpoint layer name of `input_layers` / `output_layers` ([[name, 0, 0]] or [name, 0, 0]). */
function endpoint(config: Json, key: string): string {
  const v = config[key];
  const list = Array.isArray(v) && Array.isArray(v[0]) ? v : [v];
  if (list.length !== 1 || !Array.isArray(list[0]) || typeof list[0][0] !== 'string') {
    throw new ImportRefusal(
      `model.json: only models with one input and one output can be imported (${key})`,
    );
  }
  return list[0][0];
}

/**
 * The layers of a functional topology's config, from its input to its output, or a refusal.
 * @param config the topology's `config` ({name, layers, input_layers, output_layers}).
 */
export function chainOfFunctional(config: Json): Json[] {
  const layers = config['layers'];
  if (!Array.isArray(layers) || layers.length === 0)
    throw new ImportRefusal('model.json: the model has no layers list');
  const byName = new Map<string, Json>();
  const next = new Map<string, string>();
  layers.forEach((layer: unknown, i) => {
    const name = isObject(layer)
      ? (layer['name'] ?? (isObject(layer['config']) ? layer['config']['name'] : undefined))
      : undefined;
    if (!isObject(layer) || typeof name !== 'string')
      throw new ImportRefusal(`model.json: layer ${i} has no name`);
    if (byName.has(name)) throw new ImportRefusal(`layer '${name}': the layer name is used twice`);
    byName.set(name, layer);
  });
  for (const [name, layer] of byName) {
    const inbound = inboundNames(layer, name);
    if (inbound.length > 1) {
      throw new ImportRefusal(
        `layer '${name}' (${String(layer['class_name'])}) merges ${inbound.length} inputs: only a single chain of layers can be imported`,
      );
    }
    const source = inbound[0];
    if (source === undefined) continue;
    if (!byName.has(source))
      throw new ImportRefusal(`layer '${name}': its input '${source}' is not a layer of the model`);
    const taken = next.get(source);
    if (taken !== undefined) {
      throw new ImportRefusal(
        `layer '${source}' feeds both '${taken}' and '${name}': only a single chain of layers can be imported`,
      );
    }
    next.set(source, name);
  }
  const chain: Json[] = [];
  const output = endpoint(config, 'output_layers');
  for (
    let name: string | undefined = endpoint(config, 'input_layers');
    name !== undefined;
    name = next.get(name)
  ) {
    chain.push(byName.get(name)!);
    if (name === output) break;
  }
  if (chain.length !== byName.size || !chain.length || chain.at(-1) !== byName.get(output)) {
    throw new ImportRefusal(
      `model.json: the layers do not form one chain from the input to the output '${output}'`,
    );
  }
  return chain.map((layer) => ({ class_name: layer['class_name'], config: layer['config'] }));
}
