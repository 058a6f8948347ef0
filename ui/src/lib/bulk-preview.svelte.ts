// A bulk action said before it is done: the core's preview of exactly what is chosen, asked
// again whenever the choice changes (only the latest answer counts), then the action done as
// one batch. The bulk dialog and the day plan's surplus dialog share it.
import type { BatchDone } from '$lib/bindings/BatchDone';
import type { BulkAction } from '$lib/bindings/BulkAction';
import type { BulkPreview } from '$lib/bindings/BulkPreview';
import type { Selection } from '$lib/bindings/Selection';
import { errorText } from '$lib/errors';
import { applyBulk, previewBulk, toAppError } from '$lib/ipc';

export class PreviewedBulk {
  /** The summary of the current choice; `null` while it is being asked. */
  preview = $state.raw<BulkPreview | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  #asked = 0;

  /** Whether there is something to confirm. */
  get ready(): boolean {
    return !this.busy && this.preview !== null && this.preview.acting > 0;
  }

  async ask(selection: Selection, action: BulkAction): Promise<void> {
    const mine = ++this.#asked;
    // Until the new summary comes, nothing to confirm: the old one said something else.
    this.preview = null;
    try {
      const preview = await previewBulk(selection, action);
      if (mine !== this.#asked) return;
      this.preview = preview;
      this.error = null;
    } catch (e) {
      if (mine !== this.#asked) return;
      this.error = errorText(toAppError(e));
    }
  }

  /** Does the action; the batch done, or `null` when nothing was done (the error is kept). */
  async apply(selection: Selection, action: BulkAction): Promise<BatchDone | null> {
    if (!this.ready) return null;
    this.busy = true;
    try {
      return await applyBulk(selection, action);
    } catch (e) {
      this.error = errorText(toAppError(e));
      return null;
    } finally {
      this.busy = false;
    }
  }
}
