//! Text normalisation shared by sorting, uniqueness keys and search, so that "María",
//! "MARIA" and "maria" are the same word everywhere.
//!
//! Search is defined here, in one place: a record's words and a search's terms are both cut
//! and folded by [`words`], and a term matches a record when one of its words starts with it.
//! The full-text index and the row-by-row check of a dense search only store and compare the
//! words made here, so both plans find exactly the same clients.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, accent-free form of `s` (ñ folds to n, "İ" to i).
pub fn fold(s: &str) -> String {
    // Lower-case first: a few lower-case forms bring a combining mark of their own.
    s.chars()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
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

/// The searchable words of `s`: folded, cut at anything that is not a letter or a digit.
/// "Pérez-Núñez, S.L." gives `perez`, `nunez`, `s`, `l`.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// At most this many search terms are used; more words than that only narrow a search that
/// is already narrow.
const MAX_TERMS: usize = 8;

/// Only the first this many characters of a search are read: the terms below compare every
/// word with every other, so a pasted page must not reach them whole.
pub const MAX_SEARCH_CHARS: usize = 200;

/// What the user typed in a search box, as terms that must each be the beginning of one of a
/// record's words. Empty when nothing searchable was typed.
pub fn search_terms(typed: &str) -> Vec<String> {
    let typed: String = typed.chars().take(MAX_SEARCH_CHARS).collect();
    let mut terms: Vec<String> = Vec::new();
    for w in words(&typed) {
        if !terms.contains(&w) {
            terms.push(w);
        }
    }
    // A term that is the beginning of another term adds nothing ("ma mar" = "mar").
    let all = terms.clone();
    terms.retain(|t| !all.iter().any(|o| o != t && o.starts_with(t.as_str())));
    terms.truncate(MAX_TERMS);
    terms
}

/// The FTS5 query for `terms`: every term as a quoted prefix, all required. Terms only hold
/// letters and digits, so nothing the user typed is ever read as FTS5 syntax.
pub fn fts_query(terms: &[String]) -> Option<String> {
    (!terms.is_empty()).then(|| {
        terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" AND ")
    })
}

/// The longest prefix the full-text index keeps a prefix index for (`prefix = '1 2 3'` in
/// `migrations/0006_filters_indexed_and_counts_kept.sql`, as in 0001 before it). A longer
/// prefix query makes FTS5 merge the lists of every word it begins, several times slower.
pub const INDEXED_PREFIX: usize = 3;

/// An FTS5 query that finds a superset of the clients matching `terms` quickly: each term cut
/// to its first [`INDEXED_PREFIX`] letters, so only prefix indexes are read. The caller then
/// checks the whole terms on those candidates' words.
pub fn fts_candidates_query(terms: &[String]) -> Option<String> {
    let cut: Vec<String> = terms
        .iter()
        .map(|t| t.chars().take(INDEXED_PREFIX).collect::<String>())
        .collect();
    let mut kept: Vec<String> = Vec::new();
    for t in &cut {
        if !kept.contains(t) && !cut.iter().any(|o| o != t && o.starts_with(t.as_str())) {
            kept.push(t.clone());
        }
    }
    fts_query(&kept)
}

/// Turns what the user typed into an FTS5 query ([`search_terms`] then [`fts_query`]).
pub fn search_query(typed: &str) -> Option<String> {
    fts_query(&search_terms(typed))
}

/// The words of one record for `clients.search_words`, collected field by field.
#[derive(Debug, Default)]
pub struct SearchWords(Vec<String>);

impl SearchWords {
    /// Adds the words of a text field.
    pub fn text(&mut self, s: Option<&str>) -> &mut Self {
        self.0.extend(s.into_iter().flat_map(words));
        self
    }

    /// Adds a phone number: its groups as written ("612", "345"), all its digits together, and,
    /// when it starts with a `+` country code written apart ("+34 612 345 678"), the digits of
    /// the national number, so "612345" finds it as well as "34612".
    pub fn phone(&mut self, s: Option<&str>) -> &mut Self {
        let Some(s) = s else { return self };
        self.text(Some(s));
        let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
        self.0.push(digits(s));
        if let Some(rest) = s.trim_start().strip_prefix('+') {
            if let Some((_, national)) = rest.split_once(|c: char| !c.is_ascii_digit()) {
                self.0.push(digits(national));
            }
        }
        self
    }

    /// The stored form: each distinct word after one space (" ana lopez"), sorted, without
    /// the words that begin another word (a search for "ma" finds "maria" anyway).
    pub fn finish(mut self) -> String {
        self.0.retain(|w| !w.is_empty());
        self.0.sort_unstable();
        self.0.dedup();
        let mut out = String::new();
        for (i, w) in self.0.iter().enumerate() {
            // Sorted, so a word that begins another word is followed by one that starts with it.
            if self
                .0
                .get(i + 1)
                .is_some_and(|next| next.starts_with(w.as_str()))
            {
                continue;
            }
            out.push(' ');
            out.push_str(w);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("María Núñez ÁLVAREZ"), "maria nunez alvarez");
        assert_eq!(fold("Ferretería"), "ferreteria");
        assert_eq!(
            fold("İSTANBUL"),
            "istanbul",
            "a dotted capital I must fold to a plain i"
        );
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
        assert_eq!(
            search_query("612-345"),
            Some("\"612\"* AND \"345\"*".into())
        );
    }

    #[test]
    fn candidate_queries_only_read_prefix_indexes() {
        let pasted = "palabra ".repeat(200_000) + "final";
        let started = std::time::Instant::now();
        assert_eq!(
            search_terms(&pasted),
            ["palabra"],
            "only the first characters count"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_millis(200),
            "a pasted page must not cost seconds on every keystroke"
        );
        let terms = search_terms("Laura Domínguez ma");
        assert_eq!(
            fts_candidates_query(&terms),
            Some("\"lau\"* AND \"dom\"* AND \"ma\"*".into())
        );
        let terms = search_terms("martin marta");
        assert_eq!(fts_candidates_query(&terms), Some("\"mar\"*".into()));
        assert_eq!(fts_candidates_query(&[]), None);
    }

    #[test]
    fn search_terms_drop_repeats_and_terms_that_begin_another() {
        assert_eq!(search_terms("Mar mar MARÍA ma"), vec!["maria".to_string()]);
        assert_eq!(search_terms("ana ana lopez"), vec!["ana", "lopez"]);
        let many = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10";
        assert_eq!(search_terms(many).len(), MAX_TERMS);
    }

    #[test]
    fn search_words_are_folded_sorted_and_without_redundant_prefixes() {
        let mut w = SearchWords::default();
        w.text(Some("María Martínez"))
            .text(Some("mar@correo.es"))
            .text(None);
        assert_eq!(w.finish(), " correo es maria martinez");
        assert_eq!(SearchWords::default().finish(), "");
    }

    #[test]
    fn phones_are_searchable_as_written_and_as_bare_digits() {
        let mut w = SearchWords::default();
        w.phone(Some("+34 612 345 678"));
        let words = w.finish();
        for term in ["34", "612", "345", "678", "34612345678", "612345678"] {
            assert!(
                words.contains(&format!(" {term}")),
                "{term} must begin a word of {words:?}, or typing it would not find the phone"
            );
        }
        let mut w = SearchWords::default();
        w.phone(Some("(91) 555-12-34"));
        assert!(w.finish().contains(" 915551234"));
    }
}
