import { describe, expect, it } from 'vitest';
import { TRIAGE_KEYS, commandFor } from './triage-keys';

function press(key: string, over: Partial<KeyboardEventInit> = {}, target?: HTMLElement) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...over });
  (target ?? document.body).dispatchEvent(event);
  return commandFor(event);
}

describe('triage keys', () => {
  it('maps every listed key, letters in either case', () => {
    for (const { command, keys } of TRIAGE_KEYS) {
      for (const key of keys) expect(press(key), key).toBe(command);
    }
    expect(press('J')).toBe('next');
    expect(press('D')).toBe('done');
    expect(press('q')).toBeNull();
  });

  it('leaves keys alone with a modifier, in a field, or inside a menu or dialog', () => {
    expect(press('d', { ctrlKey: true })).toBeNull();
    expect(press('j', { altKey: true })).toBeNull();
    for (const tag of ['input', 'textarea', 'select']) {
      const field = document.createElement(tag);
      document.body.append(field);
      expect(press('d', {}, field), tag).toBeNull();
      field.remove();
    }
    const pick = document.createElement('input');
    pick.type = 'checkbox';
    document.body.append(pick);
    expect(press('j', {}, pick), "a row's checkbox is no text field").toBe('next');
    pick.remove();
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const button = document.createElement('button');
    dialog.append(button);
    document.body.append(dialog);
    expect(press('x', {}, button)).toBeNull();
    dialog.remove();
  });
});
