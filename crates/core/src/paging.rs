//! Keyset pages: a page's rows are read with `LIMIT limit + 1`, and the extra row only tells
//! that a next page exists, which starts after the last row kept.

/// Cuts `rows` (read with `LIMIT limit + 1`) to the page and returns the cursor of its last
/// row when more rows follow.
pub(crate) fn cut<T, C>(rows: &mut Vec<T>, limit: u32, cursor: impl FnOnce(&T) -> C) -> Option<C> {
    if rows.len() <= limit as usize {
        return None;
    }
    rows.truncate(limit as usize);
    rows.last().map(cursor)
}
