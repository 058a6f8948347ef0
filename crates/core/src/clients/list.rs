//! Listing clients: keyset pages in name or last-change order, filtered by segment, tag,
//! colour, status and search, each page read by the plan its filter needs; counts; the trash.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

use super::{
    ClientCount, ClientCursor, ClientFilter, ClientPage, ClientPageRequest, ClientSort,
    ClientSummary, COUNT_CAP, MAX_PAGE,
};
use crate::text;
use crate::Result;

pub(super) const SUMMARY_COLUMNS: &str = "c.id, c.kind, c.name, c.city, c.phone, c.email, c.status,
     c.colour, c.updated_at, c.deleted_at, c.sort_name, s.name AS segment_name";

pub(super) fn summary_from_row(r: &Row) -> rusqlite::Result<ClientSummary> {
    Ok(ClientSummary {
        id: r.get("id")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
        city: r.get("city")?,
        phone: r.get("phone")?,
        email: r.get("email")?,
        segment: r.get("segment_name")?,
        status: r.get("status")?,
        colour: r.get("colour")?,
        updated_at: r.get("updated_at")?,
        deleted_at: r.get("deleted_at")?,
    })
}

/// Thresholds that choose how [`page`] finds a search's or a tag's clients, measured at
/// 100,000 clients (see BENCHMARKS.md). Tests shrink them to run every plan on small data.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plans {
    /// A search or tag with fewer candidates than this is read whole and sorted (about 1 µs
    /// a candidate), whatever the order of its matches in the list.
    pub(crate) small_set: u32,
    /// A denser search walks at most this many clients in list order (about 0.3 µs each on
    /// the indexes that carry the words, 1.5 µs on the others), checking each one's words;
    /// matches spread over the list fill a page long before.
    pub(crate) walk: u32,
    /// When the walk did not fill the page (the matches are bunched further down the list),
    /// a search with fewer candidates than this reads them all; a larger one walks on over
    /// the index's entries, checking membership in the candidates (about 0.1 µs an entry).
    pub(crate) after_walk: u32,
}

/// The thresholds the app uses.
pub(crate) const PLANS: Plans = Plans {
    small_set: 3_500,
    walk: 6_000,
    after_walk: 6_000,
};

/// How one page is read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// Walk the list order (an index) and check every filter row by row.
    Walk,
    /// Few search candidates (their rowids, from the probe): read them, check the whole
    /// terms and the other filters, sort, keep a page.
    DriveSearch(Vec<i64>),
    /// A tag with few clients: the same, from the tag's links.
    DriveTag,
    /// A dense search: walk the list order checking each client's words (a page fills after
    /// a few hundred clients); if the matches are bunched further down the list, go on from
    /// the candidates (see [`Plans::after_walk`]).
    DenseSearch,
}

/// SQL conditions joined with AND and the values they bind, numbered as they are pushed.
#[derive(Debug, Default)]
struct Conditions {
    sql: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Binds a value and returns its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("?{}", self.values.len())
    }

    fn push(&mut self, sql: String) {
        self.sql.push(sql);
    }

    fn joined(&self) -> String {
        if self.sql.is_empty() {
            "1".into()
        } else {
            self.sql.join(" AND ")
        }
    }
}

impl ClientSort {
    /// The column the list is ordered by (the id breaks ties).
    fn key_column(self) -> &'static str {
        match self {
            ClientSort::Name => "c.sort_name",
            ClientSort::Updated => "c.updated_at",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            ClientSort::Name => "c.sort_name, c.id",
            ClientSort::Updated => "c.updated_at DESC, c.id DESC",
        }
    }

    /// How a row after the cursor compares with it.
    fn after_op(self) -> &'static str {
        match self {
            ClientSort::Name => ">",
            ClientSort::Updated => "<",
        }
    }
}

/// A filter and an order, ready to be turned into SQL for any plan.
pub(super) struct ListQuery<'a> {
    filter: &'a ClientFilter,
    sort: ClientSort,
    /// The search's terms (see `text::search_terms`); empty without a search.
    terms: Vec<String>,
    /// The FTS5 query for a superset of the matches, read from prefix indexes only.
    candidates: Option<String>,
}

impl<'a> ListQuery<'a> {
    pub(super) fn new(filter: &'a ClientFilter, sort: ClientSort) -> Self {
        let terms = filter
            .search
            .as_deref()
            .map(text::search_terms)
            .unwrap_or_default();
        let candidates = text::fts_candidates_query(&terms);
        Self {
            filter,
            sort,
            terms,
            candidates,
        }
    }

    /// Whether nothing but a search (if any) narrows the list: no segment, tag, colour or
    /// status.
    fn no_filter_but_search(&self) -> bool {
        let f = self.filter;
        f.segment_id.is_none() && f.tag_id.is_none() && f.colour.is_none() && f.status.is_none()
    }

    /// Whether a tag is the only filter.
    fn only_tag(&self) -> bool {
        let f = self.filter;
        f.tag_id.is_some()
            && self.terms.is_empty()
            && f.segment_id.is_none()
            && f.colour.is_none()
            && f.status.is_none()
    }

    /// How many of segment, tag, colour and status narrow the list.
    fn filter_count(&self) -> usize {
        let f = self.filter;
        usize::from(f.segment_id.is_some())
            + usize::from(f.tag_id.is_some())
            + usize::from(f.colour.is_some())
            + usize::from(f.status.is_some())
    }

    /// The full-text query for exactly the matching clients: every whole search term as a
    /// prefix, and the reserved word of every filter value ([`index_word`]). FTS5 intersects
    /// them inside the index, which holds live clients only. `None` when nothing narrows.
    fn index_query(&self) -> Option<String> {
        let f = self.filter;
        let mut parts: Vec<String> = text::fts_query(&self.terms).into_iter().collect();
        let words = [
            f.segment_id.as_deref().map(|id| index_word("sg", id)),
            f.tag_id.as_deref().map(|id| index_word("tg", id)),
            f.colour.map(|c| index_word("co", c.as_str())),
            f.status.map(|s| index_word("st", s.as_str())),
        ];
        parts.extend(words.into_iter().flatten().map(|w| format!("\"{w}\"")));
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// Live, and the filters that are plain columns.
    fn columns(&self, w: &mut Conditions) {
        w.push("c.deleted_at IS NULL".into());
        if let Some(segment) = &self.filter.segment_id {
            let p = w.bind(segment.clone());
            w.push(format!("c.segment_id = {p}"));
        }
        if let Some(colour) = self.filter.colour {
            let p = w.bind(colour.as_str().to_string());
            w.push(format!("c.colour = {p}"));
        }
        if let Some(status) = self.filter.status {
            let p = w.bind(status.as_str().to_string());
            w.push(format!("c.status = {p}"));
        }
    }

    /// The tag, checked on one client.
    fn tag_check(&self, w: &mut Conditions) {
        if let Some(tag) = &self.filter.tag_id {
            let p = w.bind(tag.clone());
            w.push(format!(
                "EXISTS (SELECT 1 FROM client_tags t WHERE t.client_id = c.id AND t.tag_id = {p})"
            ));
        }
    }

    /// The search, checked on one client's words: each term begins one of them. The words
    /// are stored one after a space each, so " term" is found exactly at a word's start.
    /// This is what a match is; the full-text index only finds candidates faster.
    fn words_check(&self, w: &mut Conditions) {
        self.terms_check(w, 0);
    }

    /// [`Self::words_check`] for a candidate of the index: the terms it found through their
    /// whole prefix index are already checked, only longer terms are left (instr() costs
    /// about 0.4 µs a term and a client).
    fn candidate_words_check(&self, w: &mut Conditions) {
        self.terms_check(w, text::INDEXED_PREFIX);
    }

    fn terms_check(&self, w: &mut Conditions, checked_by_index: usize) {
        for term in &self.terms {
            if term.chars().count() > checked_by_index {
                let p = w.bind(format!(" {term}"));
                w.push(format!("instr(c.search_words, {p}) > 0"));
            }
        }
    }

    /// Membership in the index's candidates. The `+` keeps SQLite from driving the query
    /// from the set: the list order's index drives it and the check reads only its entries.
    fn candidate_check(&self, w: &mut Conditions) {
        if let Some(fts) = &self.candidates {
            let p = w.bind(fts.clone());
            w.push(format!(
                "+c.seq IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH {p})"
            ));
        }
    }

    fn after(&self, w: &mut Conditions, after: Option<&ClientCursor>) {
        if let Some(after) = after {
            let k = w.bind(after.key.clone());
            let i = w.bind(after.id.clone());
            w.push(format!(
                "({}, c.id) {} ({k}, {i})",
                self.sort.key_column(),
                self.sort.after_op()
            ));
        }
    }

    /// `SELECT c.seq … FROM {from} WHERE {w} ORDER BY the sort LIMIT {limit}`, with any
    /// `extra` columns. Plans find the page's clients by their seq only: the summary columns
    /// (and the segment's name) are read for the page's rows alone, by [`Self::summaries`].
    fn select(&self, from: &str, w: &Conditions, extra: &str, limit: usize) -> String {
        format!(
            "SELECT c.seq{extra} FROM {from} WHERE {} ORDER BY {} LIMIT {limit}",
            w.joined(),
            self.sort.order_by(),
        )
    }

    /// The page's rows for `seqs`, kept in the given order.
    fn summaries(&self, conn: &Connection, seqs: &[i64]) -> Result<Rows> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, {} AS cursor_key
             FROM json_each(?1) m CROSS JOIN clients c ON c.seq = m.value
             LEFT JOIN segments s ON s.id = c.segment_id
             ORDER BY m.key",
            self.sort.key_column()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([json_array(seqs)], |r| {
            Ok((summary_from_row(r)?, r.get::<_, String>("cursor_key")?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The search's candidates (rowids), at most `cap` of them; `None` without a search.
    fn probe_candidates(&self, conn: &Connection, cap: u32) -> Result<Option<Vec<i64>>> {
        let Some(fts) = &self.candidates else {
            return Ok(None);
        };
        let mut stmt = conn
            .prepare_cached("SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?1 LIMIT ?2")?;
        let rowids = stmt
            .query_map(params![fts, i64::from(cap)], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(Some(rowids))
    }

    /// The tag's links, counted up to `cap` (links of trashed clients count too: an upper
    /// bound is all a plan needs); `None` without a tag.
    fn probe_tag(&self, conn: &Connection, cap: u32) -> Result<Option<usize>> {
        let Some(tag) = &self.filter.tag_id else {
            return Ok(None);
        };
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM client_tags WHERE tag_id = ?1 LIMIT ?2)",
            )?
            .query_row(params![tag, i64::from(cap)], |r| r.get(0))?;
        Ok(Some(usize::try_from(n).unwrap_or(usize::MAX)))
    }

    fn plan(&self, conn: &Connection, plans: &Plans) -> Result<Plan> {
        let small = plans.small_set as usize;
        let search = self.probe_candidates(conn, plans.small_set)?;
        let tag = self
            .probe_tag(conn, plans.small_set)?
            .filter(|&n| n < small);
        Ok(match (search, tag) {
            (Some(rowids), tag)
                if rowids.len() < small && tag.is_none_or(|n| rowids.len() <= n) =>
            {
                Plan::DriveSearch(rowids)
            }
            (_, Some(_)) => Plan::DriveTag,
            (Some(_), None) => Plan::DenseSearch,
            (None, None) => Plan::Walk,
        })
    }

    /// The seqs of the page's clients (and the extra row), in list order.
    fn find(
        &self,
        conn: &Connection,
        plan: Plan,
        after: Option<&ClientCursor>,
        want: usize,
        plans: &Plans,
    ) -> Result<Vec<i64>> {
        match plan {
            Plan::Walk => {
                let (sql, values) = self.walk_sql(after, want);
                seqs(conn, &sql, values)
            }
            Plan::DriveSearch(rowids) => self.drive_search(conn, &rowids, after, want),
            Plan::DriveTag => self.drive_tag(conn, after, want),
            Plan::DenseSearch => self.dense_search(conn, after, want, plans),
        }
    }

    /// Walk the list order, every filter checked row by row.
    pub(super) fn walk_sql(
        &self,
        after: Option<&ClientCursor>,
        want: usize,
    ) -> (String, Vec<Value>) {
        let mut w = Conditions::default();
        self.columns(&mut w);
        self.tag_check(&mut w);
        self.words_check(&mut w);
        self.after(&mut w, after);
        (self.select("clients c", &w, "", want), w.values)
    }

    /// Read the search's few candidates and sort them. CROSS JOIN keeps SQLite from
    /// reordering: the candidates are the outer loop.
    fn drive_search(
        &self,
        conn: &Connection,
        rowids: &[i64],
        after: Option<&ClientCursor>,
        want: usize,
    ) -> Result<Vec<i64>> {
        let mut w = Conditions::default();
        let ids = w.bind(json_array(rowids));
        self.columns(&mut w);
        self.candidate_words_check(&mut w);
        self.tag_check(&mut w);
        self.after(&mut w, after);
        let from = format!("json_each({ids}) m CROSS JOIN clients c ON c.seq = m.value");
        seqs(conn, &self.select(&from, &w, "", want), w.values)
    }

    /// Read the tag's few clients and sort them.
    fn drive_tag(
        &self,
        conn: &Connection,
        after: Option<&ClientCursor>,
        want: usize,
    ) -> Result<Vec<i64>> {
        let mut w = Conditions::default();
        let p = w.bind(self.filter.tag_id.clone().unwrap_or_default());
        w.push(format!("m.tag_id = {p}"));
        self.columns(&mut w);
        self.words_check(&mut w);
        self.after(&mut w, after);
        let from = "client_tags m CROSS JOIN clients c ON c.id = m.client_id";
        seqs(conn, &self.select(from, &w, "", want), w.values)
    }

    /// A dense search: a walk of at most `plans.walk` clients checking words; if the page is
    /// not full, the rest from the candidates, read whole when they are few, else by walking
    /// on over the index's entries checking membership first and words on members only.
    fn dense_search(
        &self,
        conn: &Connection,
        after: Option<&ClientCursor>,
        want: usize,
        plans: &Plans,
    ) -> Result<Vec<i64>> {
        let (sql, values) = self.dense_walk_sql(after, plans.walk);
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut found = Vec::new();
        let mut walked = 0;
        let mut last: Option<ClientCursor> = None;
        while let Some(row) = rows.next()? {
            walked += 1;
            if row.get::<_, bool>("hit")? {
                found.push(row.get::<_, i64>("seq")?);
                if found.len() == want {
                    return Ok(found);
                }
            }
            if walked == plans.walk as usize {
                last = Some(ClientCursor {
                    key: row.get("cursor_key")?,
                    id: row.get("id")?,
                });
            }
        }
        if walked < plans.walk as usize {
            // The walk reached the end of the list: every match is in `found`.
            return Ok(found);
        }
        let after = last.as_ref().or(after);
        let want = want - found.len();
        let rest = match self.probe_candidates(conn, plans.after_walk)? {
            Some(rowids) if rowids.len() < plans.after_walk as usize => {
                self.drive_search(conn, &rowids, after, want)?
            }
            _ => {
                let (sql, values) = self.candidates_walk_sql(after, want);
                seqs(conn, &sql, values)?
            }
        };
        found.extend(rest);
        Ok(found)
    }

    /// The bounded walk: every client in list order, with `hit` telling whether it matches
    /// and the cursor of where the walk stopped. Only the words are read from each row.
    pub(super) fn dense_walk_sql(
        &self,
        after: Option<&ClientCursor>,
        walk: u32,
    ) -> (String, Vec<Value>) {
        let mut w = Conditions::default();
        self.columns(&mut w);
        self.after(&mut w, after);
        let walked_by = w.sql.len();
        self.tag_check(&mut w);
        self.words_check(&mut w);
        let checks = Conditions {
            sql: w.sql.split_off(walked_by),
            values: Vec::new(),
        };
        let extra = format!(
            ", {} AS cursor_key, c.id AS id, ({}) AS hit",
            self.sort.key_column(),
            checks.joined()
        );
        (
            self.select("clients c", &w, &extra, walk as usize),
            w.values,
        )
    }

    /// The rest of a dense search's walk: membership in the candidates is checked on the
    /// index's entries, and only members' rows are read to check the whole terms.
    pub(super) fn candidates_walk_sql(
        &self,
        after: Option<&ClientCursor>,
        want: usize,
    ) -> (String, Vec<Value>) {
        let mut w = Conditions::default();
        self.columns(&mut w);
        self.candidate_check(&mut w);
        self.candidate_words_check(&mut w);
        self.tag_check(&mut w);
        self.after(&mut w, after);
        (self.select("clients c", &w, "", want), w.values)
    }
}

/// The search index's reserved word for one filter value (see `client_index_words` in
/// `migrations/0006_filters_indexed_and_counts_kept.sql`): `~`, the filter (`sg` segment,
/// `tg` tag, `co` colour, `st` status), then the value's bytes in hex, so any id is one token.
/// A search term holds letters and digits only, so it never matches one of these words.
pub(super) fn index_word(filter: &str, value: &str) -> String {
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    format!("~{filter}{hex}")
}

/// `[1,2,3]`: rowids for `json_each`, which hands them to SQL as one bound value.
fn json_array(rowids: &[i64]) -> String {
    let items: Vec<String> = rowids.iter().map(i64::to_string).collect();
    format!("[{}]", items.join(","))
}

/// The seqs a plan's query finds, in its order.
fn seqs(conn: &Connection, sql: &str, values: Vec<Value>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let seqs = stmt
        .query_map(params_from_iter(values), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(seqs)
}

/// Rows of a page with their cursor keys.
pub(super) type Rows = Vec<(ClientSummary, String)>;

/// One page of live clients: filtered, ordered by `sort` with the id as tie-breaker, starting
/// after the cursor. Keyset pagination: a deep page costs what the first page costs.
///
/// A search or a tag picks its plan from a cheap probe of how many clients it matches: a
/// small set is read whole and sorted; a large one is found by walking the list order, where
/// matches are frequent enough to fill a page quickly. Every plan returns the same rows.
#[tracing::instrument(skip_all, err)]
pub fn page(conn: &Connection, request: &ClientPageRequest) -> Result<ClientPage> {
    page_with(conn, request, &PLANS)
}

/// [`page`] with chosen thresholds (the tests run every plan with them).
pub(crate) fn page_with(
    conn: &Connection,
    request: &ClientPageRequest,
    plans: &Plans,
) -> Result<ClientPage> {
    let limit = request.limit.clamp(1, MAX_PAGE);
    let want = limit as usize + 1;
    let query = ListQuery::new(&request.filter, request.sort);
    let after = request.after.as_ref();
    let plan = query.plan(conn, plans)?;
    let seqs = query.find(conn, plan, after, want, plans)?;
    Ok(page_of(query.summaries(conn, &seqs)?, limit))
}

/// Cuts rows fetched with `LIMIT limit + 1` into a page: the extra row only tells that a next
/// page exists, and the next page starts after the last row kept.
pub(super) fn page_of(mut rows: Rows, limit: u32) -> ClientPage {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|(item, key)| ClientCursor {
            key: key.clone(),
            id: item.id.clone(),
        });
    ClientPage {
        items: rows.into_iter().map(|(item, _)| item).collect(),
        next,
    }
}

/// How many live clients match the filter, exactly. A search matching most clients costs
/// about 40 ns a match in the full-text index (4 ms for all 100,000): the list's header uses
/// [`count_bounded`], which stops at [`COUNT_CAP`].
#[tracing::instrument(skip_all, err)]
pub fn count(conn: &Connection, filter: &ClientFilter) -> Result<u64> {
    count_with(conn, filter, &PLANS)
}

/// [`count`] with chosen thresholds.
pub(crate) fn count_with(conn: &Connection, filter: &ClientFilter, plans: &Plans) -> Result<u64> {
    Ok(count_up_to(conn, filter, plans, None)?.total)
}

/// The count the list's header shows: exact wherever an index answers it at once (no filter,
/// one filter alone, a search with few candidates); a count that intersects in the full-text
/// index (a search with many candidates, several filters together) stops past [`COUNT_CAP`]
/// and says so (`more_than`), so no count costs more than about a millisecond at 100,000
/// clients. An exact count of every match is not to be had in 5 ms there: the index alone
/// reads about 40 ns a match.
#[tracing::instrument(skip_all, err)]
pub fn count_bounded(conn: &Connection, filter: &ClientFilter) -> Result<ClientCount> {
    count_bounded_with(conn, filter, &PLANS, COUNT_CAP)
}

/// [`count_bounded`] with chosen thresholds and cap.
pub(crate) fn count_bounded_with(
    conn: &Connection,
    filter: &ClientFilter,
    plans: &Plans,
    cap: u64,
) -> Result<ClientCount> {
    count_up_to(conn, filter, plans, Some(cap))
}

/// The count, the full-text index's part stopped past `cap` when there is one.
fn count_up_to(
    conn: &Connection,
    filter: &ClientFilter,
    plans: &Plans,
    cap: Option<u64>,
) -> Result<ClientCount> {
    let query = ListQuery::new(filter, ClientSort::Name);
    let mut w = Conditions::default();
    let mut capped = false;
    let sql = match query.probe_candidates(conn, plans.small_set)? {
        // The table's size is kept by its b-tree pages; the trash is small and indexed.
        None if query.no_filter_but_search() => "SELECT (SELECT count(*) FROM clients)
                 - (SELECT count(*) FROM clients WHERE deleted_at IS NOT NULL)"
            .to_string(),
        // A tag alone: its links, less those of trashed clients, both read from indexes.
        None if query.only_tag() => {
            let tag = w.bind(filter.tag_id.clone().unwrap_or_default());
            format!(
                "SELECT (SELECT count(*) FROM client_tags WHERE tag_id = {tag})
                      - (SELECT count(*) FROM clients c CROSS JOIN client_tags t
                         ON t.client_id = c.id AND t.tag_id = {tag}
                         WHERE c.deleted_at IS NOT NULL)"
            )
        }
        // One column alone: a range of its index.
        None if query.filter_count() == 1 => {
            query.columns(&mut w);
            format!("SELECT count(*) FROM clients c WHERE {}", w.joined())
        }
        // Few candidates: check each.
        Some(rowids) if rowids.len() < plans.small_set as usize => {
            let ids = w.bind(json_array(&rowids));
            query.columns(&mut w);
            query.candidate_words_check(&mut w);
            query.tag_check(&mut w);
            format!(
                "SELECT count(*) FROM json_each({ids}) m CROSS JOIN clients c ON c.seq = m.value
                 WHERE {}",
                w.joined()
            )
        }
        // A search with many candidates, or several filters: the full-text index intersects
        // the whole terms and the filters' reserved words (about 40 ns a match, where a
        // visit to each candidate's row costs 0.3-1 µs). It holds live clients only.
        _ => {
            let matches = w.bind(query.index_query().unwrap_or_default());
            match cap {
                None => {
                    format!("SELECT count(*) FROM clients_fts WHERE clients_fts MATCH {matches}")
                }
                Some(cap) => {
                    capped = true;
                    let limit = w.bind(i64::try_from(cap).unwrap_or(i64::MAX - 1) + 1);
                    format!(
                        "SELECT count(*) FROM (SELECT 1 FROM clients_fts
                                               WHERE clients_fts MATCH {matches} LIMIT {limit})"
                    )
                }
            }
        }
    };
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(w.values), |r| r.get(0))?;
    let n = n.max(0) as u64;
    Ok(match cap {
        Some(cap) if capped && n > cap => ClientCount {
            total: cap,
            more_than: true,
        },
        _ => ClientCount {
            total: n,
            more_than: false,
        },
    })
}

/// One page of the trash, most recently deleted first.
pub fn trash_page(
    conn: &Connection,
    after: Option<&ClientCursor>,
    limit: u32,
) -> Result<ClientPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut values = Vec::new();
    let mut after_sql = "";
    if let Some(after) = after {
        values = vec![
            Value::Text(after.key.clone()),
            Value::Text(after.id.clone()),
        ];
        after_sql = "AND (c.deleted_at, c.id) < (?1, ?2)";
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, c.deleted_at AS cursor_key
         FROM clients c LEFT JOIN segments s ON s.id = c.segment_id
         WHERE c.deleted_at IS NOT NULL {after_sql}
         ORDER BY c.deleted_at DESC, c.id DESC
         LIMIT {}",
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok((summary_from_row(r)?, r.get::<_, String>("cursor_key")?))
    })?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(page_of(rows, limit))
}
