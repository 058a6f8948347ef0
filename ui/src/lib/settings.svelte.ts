// The user's settings as last read from or written to the backend (a rune, so screens that
// show a setting, such as the agenda's "not contacted in N days", follow it), and the language
// choice, which applies at once.
import type { Language } from '$lib/bindings/Language';
import type { Settings } from '$lib/bindings/Settings';
import { detectLanguage, i18n } from '$lib/i18n/index.svelte';
import { getSettings, saveSettings } from '$lib/ipc';

/** The product's defaults, used only until the backend answers (or if it cannot). */
export const DEFAULT_SETTINGS: Settings = {
  language: null,
  planning: {
    yellowEveryDays: 7,
    greenWaitDays: 10,
    dayStart: '09:00:00',
    digestTime: '08:30:00',
    quietDays: 30,
  },
  autostart: false,
};

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
  };
}

/** Reads the settings and applies the language: the saved choice, else the system's. */
export async function loadSettings(): Promise<void> {
  try {
    state.current = complete(await getSettings());
  } catch (e) {
    // Unreadable settings must not keep the agenda closed: fall back to the system locale.
    console.error('getSettings failed', e);
  }
  i18n.lang = state.current.language ?? detectLanguage(globalThis.navigator?.language);
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
