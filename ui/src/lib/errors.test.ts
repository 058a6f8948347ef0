import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '$lib/bindings/AppError';
import type { FieldError } from '$lib/bindings/FieldError';
import { errorText, placeError, problemText } from './errors';
import { i18n } from './i18n/index.svelte';

afterEach(() => {
  i18n.lang = 'es';
});

function fieldError(over: Partial<FieldError>): FieldError {
  return {
    field: 'name',
    rule: 'invalid',
    message: '',
    min: null,
    max: null,
    from: null,
    to: null,
    ...over,
  };
}

describe('errorText', () => {
  it('chooses the text by kind and field, never by the backend message', () => {
    const error: AppError = {
      kind: 'validation',
      field: 'email',
      message: 'conflict: taxId',
      fields: [],
    };
    expect(errorText(error)).toBe('Correo electrónico no válido');
    i18n.lang = 'en';
    expect(errorText(error)).toBe('Invalid e-mail address');
  });

  it('falls back to the kind, then to the message', () => {
    expect(errorText({ kind: 'storage', field: 'whatever', message: 'disk I/O', fields: [] })).toBe(
      'No se ha podido guardar en la base de datos. Inténtalo de nuevo.',
    );
    expect(
      errorText({ kind: 'mystery' as 'internal', field: null, message: 'raw text', fields: [] }),
    ).toBe('raw text');
  });
});

describe('field errors', () => {
  it('say what is allowed, with the limits in the local format', () => {
    expect(problemText(fieldError({ rule: 'too_long', max: 200 }))).toBe('Máximo 200 caracteres.');
    expect(problemText(fieldError({ rule: 'too_long', max: 20000 }))).toBe(
      'Máximo 20.000 caracteres.',
    );
    expect(
      problemText(
        fieldError({
          field: 'dueDate',
          rule: 'date_out_of_range',
          from: '2025-11-30',
          to: '2076-11-30',
        }),
      ),
    ).toBe('Una fecha entre el 30 nov 2025 y el 30 nov 2076.');
    expect(problemText(fieldError({ field: 'tags', rule: 'too_many', max: 30 }))).toBe(
      'Como máximo 30 etiquetas.',
    );
    i18n.lang = 'en';
    expect(problemText(fieldError({ rule: 'required' }))).toBe('This field is required.');
  });
});

describe('placeError', () => {
  it('puts an error under a field the form has, else on the form', () => {
    const onField: AppError = { kind: 'conflict', field: 'taxId', message: '', fields: [] };
    expect(placeError(onField, ['name', 'taxId'])).toEqual({
      fields: { taxId: onField },
      form: null,
    });
    const elsewhere: AppError = { kind: 'validation', field: 'birthday', message: '', fields: [] };
    expect(placeError(elsewhere, ['name'])).toEqual({ fields: {}, form: elsewhere });
  });

  it('places every field error at once', () => {
    const name = fieldError({ field: 'name', rule: 'required' });
    const email = fieldError({ field: 'email', rule: 'malformed' });
    const error: AppError = {
      kind: 'validation',
      field: 'name',
      message: '',
      fields: [name, email],
    };
    expect(placeError(error, ['name', 'email', 'phone'])).toEqual({
      fields: { name, email },
      form: null,
    });
  });
});
