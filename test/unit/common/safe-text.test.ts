import { describe, expect, it } from 'vitest';
import {
  cut,
  escapeHtml,
  neutraliseCommands,
  quoted,
  safeLine,
} from '../../../src/common/safe-text.js';
import { secretAccessKey, stsSessionToken } from '../../fixtures/real-secrets.mjs';

describe('safeLine', () => {
  it('folds every kind of line break and drops control characters', () => {
    expect(safeLine('a\r\nb\rc\nd\u0085e\u2028f\u2029g')).toBe('a b c d e f g');
    expect(safeLine('x\u0000\u001b[31my\u007f')).toBe('x[31my');
  });
  it('drops bidirectional overrides, isolates and marks', () => {
    const evil =
      'ok\u202e\u2066gnp.exe\u2069\u202a\u202b\u202c\u202d\u2067\u2068\u200e\u200f\u061c!';
    expect(safeLine(evil)).toBe('okgnp.exe!');
    expect(escapeHtml(`a\u202eb`)).toBe('ab');
  });
  it('never starts with a workflow command', () => {
    for (const evil of ['::add-mask::secret', '  ::error::x', '\n::stop-commands::tok', ':: x'])
      expect(safeLine(evil).trimStart().startsWith('::')).toBe(false);
    expect(safeLine('::error::x')).toBe(': :error::x');
  });
  it('neutralises both command syntaxes, also behind invisible characters', () => {
    const ignorables = ['\u200b', '\u2060', '\ufeff', '\u00ad', '\u200d', '\u034f', '\u{e0041}'];
    for (const z of ignorables) {
      for (const evil of [
        `${z}::add-mask::x`,
        ` ${z} ::set-output name=a::b`,
        `id #${z}#[add-mask]x`,
      ]) {
        const line = safeLine(evil);
        expect(line).not.toContain('##[');
        expect(line.trimStart().startsWith('::')).toBe(false);
        expect(line).not.toContain(z);
      }
    }
    expect(safeLine('a ##[stop-commands]tok ###[x]')).toBe('a # #[stop-commands]tok ## #[x]');
    // An emoji keeps its presentation selector and joiners; behind anything else they go.
    expect(safeLine('\u26a0\ufe0f ok \u{1f468}\u200d\u{1f469}')).toBe(
      '\u26a0\ufe0f ok \u{1f468}\u200d\u{1f469}',
    );
    expect(safeLine('#\ufe0f#[add-mask]x :\u200d:y')).toBe('# #[add-mask]x ::y');
    expect(safeLine('\ufe0f::add-mask::x')).toBe(': :add-mask::x');
    expect(neutraliseCommands('  ::debug::x')).toBe('  : :debug::x');
    // Not a command: left as it reads.
    expect(neutraliseCommands('time 10:15 ok :: fine')).toBe('time 10:15 ok :: fine');
  });
  it('caps the length, cutting prose where it must', () => {
    expect(safeLine('a b c d e f g h i j k', 10)).toBe('a b c d e…');
    expect(safeLine('word '.repeat(10), 12)).toBe('word word …');
  });
  it('never ends a cut inside a run of token characters: no piece of a secret is left behind', () => {
    const token = stsSessionToken('safe-text');
    for (const at of [20, 31, 40, 100, 300]) {
      const line = safeLine(`the service said: token ${token} was rejected`, at);
      expect(line.endsWith('…')).toBe(true);
      // Whatever the cut point, not one character of the token is shown.
      expect(line).not.toContain(token.slice(0, 2));
      expect(line.length).toBeLessThanOrEqual(at);
    }
    expect(safeLine('x'.repeat(50), 10)).toBe('…');
    expect(cut(`key=${secretAccessKey('cut')} rest`, 20)).toBe('…');
    expect(cut(`id: ${secretAccessKey('cut')}`, 20)).toBe('id: …');
  });
  it('leaves %0A as literal text (only core escapes decode it, and core escapes % first)', () => {
    expect(safeLine('a%0A::error::b')).toBe('a%0A::error::b');
  });
});

describe('quoted', () => {
  it('quotes as JSON on one line', () => {
    expect(quoted('a"b\nc')).toBe('"a\\"b c"');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and table pipes', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)> | `x` & "q"')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &#124; &#96;x&#96; &amp; &quot;q&quot;',
    );
  });
});
