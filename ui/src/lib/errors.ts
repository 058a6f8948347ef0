// Turns a backend error into the UI's own translated text: a field's problem by its rule and
// limits ("Máximo 200 caracteres"), anything else by (kind, field). The backend's `message`
// is English developer text and only shown when nothing else fits.
import type { AppError } from '$lib/bindings/AppError';
import type { FieldError } from '$lib/bindings/FieldError';
import { formatDate, formatNumber, hasMessage, t, type MessageKey } from '$lib/i18n/index.svelte';

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

/** What is allowed in a field, in words: "Máximo 200 caracteres", "Una fecha entre …". */
export function fieldErrorText(error: FieldError): string {
  if (error.rule === 'invalid') {
    return errorText({
      kind: 'validation',
      field: error.field,
      message: error.message,
      fields: [],
    });
  }
  const params = {
    min: error.min === null ? '' : formatNumber(error.min),
    max: error.max === null ? '' : formatNumber(error.max),
    from: error.from === null ? '' : formatDate(error.from),
    to: error.to === null ? '' : formatDate(error.to),
  };
  const specific = `error.rule.${error.rule}.${error.field}`;
  if (hasMessage(specific)) return t(specific, params);
  const general = `error.rule.${error.rule}`;
  return hasMessage(general) ? t(general, params) : error.message;
}

/**
 * What is wrong with a field: a field error from the backend, a whole-form error, or a message
 * key from a client-side check. Kept untranslated so a language switch re-translates errors
 * already on screen.
 */
export type Problem = AppError | FieldError | MessageKey;

export function problemText(problem: Problem): string {
  if (typeof problem === 'string') return t(problem);
  return 'rule' in problem ? fieldErrorText(problem) : errorText(problem);
}

/**
 * Places every field error under its field among the form's `fields`; what names no field the
 * form has goes on the whole form.
 */
export function placeError(
  error: AppError,
  fields: readonly string[],
): { fields: Partial<Record<string, Problem>>; form: AppError | null } {
  const placed: Partial<Record<string, Problem>> = {};
  let unplaced = false;
  for (const problem of error.fields) {
    if (fields.includes(problem.field)) {
      placed[problem.field] ??= problem;
    } else {
      unplaced = true;
    }
  }
  if (error.fields.length === 0) {
    if (error.field && fields.includes(error.field))
      return { fields: { [error.field]: error }, form: null };
    return { fields: {}, form: error };
  }
  return { fields: placed, form: unplaced ? error : null };
}
