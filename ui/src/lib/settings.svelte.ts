// The user's settings as last read from or written to the backend (a rune, so screens that
// show a setting, such as the agenda's "not contacted in N days", follow it), and the language
// choice, which applies at once.
import type { Language } from '$lib/bindings/Language';
import type { Settings } from '$lib/bindings/Settings';
import { DEFAULT_SETTINGS } from '$lib/bindings/values';
import { i18n } from '$lib/i18n/index.svelte';
import { getSettings, saveSettings } from '$lib/ipc';

/** The core's defaults (generated), used only until the backend answers (or if it cannot). */
export { DEFAULT_SETTINGS };

const state = $state<{ current: Settings }>({ current: DEFAULT_SETTINGS });

/** The settings as last known (read-only: change them with `storeSettings`). */
export const settings = {
  get current(): Settings {
    return state.current;
  },
};

/** Keeps only the known fields, filling any the backend left out with the defaults. */
function complete(s: Partial<Settings> | null | undefined): Settings {
  return {
    language: s?.language ?? null,
    planning: { ...DEFAULT_SETTINGS.planning, ...(s?.planning ?? {}) },
    autostart: s?.autostart ?? false,
    purchases: { ...DEFAULT_SETTINGS.purchases, ...(s?.purchases ?? {}) },
  };
}

/**
 * The language the shell speaks to this user (the saved choice, else the system locale's, as
 * the backend reads it), so the window, the tray and the notifications never disagree. Set
 * from the start-up status before the app mounts.
 */
let shellLanguage: Language = 'es';

export function useShellLanguage(language: Language): void {
  shellLanguage = language;
}

/** Reads the settings and applies the language: the saved choice, else the shell's. */
export async function loadSettings(): Promise<void> {
  try {
    state.current = complete(await getSettings());
  } catch (e) {
    // Unreadable settings must not keep the agenda closed: fall back to the system locale.
    console.error('getSettings failed', e);
  }
  i18n.lang = state.current.language ?? shellLanguage;
}

/** Saves all the settings; the backend's answer (what it stored) becomes the current ones. */
export async function storeSettings(next: Settings): Promise<Settings> {
  const saved = complete(await saveSettings(next));
  state.current = saved;
  if (saved.language) i18n.lang = saved.language;
  return saved;
}

/** Switches the UI at once and remembers the choice; other settings are kept as they were. */
export async function chooseLanguage(language: Language): Promise<void> {
  i18n.lang = language;
  state.current = complete(await saveSettings({ ...$state.snapshot(state.current), language }));
}
