// The user's settings as last read from or written to the backend, and the language choice,
// which is the only setting the UI changes for now.
import type { Language } from '$lib/bindings/Language';
import type { Settings } from '$lib/bindings/Settings';
import { detectLanguage, i18n } from '$lib/i18n/index.svelte';
import { getSettings, saveSettings } from '$lib/ipc';

let current: Settings = { language: null };

/** Reads the settings and applies the language: the saved choice, else the system's. */
export async function loadSettings(): Promise<void> {
  try {
    current = await getSettings();
  } catch (e) {
    // Unreadable settings must not keep the agenda closed: fall back to the system locale.
    console.error('getSettings failed', e);
  }
  i18n.lang = current.language ?? detectLanguage(globalThis.navigator?.language);
}

/** Switches the UI at once and remembers the choice; other settings are kept as they were. */
export async function chooseLanguage(language: Language): Promise<void> {
  i18n.lang = language;
  current = await saveSettings({ ...current, language });
}
