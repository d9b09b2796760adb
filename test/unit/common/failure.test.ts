// plainText: a failure's text as an annotation shows it, each snippet on its own lines indented by four spaces.
import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/common/failure.js';

describe('plainText', () => {
  it('gives prose as written', () => {
    expect(plainText('one\n    two')).toBe('one\n    two');
    expect(plainText(['one ', 'two'])).toBe('one two');
    expect(plainText([])).toBe('');
  });

  it('puts a snippet on lines of its own, each indented by four spaces, blank ones too', () => {
    expect(
      plainText(['Add:', { code: 'permissions:\n  id-token: write\n\nx' }, 'Then re-run.']),
    ).toBe('Add:\n    permissions:\n      id-token: write\n    \n    x\nThen re-run.');
  });

  it('ends with a line break after a closing snippet, and keeps two snippets apart', () => {
    expect(plainText(['Has:', { code: 'a' }])).toBe('Has:\n    a\n');
    expect(plainText([{ code: 'a' }, { code: 'b' }])).toBe('\n    a\n\n    b\n');
  });
});
