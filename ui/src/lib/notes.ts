// How a note reads beyond its text, in one place for the card's open questions and the
// history: the feeling of an opinion, whom a comparison is against and on what, when a doubt
// or a need was answered.
import type { Note } from '$lib/bindings/Note';
import type { MessageKey } from '$lib/i18n/es';
import { formatDateTime, i18n, t } from '$lib/i18n/index.svelte';

export function noteDetails(note: Note): string[] {
  const parts: string[] = [];
  if (note.sentiment !== null) parts.push(t(`sentiment.${note.sentiment}` as MessageKey));
  if (note.competitor && note.aspect) {
    parts.push(
      t('note.against', {
        competitor: note.competitor,
        // Mid-sentence: "Frente a Bricomart, en plazo de entrega".
        aspect: t(`aspect.${note.aspect}`).toLocaleLowerCase(i18n.locale),
      }),
    );
  }
  if (note.resolvedAt) parts.push(t('note.answeredOn', { date: formatDateTime(note.resolvedAt) }));
  return parts;
}
