import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have exactly the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort(), 'a missing key shows its raw name to the user').toEqual(
      Object.keys(es).sort(),
    );
  });

  it('use the same {parameters} in both languages', () => {
    for (const key of Object.keys(es) as (keyof typeof es)[]) {
      expect(params(en[key]), `parameters of ${key}`).toEqual(params(es[key]));
    }
  });

  it('have no empty message', () => {
    for (const [key, text] of [...Object.entries(es), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });
});
