// Reads action.yml's inputs and outputs, the way the runner does, so tests never keep a hand-made list of them.
//
// A small reader for the subset of YAML action.yml uses (maps, quoted or plain scalars, folded descriptions):
// anything it does not understand in an input's `default` or `required` is an error, never a guess.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ACTION_YML = path.resolve(import.meta.dirname, '../../action.yml');

/** A scalar as YAML reads it: 'single' (with '' for a quote), "double" (with \ escapes), or plain. */
export function yamlScalar(raw, where) {
  const s = raw.trim();
  if (s.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(s))
      throw new Error(`${where}: unterminated single-quoted value ${s}`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith('"')) return JSON.parse(s);
  if (/^[|>]/.test(s)) throw new Error(`${where}: block scalars are not supported here`);
  return s.replace(/\s+#.*$/, '');
}

/**
 * @returns {{ inputs: Record<string, { required: boolean, default?: string, description: string }>,
 *   outputs: string[], runs: Record<string, string> }}
 */
export function readActionYml(file = ACTION_YML) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  /** @type {Record<string, Record<string, Record<string, string>>>} */
  const sections = { inputs: {}, outputs: {}, runs: { '': {} } };
  let section = '';
  let entry = '';
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const where = `action.yml:${i + 1}`;
    const top = /^([A-Za-z][\w-]*):(.*)$/.exec(line);
    if (top) {
      section = top[1] in sections ? top[1] : '';
      entry = '';
      continue;
    }
    if (!section) continue;
    const key = /^( {2}| {4})([A-Za-z][\w-]*):(.*)$/.exec(line);
    if (section === 'runs' && key?.[1] === '  ') {
      sections.runs[''][key[2]] = yamlScalar(key[3], where);
      continue;
    }
    if (key?.[1] === '  ') {
      entry = key[2];
      if (key[3].trim()) throw new Error(`${where}: ${entry} must be a map`);
      sections[section][entry] = {};
    } else if (key?.[1] === '    ' && entry) {
      // Descriptions may fold onto further lines; only default and required must be plain one-liners.
      sections[section][entry][key[2]] =
        key[2] === 'description' ? key[3].trim() : yamlScalar(key[3], where);
    } else if (!/^ {6,}/.test(line)) {
      throw new Error(`${where}: cannot read ${JSON.stringify(line)}`);
    }
  }
  /** @type {Record<string, { required: boolean, default?: string, description: string }>} */
  const inputs = {};
  for (const [name, props] of Object.entries(sections.inputs)) {
    const required = props.required ?? 'false';
    if (!['true', 'false'].includes(required))
      throw new Error(`action.yml: input ${name} has required: ${required}`);
    inputs[name] = {
      required: required === 'true',
      ...('default' in props ? { default: props.default } : {}),
      description: props.description ?? '',
    };
  }
  return { inputs, outputs: Object.keys(sections.outputs), runs: sections.runs[''] };
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
