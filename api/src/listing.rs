//! The list conventions every list follows (product.md §5 and the performance issue): keyset
//! pages in both directions (`next_cursor`, `prev_cursor`), `sort=` as a comma list of fields
//! (`-` for descending; newest first by default, oldest-changed first when `updated_since` is
//! given), comma-separated multi-value filters, and `total` only when `count=true` is asked.
//!
//! A list declares its sortable fields once with [`crate::sortable!`]; the macro orders a boxed
//! query by the chosen keys (and the id, so the order is total) and cuts it at the cursor with a
//! lexicographic keyset condition that the indexes can serve, whatever the page number.

use base64::Engine;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, PrimitiveDateTime};

use crate::error::{ApiError, FieldError};
use crate::pagination::QueryValue;

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 500;

/// Where a page starts: after (or, going back, before) the row whose sort values it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort the cursor was made for, as `sort=` spells it.
    #[serde(rename = "s")]
    pub sort: String,
    /// True for a `prev_cursor`: the page before the row.
    #[serde(rename = "b", default)]
    pub backwards: bool,
    /// The row's sort values, then its id.
    #[serde(rename = "v")]
    pub values: Vec<String>,
}

impl Cursor {
    /// The opaque text form.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    /// Reads a cursor this API made; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        if text.len() > 2_000 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        serde_json::from_slice::<Cursor>(&bytes)
            .ok()
            .filter(|c| !c.values.is_empty() && c.values.len() <= 8)
    }
}

/// A page request: how many, from where, and whether to count the whole list.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Rows to return.
    pub limit: i64,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// Whether `total` is wanted (a count is not free on a million rows).
    pub count: bool,
}

impl PageRequest {
    /// The rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// `query` limited to [`Self::fetch`] rows, the count written into its SQL (see [`Limited`]).
    pub fn limit<Q>(&self, query: Q) -> Limited<Q> {
        Limited {
            query,
            rows: self.fetch(),
        }
    }
}

/// A list's page query with its row count written into the SQL (`LIMIT 51`), not bound.
/// PostgreSQL plans a prepared statement once and keeps that generic plan only when it costs
/// no more than the plans it made for the bound values; with a bound `LIMIT $n` it costed the
/// generic plan for a tenth of the matching rows, never chose it, and so planned every list
/// afresh on every request: at 100,000 audits 0.14 ms of the database's CPU for the team list,
/// beside 0.22 ms running it (`pg_stat_statements`, 2026-12-06). With the count in the text it
/// keeps the generic plan after five requests, the same plan. Page sizes are few (1 to 200),
/// so each list keeps a statement prepared per size its clients ask for.
#[derive(Debug, Clone)]
pub struct Limited<Q> {
    query: Q,
    rows: i64,
}

impl<Q: diesel::query_builder::Query> diesel::query_builder::Query for Limited<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, DB> diesel::query_builder::QueryFragment<DB> for Limited<Q>
where
    Q: diesel::query_builder::QueryFragment<DB>,
    DB: diesel::backend::Backend,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> diesel::QueryResult<()> {
        self.query.walk_ast(out.reborrow())?;
        // A number the service computed, never text from a client.
        out.push_sql(&format!(" LIMIT {}", self.rows));
        Ok(())
    }
}

/// Cached by its SQL text, which holds the count.
impl<Q> diesel::query_builder::QueryId for Limited<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, Conn> diesel::RunQueryDsl<Conn> for Limited<Q> {}

/// One key of a sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey<F> {
    /// The field.
    pub field: F,
    /// Descending.
    pub descending: bool,
}

/// Whether each key, then the id, is read descending: as asked, turned round for a page before a
/// cursor; the id goes the way of the first key.
pub fn directions<F>(keys: &[SortKey<F>], cursor: Option<&Cursor>) -> Vec<bool> {
    let backwards = cursor.is_some_and(|c| c.backwards);
    keys.iter()
        .map(|key| key.descending != backwards)
        .chain(std::iter::once(
            keys.first().is_some_and(|k| k.descending) != backwards,
        ))
        .collect()
}

/// The fields a list sorts by, declared with [`crate::sortable!`].
pub trait SortField: Copy + Eq + Sized + 'static {
    /// Every field's API name.
    const NAMES: &'static [&'static str];
    /// The field of an API name.
    fn parse(name: &str) -> Option<Self>;
    /// Its API name.
    fn name(self) -> &'static str;
    /// The list's order when none is asked for (newest first, usually).
    fn default_key() -> SortKey<Self>;
    /// The field incremental pulls (`updated_since`) go through in ascending order, if any.
    fn incremental_field() -> Option<Self>;
}

/// A `sort=` parameter: a comma list of fields, `-` for descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortParam<F>(pub Vec<SortKey<F>>);

impl<F: SortField> QueryValue for SortParam<F> {
    const EMPTY_IS_ABSENT: bool = true;

    fn from_query(raw: &str) -> Result<Self, String> {
        let mut keys: Vec<SortKey<F>> = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (descending, name) = match part.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, part.strip_prefix('+').unwrap_or(part)),
            };
            let field = F::parse(name).ok_or_else(|| {
                format!(
                    "{name:?} is not a sort field; use {} (\"-\" for descending)",
                    F::NAMES.join(", ")
                )
            })?;
            if keys.iter().any(|k| k.field == field) {
                return Err(format!("names {name} twice"));
            }
            keys.push(SortKey { field, descending });
        }
        if keys.is_empty() || keys.len() > 4 {
            return Err("must name one to four fields".into());
        }
        Ok(Self(keys))
    }
}

/// The sort a list uses: the one asked for, else ascending `updated_at` for an incremental pull,
/// else the list's default (newest first).
pub fn resolve_sort<F: SortField>(
    asked: Option<SortParam<F>>,
    incremental: bool,
) -> Vec<SortKey<F>> {
    match (asked, F::incremental_field()) {
        (Some(SortParam(keys)), _) => keys,
        (None, Some(field)) if incremental => vec![SortKey {
            field,
            descending: false,
        }],
        (None, _) => vec![F::default_key()],
    }
}

/// The `sort=` spelling of a sort, stored in its cursors.
pub fn sort_spec<F: SortField>(keys: &[SortKey<F>]) -> String {
    keys.iter()
        .map(|k| format!("{}{}", if k.descending { "-" } else { "" }, k.field.name()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks that a cursor belongs to this sort.
pub fn check_cursor<F: SortField>(
    cursor: Option<&Cursor>,
    keys: &[SortKey<F>],
) -> Result<(), ApiError> {
    match cursor {
        Some(c) if c.sort != sort_spec(keys) || c.values.len() != keys.len() + 1 => {
            Err(ApiError::field(
                "cursor",
                "was made for another sort: start again from the first page",
            ))
        }
        _ => Ok(()),
    }
}

/// A page of rows with the cursors on either side.
#[derive(Debug)]
pub struct Page<R> {
    /// The rows, in the list's order.
    pub rows: Vec<R>,
    /// The cursor of the page after, if there is one.
    pub next_cursor: Option<String>,
    /// The cursor of the page before, if there is one.
    pub prev_cursor: Option<String>,
}

/// Cuts the `limit + 1` fetched rows to a page (putting a backwards page back in order) and
/// makes the cursors from the first and last rows' sort values.
pub fn finish<R, F: SortField>(
    mut rows: Vec<R>,
    page: &PageRequest,
    keys: &[SortKey<F>],
    values: impl Fn(&R) -> Vec<String>,
) -> Page<R> {
    let limit = usize::try_from(page.limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let backwards = page.cursor.as_ref().is_some_and(|c| c.backwards);
    if backwards {
        rows.reverse();
    }
    let spec = sort_spec(keys);
    let cursor = |row: &R, backwards: bool| {
        Cursor {
            sort: spec.clone(),
            backwards,
            values: values(row),
        }
        .encode()
    };
    let (has_next, has_prev) = if backwards {
        (true, more)
    } else {
        (more, page.cursor.is_some())
    };
    Page {
        next_cursor: rows.last().filter(|_| has_next).map(|r| cursor(r, false)),
        prev_cursor: rows.first().filter(|_| has_prev).map(|r| cursor(r, true)),
        rows,
    }
}

/// A value a keyset cursor holds, written and read back exactly.
pub trait KeyValue: Sized {
    /// The cursor form.
    fn encode(&self) -> String;
    /// Reads the cursor form back.
    fn decode(text: &str) -> Option<Self>;
}

impl KeyValue for String {
    fn encode(&self) -> String {
        self.clone()
    }
    fn decode(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl KeyValue for i32 {
    fn encode(&self) -> String {
        self.to_string()
    }
    fn decode(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl KeyValue for Date {
    fn encode(&self) -> String {
        crate::dates::format_date(*self)
    }
    fn decode(text: &str) -> Option<Self> {
        crate::dates::parse_date(text).ok()
    }
}

impl KeyValue for PrimitiveDateTime {
    fn encode(&self) -> String {
        self.assume_utc().format(&Rfc3339).unwrap_or_default()
    }
    fn decode(text: &str) -> Option<Self> {
        time::OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(crate::dates::from_offset)
    }
}

/// Declares the sortable fields of a list over a table and builds its ordered, keyset-cut
/// query. Each field is `Variant = "api_name" => column: RustType`, the column read from the
/// row by the same name; then the default order (`default = Field descending;` or
/// `ascending`) and, for lists with `updated_since`, `incremental = Field;`.
#[macro_export]
macro_rules! sortable {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident on $table:ident for $row:ty {
            $( $variant:ident = $value:literal => $column:ident : $ty:ty ),+ $(,)?
        }
        default = $default:ident $direction:ident;
        $(incremental = $incremental:ident;)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $( #[doc = $value] $variant ),+
        }

        impl $crate::listing::SortField for $name {
            const NAMES: &'static [&'static str] = &[$($value),+];

            fn parse(name: &str) -> Option<Self> {
                match name {
                    $($value => Some(Self::$variant),)+
                    _ => None,
                }
            }

            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $value),+
                }
            }

            fn default_key() -> $crate::listing::SortKey<Self> {
                $crate::listing::SortKey {
                    field: Self::$default,
                    descending: stringify!($direction) == "descending",
                }
            }

            #[allow(unreachable_code)]
            fn incremental_field() -> Option<Self> {
                $(return Some(Self::$incremental);)?
                None
            }
        }

        impl $name {
            /// The row's values of the keys, then its id: what a cursor holds.
            pub fn values(row: &$row, keys: &[$crate::listing::SortKey<Self>]) -> Vec<String> {
                use $crate::listing::KeyValue as _;
                let mut values: Vec<String> = keys
                    .iter()
                    .map(|key| match key.field {
                        $(Self::$variant => row.$column.encode()),+
                    })
                    .collect();
                values.push(row.id.to_string());
                values
            }

            fn compare(
                self,
                value: &str,
                ordering: std::cmp::Ordering,
            ) -> Result<$crate::auth::policy::Condition<$crate::db::schema::$table::table>, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::db::schema::$table;
                let bad = || $crate::error::ApiError::field("cursor", "is not a cursor this list returned");
                Ok(match self {
                    $(Self::$variant => {
                        let value = <$ty as $crate::listing::KeyValue>::decode(value).ok_or_else(bad)?;
                        match ordering {
                            std::cmp::Ordering::Less => Box::new($table::$column.lt(value).nullable()),
                            std::cmp::Ordering::Equal => Box::new($table::$column.eq(value).nullable()),
                            std::cmp::Ordering::Greater => Box::new($table::$column.gt(value).nullable()),
                        }
                    })+
                })
            }

            /// [`Self::apply`]'s order as SQL text over the table's name: for a query that wraps
            /// the page's own to join more onto its rows, and must give them in the same order.
            pub fn order_sql(
                keys: &[$crate::listing::SortKey<Self>],
                cursor: Option<&$crate::listing::Cursor>,
            ) -> String {
                let directions = $crate::listing::directions(keys, cursor);
                let columns = keys
                    .iter()
                    .map(|key| match key.field {
                        $(Self::$variant => stringify!($column)),+
                    })
                    .chain(std::iter::once("id"));
                columns
                    .zip(directions)
                    .map(|(column, descending)| {
                        format!(
                            "{}.{column} {}",
                            stringify!($table),
                            if descending { "DESC" } else { "ASC" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }

            /// Orders the query by the keys and the id, and starts it at the cursor.
            pub fn apply<'a, ST: 'a>(
                mut query: $crate::db::schema::$table::BoxedQuery<'a, $crate::db::MultiBackend, ST>,
                keys: &[$crate::listing::SortKey<Self>],
                cursor: Option<&$crate::listing::Cursor>,
            ) -> Result<$crate::db::schema::$table::BoxedQuery<'a, $crate::db::MultiBackend, ST>, $crate::error::ApiError> {
                use diesel::prelude::*;
                use $crate::db::schema::$table;
                $crate::listing::check_cursor(cursor, keys)?;
                let directions = $crate::listing::directions(keys, cursor);
                for (key, descending) in keys.iter().zip(&directions) {
                    query = match (key.field, *descending) {
                        $(
                            (Self::$variant, false) => query.then_order_by($table::$column.asc()),
                            (Self::$variant, true) => query.then_order_by($table::$column.desc()),
                        )+
                    };
                }
                let id_descending = directions.last().copied().unwrap_or(false);
                query = if id_descending {
                    query.then_order_by($table::id.desc())
                } else {
                    query.then_order_by($table::id.asc())
                };
                let Some(cursor) = cursor else {
                    return Ok(query);
                };
                // Rows after the cursor's row: (k1 > v1) or (k1 = v1 and k2 > v2) or ... with the
                // id last, each comparison turned round for a descending key.
                let mut any: Option<$crate::auth::policy::Condition<$table::table>> = None;
                for (i, descending) in directions.iter().enumerate() {
                    let beyond = if *descending { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater };
                    let mut all: $crate::auth::policy::Condition<$table::table> = match keys.get(i) {
                        Some(key) => key.field.compare(&cursor.values[i], beyond)?,
                        None => {
                            let id = cursor.values[i].clone();
                            if *descending {
                                Box::new($table::id.lt(id).nullable())
                            } else {
                                Box::new($table::id.gt(id).nullable())
                            }
                        }
                    };
                    for (j, key) in keys.iter().enumerate().take(i) {
                        let same = key.field.compare(&cursor.values[j], std::cmp::Ordering::Equal)?;
                        all = Box::new(all.and(same));
                    }
                    any = Some(match any {
                        None => all,
                        Some(earlier) => Box::new(earlier.or(all)),
                    });
                }
                Ok(match any {
                    Some(condition) => query.filter(condition),
                    None => query,
                })
            }
        }
    };
}

/// A comma-separated list of values for a filter: `status=submitted,moderated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommaList<T>(pub Vec<T>);

impl<T: QueryValue + PartialEq> QueryValue for CommaList<T> {
    const EMPTY_IS_ABSENT: bool = true;

    fn from_query(raw: &str) -> Result<Self, String> {
        let mut values = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let value = T::from_query(part).map_err(|e| format!("{part:?} {e}"))?;
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if values.is_empty() {
            return Err("must name at least one value".into());
        }
        if values.len() > 50 {
            return Err("may name at most 50 values".into());
        }
        Ok(Self(values))
    }
}

impl<T> CommaList<T> {
    /// The values.
    pub fn values(&self) -> &[T] {
        &self.0
    }
}

/// Reads `limit`, `cursor` and `count`.
pub fn page_from(params: &mut crate::pagination::QueryParams) -> PageRequest {
    let limit = match params.raw_value("limit") {
        None if params.given_empty("limit") => {
            params.push_error(FieldError::new(
                "limit",
                "must not be empty: leave it out instead",
            ));
            DEFAULT_LIMIT
        }
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                params.push_error(FieldError::new(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_LIMIT}"),
                ));
                DEFAULT_LIMIT
            }
        },
    };
    let cursor = match params.raw_value("cursor") {
        None => None,
        Some(raw) => match Cursor::decode(&raw) {
            Some(cursor) => Some(cursor),
            None => {
                params.push_error(FieldError::new(
                    "cursor",
                    "is not a cursor this list returned",
                ));
                None
            }
        },
    };
    let count = params.value::<bool>("count").unwrap_or(false);
    PageRequest {
        limit,
        cursor,
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's count is in the SQL, not a bound value, and the query stays fit to keep
    /// prepared: PostgreSQL then keeps one generic plan for it (see [`Limited`]).
    #[test]
    fn a_page_query_writes_its_count_and_stays_prepared() {
        use diesel::query_builder::QueryFragment;
        use diesel::QueryDsl;
        let page = PageRequest {
            limit: 50,
            cursor: None,
            count: false,
        };
        let query = page.limit(
            crate::db::schema::audits::table
                .select(crate::db::schema::audits::id)
                .into_boxed::<diesel::pg::Pg>(),
        );
        let sql = diesel::debug_query::<diesel::pg::Pg, _>(&query).to_string();
        assert!(sql.ends_with(" LIMIT 51 -- binds: []"), "{sql}");
        let safe =
            QueryFragment::<diesel::pg::Pg>::is_safe_to_cache_prepared(&query, &diesel::pg::Pg)
                .unwrap();
        assert!(safe, "the page query would be prepared afresh each time");
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Field {
        CreatedAt,
        UpdatedAt,
        Name,
    }

    impl SortField for Field {
        const NAMES: &'static [&'static str] = &["created_at", "updated_at", "name"];
        fn parse(name: &str) -> Option<Self> {
            match name {
                "created_at" => Some(Self::CreatedAt),
                "updated_at" => Some(Self::UpdatedAt),
                "name" => Some(Self::Name),
                _ => None,
            }
        }
        fn name(self) -> &'static str {
            match self {
                Self::CreatedAt => "created_at",
                Self::UpdatedAt => "updated_at",
                Self::Name => "name",
            }
        }
        fn default_key() -> SortKey<Self> {
            SortKey {
                field: Self::CreatedAt,
                descending: true,
            }
        }
        fn incremental_field() -> Option<Self> {
            Some(Self::UpdatedAt)
        }
    }

    #[test]
    fn sort_parameters_name_known_fields_with_a_direction() {
        let SortParam(keys) = SortParam::<Field>::from_query("-name,created_at").unwrap();
        assert_eq!(sort_spec(&keys), "-name,created_at");
        assert!(SortParam::<Field>::from_query("colour").is_err());
        assert!(SortParam::<Field>::from_query("name,-name").is_err());
        assert_eq!(
            sort_spec(&resolve_sort::<Field>(None, false)),
            "-created_at"
        );
        assert_eq!(sort_spec(&resolve_sort::<Field>(None, true)), "updated_at");
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            sort: "-created_at".into(),
            backwards: true,
            values: vec!["2026-01-01T00:00:00Z".into(), "id".into()],
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not base64 !"), None);
        assert_eq!(Cursor::decode("eyJ4IjoxfQ"), None);
    }

    #[test]
    fn a_page_knows_the_pages_on_either_side() {
        let keys = resolve_sort::<Field>(None, false);
        let first = PageRequest {
            limit: 2,
            cursor: None,
            count: false,
        };
        let page = finish(vec![1, 2, 3], &first, &keys, |n| {
            vec![n.to_string(), n.to_string()]
        });
        assert_eq!(page.rows, vec![1, 2]);
        assert!(page.next_cursor.is_some() && page.prev_cursor.is_none());
        let back = PageRequest {
            limit: 2,
            cursor: Cursor::decode(&page.next_cursor.unwrap()).map(|mut c| {
                c.backwards = true;
                c
            }),
            count: false,
        };
        // Fetched in reverse order, the page is put back in list order.
        let page = finish(vec![5, 4], &back, &keys, |n| {
            vec![n.to_string(), n.to_string()]
        });
        assert_eq!(page.rows, vec![4, 5]);
        assert!(page.next_cursor.is_some() && page.prev_cursor.is_none());
    }

    #[test]
    fn comma_lists_split_and_report_the_bad_value() {
        let CommaList(values) = CommaList::<bool>::from_query("true, false,true").unwrap();
        assert_eq!(values, vec![true, false]);
        assert!(CommaList::<bool>::from_query("true,maybe")
            .unwrap_err()
            .contains("maybe"));
    }
}
