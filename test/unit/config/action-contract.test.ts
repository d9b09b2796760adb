import { describe, expect, it } from 'vitest';
import { readActionYml } from '../../emulator/action-yml.mjs';
import {
  INPUT_DEFAULTS,
  OUTPUT_NAMES,
  REQUIRED_INPUTS,
} from '../../../src/config/action-contract.js';

const action = readActionYml();

describe('action-contract against action.yml', () => {
  it('names every input action.yml declares, no more', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      [...REQUIRED_INPUTS, ...Object.keys(INPUT_DEFAULTS)].sort(),
    );
  });

  it('requires exactly the inputs action.yml requires, without defaults', () => {
    for (const name of REQUIRED_INPUTS) {
      expect(action.inputs[name]?.required, name).toBe(true);
      expect(action.inputs[name]?.default, name).toBeUndefined();
    }
  });

  it('keeps every optional input with the default action.yml declares', () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS))
      expect(action.inputs[name], name).toMatchObject({ required: false, default: value });
  });

  it('names every output action.yml declares, no more', () => {
    expect([...action.outputs].sort()).toEqual([...OUTPUT_NAMES].sort());
  });
});
