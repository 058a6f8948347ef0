import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleWindow } from './virtual';

describe('visibleWindow', () => {
  it('renders a screenful plus overscan however long the list is', () => {
    const w = visibleWindow(56 * 50_000, 560, 56, 100_000, 5);
    expect(w, 'a window in the middle of 100k rows must stay screen-sized').toEqual({
      start: 49_995,
      end: 50_015,
    });
  });

  it('clamps at both ends', () => {
    expect(visibleWindow(0, 560, 56, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(56 * 99_995, 560, 56, 100_000, 5)).toEqual({
      start: 99_990,
      end: 100_000,
    });
    expect(visibleWindow(0, 560, 56, 3, 5)).toEqual({ start: 0, end: 3 });
  });

  it('renders nothing for an empty list', () => {
    expect(visibleWindow(0, 560, 56, 0, 5)).toEqual({ start: 0, end: 0 });
  });

  it('keeps the last rows when the list shrank under the scroll position', () => {
    // After a refresh with fewer rows the old scrollTop can point past the end.
    expect(visibleWindow(56 * 1000, 560, 56, 10, 5)).toEqual({ start: 9, end: 10 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls only as far as needed to show a row', () => {
    expect(scrollToReveal(3, 0, 560, 56)).toBe(0);
    expect(scrollToReveal(10, 0, 560, 56)).toBe(56 * 11 - 560);
    expect(scrollToReveal(2, 560, 560, 56)).toBe(112);
  });
});
