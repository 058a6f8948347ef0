import { afterEach, describe, expect, it } from 'vitest';
import { errorText, placeError } from './errors';
import { i18n } from './i18n/index.svelte';

afterEach(() => {
  i18n.lang = 'es';
});

describe('errorText', () => {
  it('chooses the text by kind and field, never by the backend message', () => {
    const error = { kind: 'validation', field: 'email', message: 'conflict: taxId' } as const;
    expect(errorText(error)).toBe('Correo electrónico no válido');
    i18n.lang = 'en';
    expect(errorText(error)).toBe('Invalid e-mail address');
  });

  it('falls back to the kind, then to the message', () => {
    expect(errorText({ kind: 'storage', field: 'whatever', message: 'disk I/O' })).toBe(
      'No se ha podido guardar en la base de datos. Inténtalo de nuevo.',
    );
    expect(errorText({ kind: 'mystery' as 'internal', field: null, message: 'raw text' })).toBe(
      'raw text',
    );
  });
});

describe('placeError', () => {
  it('puts an error under a field the form has, else on the form', () => {
    const onField = { kind: 'conflict', field: 'taxId', message: '' } as const;
    expect(placeError(onField, ['name', 'taxId'])).toEqual({
      fields: { taxId: onField },
      form: null,
    });
    const elsewhere = { kind: 'validation', field: 'birthday', message: '' } as const;
    expect(placeError(elsewhere, ['name'])).toEqual({ fields: {}, form: elsewhere });
  });
});
