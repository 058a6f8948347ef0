// Turns a backend AppError into the UI's own translated text, chosen by (kind, field); the
// backend's `message` is English developer text and only shown when nothing else fits.
import type { AppError } from '$lib/bindings/AppError';
import { hasMessage, t, type MessageKey } from '$lib/i18n/index.svelte';

/** The text to show for `error`, the most specific one the dictionaries have. */
export function errorText(error: AppError): string {
  if (error.field) {
    const specific = `error.${error.kind}.${error.field}`;
    if (hasMessage(specific)) return t(specific);
  }
  const general = `error.${error.kind}`;
  if (hasMessage(general)) return t(general);
  return error.message || t('error.internal');
}

/**
 * What is wrong with a field: an error from the backend or a message key from a client-side
 * check. Kept untranslated so a language switch re-translates errors already on screen.
 */
export type Problem = AppError | MessageKey;

export function problemText(problem: Problem): string {
  return typeof problem === 'string' ? t(problem) : errorText(problem);
}

/**
 * Places an error under one of a form's `fields`, or on the whole form when it names no field
 * the form has.
 */
export function placeError(
  error: AppError,
  fields: readonly string[],
): { fields: Partial<Record<string, Problem>>; form: AppError | null } {
  if (error.field && fields.includes(error.field)) {
    return { fields: { [error.field]: error }, form: null };
  }
  return { fields: {}, form: error };
}
