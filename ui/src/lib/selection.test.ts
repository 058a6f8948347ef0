import { describe, expect, it } from 'vitest';
import {
  NOTHING,
  extend,
  inOrder,
  isPicked,
  pickedCount,
  prune,
  toggle,
  wholeSection,
} from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('selection', () => {
  it('toggles one by one and remembers where a run starts', () => {
    let p = toggle(NOTHING, 'b');
    p = toggle(p, 'd');
    expect([...p.ids]).toEqual(['b', 'd']);
    expect(p.anchor).toBe('d');
    p = toggle(p, 'b');
    expect([...p.ids]).toEqual(['d']);
    expect(NOTHING.ids.size, 'never changed in place').toBe(0);
  });

  it('Shift takes the run from the anchor, either way, keeping what was picked', () => {
    let p = toggle(NOTHING, 'a');
    p = toggle(p, 'd');
    p = extend(p, 'b', order);
    expect(inOrder(p, order)).toEqual(['a', 'b', 'c', 'd']);
    expect(p.anchor, 'a run does not move the anchor').toBe('d');
    p = extend(p, 'e', order);
    expect(inOrder(p, order)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('Shift without an anchor, or on a row of another order, picks just that row', () => {
    expect([...extend(NOTHING, 'c', order).ids]).toEqual(['c']);
    const p = toggle(NOTHING, 'x');
    expect([...extend(p, 'c', order).ids].sort()).toEqual(['c', 'x']);
  });

  it('unticking one row of a whole section keeps the other rows shown', () => {
    const p = toggle(wholeSection('overdue'), 'b', order);
    expect(p.section).toBeNull();
    expect(inOrder(p, order)).toEqual(['a', 'c', 'd', 'e']);
  });

  it('drops picked rows that are no longer shown', () => {
    const p = toggle(toggle(NOTHING, 'a'), 'c');
    expect([...prune(p, ['c', 'd']).ids]).toEqual(['c']);
    expect(prune(p, order), 'nothing gone: the same value').toBe(p);
  });

  it('a whole section counts its total and covers rows not loaded yet', () => {
    const p = wholeSection('overdue');
    expect(isPicked(p, 'never-loaded', 'overdue')).toBe(true);
    expect(isPicked(p, 'a', 'today')).toBe(false);
    expect(pickedCount(p, (s) => (s === 'overdue' ? 250 : 0))).toBe(250);
    expect(
      pickedCount(toggle(p, 'a', order), () => 250),
      'unticking one counts the rows shown, not the whole section',
    ).toBe(4);
  });
});
