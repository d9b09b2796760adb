// Reads action.yml's inputs and outputs, the way the runner does, so tests never keep a hand-made list of them.
//
// The `yaml` package parses the file (any YAML: block scalars, quoting, flow maps); this module only checks
// the shape. It reads with the failsafe schema, so every scalar stays the text written, as the runner takes
// an input's default (`default: 1.0` is "1.0", never the number 1). A shape it does not expect is an error,
// never a guess.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';

export const ACTION_YML = path.resolve(import.meta.dirname, '../../action.yml');

/**
 * The entries of a map node as [key, node] pairs, or an error naming `where`.
 * @param {unknown} node
 * @param {string} where
 * @returns {[string, unknown][]}
 */
function mapEntries(node, where) {
  if (!isMap(node)) throw new Error(`${where} must be a map`);
  return node.items.map((pair) => {
    if (!isScalar(pair.key)) throw new Error(`${where} has a key that is not a plain name`);
    return [String(pair.key.value), pair.value];
  });
}

/**
 * A scalar's text, or an error naming `where`. An empty plain value (`default:`) is refused: YAML reads it
 * as null, which a runner may take as no default at all; write `''` for an empty default.
 * @param {unknown} node
 * @param {string} where
 */
function scalarText(node, where) {
  if (!isScalar(node)) throw new Error(`${where} must be a single value`);
  if (node.type === 'PLAIN' && node.source === '')
    throw new Error(`${where} is empty: write '' for an empty value`);
  return String(node.value);
}

/**
 * action.yml's inputs (required flag, default, description), its output names in file order and its runs map.
 * @returns {{ inputs: Record<string, { required: boolean, default?: string, description: string }>,
 *   outputs: string[], runs: Record<string, string> }}
 */
export function readActionYml(file = ACTION_YML) {
  const doc = parseDocument(readFileSync(file, 'utf8'), { schema: 'failsafe', prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length) throw new Error(`${file}: ${problems.map((p) => p.message).join('\n')}`);
  const top = Object.fromEntries(mapEntries(doc.contents, file));

  /** @type {Record<string, { required: boolean, default?: string, description: string }>} */
  const inputs = {};
  for (const [name, node] of mapEntries(top.inputs ?? null, `${file}: inputs`)) {
    const where = `${file}: input ${name}`;
    const props = Object.fromEntries(mapEntries(node, where));
    const required =
      props.required === undefined ? 'false' : scalarText(props.required, `${where} required`);
    if (!['true', 'false'].includes(required))
      throw new Error(`${where} has required: ${required}`);
    inputs[name] = {
      required: required === 'true',
      ...(props.default !== undefined
        ? { default: scalarText(props.default, `${where} default`) }
        : {}),
      description:
        props.description === undefined
          ? ''
          : scalarText(props.description, `${where} description`),
    };
  }

  const outputs = mapEntries(top.outputs ?? null, `${file}: outputs`).map(([name]) => name);

  /** @type {Record<string, string>} */
  const runs = {};
  for (const [key, node] of mapEntries(top.runs ?? null, `${file}: runs`))
    runs[key] = scalarText(node, `${file}: runs.${key}`);

  return { inputs, outputs, runs };
}

/**
 * The environment name of an input as actions/runner exports it (Handler.AddInputsToEnvironment):
 * `INPUT_` + the name with spaces as `_`, upper-cased; hyphens are kept.
 */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The INPUT_ variables of one step: what the step gives, and for every input it does not give that has a
 * default, the default (ActionRunner merges the defaults before the handler exports them). An input with
 * no default that the step does not give is not exported at all.
 * @param {Record<string, string>} given
 */
export function runnerInputs(given, action = readActionYml()) {
  for (const name of Object.keys(given))
    if (!(name in action.inputs))
      throw new Error(`the step gives ${name}, which action.yml does not declare`);
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    if (name in given) env[inputVariable(name)] = given[name];
    else if (input.default !== undefined) env[inputVariable(name)] = input.default;
  }
  return env;
}
