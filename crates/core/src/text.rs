//! Text normalisation shared by sorting, uniqueness keys and search, so that "María",
//! "MARIA" and "maria" are the same word everywhere.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, accent-free form of `s` (ñ folds to n, as the search index does).
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Collapses runs of white space and trims; `None` when nothing is left.
pub fn clean(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// [`clean`] for an optional field.
pub fn clean_opt(s: Option<&str>) -> Option<String> {
    s.and_then(clean)
}

/// Turns what the user typed into an FTS5 query: every word must match as a prefix.
/// Words are cut where the index's tokenizer cuts them (anything not a letter or digit), and
/// each is quoted, so no user text is ever read as FTS5 syntax. `None` when nothing searchable
/// is left.
pub fn search_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{}\"*", fold(w)))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("María Núñez ÁLVAREZ"), "maria nunez alvarez");
        assert_eq!(fold("Ferretería"), "ferreteria");
    }

    #[test]
    fn clean_collapses_spaces_and_drops_empty() {
        assert_eq!(clean("  Ana   López "), Some("Ana López".into()));
        assert_eq!(clean(" \t "), None);
    }

    #[test]
    fn search_query_quotes_every_word_as_a_prefix() {
        assert_eq!(search_query("Mar"), Some("\"mar\"*".into()));
        assert_eq!(
            search_query("josé  lóp"),
            Some("\"jose\"* AND \"lop\"*".into())
        );
    }

    #[test]
    fn search_query_neutralises_fts_syntax() {
        // Quotes, stars, parentheses and operators are separators, not syntax.
        assert_eq!(
            search_query("\"a\" OR (b*) NEAR"),
            Some("\"a\"* AND \"or\"* AND \"b\"* AND \"near\"*".into())
        );
        assert_eq!(search_query(" -*() "), None);
    }

    #[test]
    fn search_query_splits_emails_and_phones_like_the_index() {
        assert_eq!(
            search_query("ana@correo.es"),
            Some("\"ana\"* AND \"correo\"* AND \"es\"*".into())
        );
        assert_eq!(search_query("612-345"), Some("\"612\"* AND \"345\"*".into()));
    }
}
