//! `column IN (values)` that each connection prepares once, however many values there are.
//!
//! diesel writes `IN (?, ?, …)` on SQLite, one placeholder per value, and so will not keep such a
//! statement prepared: a team manager's audit list (scoped to their teams) and the case names
//! of a page of fifty records were compiled again on every request, about a tenth of the
//! server's CPU on a list. Here SQLite gets `IN (SELECT value FROM json_each(?))` with the values
//! as one JSON array, whose text is the same for any number of values, and a single value is an
//! equality (`= ?`), so the planner still seeks the column's index for it as it did for
//! `IN (?)` (it cannot know how many values a JSON array holds: for a team's list it would scan
//! the newest audits of every team instead). PostgreSQL keeps diesel's `= ANY(?)`, one array
//! parameter, which it already prepares once, for two values or more; one value is an equality
//! there too. PostgreSQL 15 reads a `(column, created_at, id)` index in order only for an
//! equality: for `= ANY(?)` it can only walk the newest-first index and keep the matching rows,
//! every newer row when the matching ones are old (a QA officer's drafts before June took 26 ms
//! against 2 ms at 100,000 audits).

use diesel::expression::{
    is_aggregate, AppearsOnTable, AsExpression, Expression, SelectableExpression,
    TypedExpressionType, ValidGrouping,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{SqlType, Text};
use diesel::{ExpressionMethods, QueryResult};

use super::types::StoredText;
use super::MultiBackend;

/// `column IN (values)` for identifier and code columns; build it with [`member_of`]. `A` is
/// diesel's own `IN` for the same column and values, and `E` its `=` for a single value, which
/// PostgreSQL is given.
#[derive(Debug, Clone)]
pub struct MemberOf<C, A, E> {
    any: A,
    /// The equality PostgreSQL is given instead of `any` when there is one value.
    one: Option<E>,
    column: C,
    /// One value's text, or a JSON array of the values' texts.
    sqlite: SqliteValues,
}

#[derive(Debug, Clone)]
enum SqliteValues {
    One(String),
    Array(String),
}

/// `column IN (values)`, prepared once per connection on both databases.
pub fn member_of<C, T>(
    column: C,
    values: Vec<T>,
) -> MemberOf<C, diesel::dsl::EqAny<C, Vec<T>>, diesel::dsl::Eq<C, T>>
where
    C: Expression + ExpressionMethods + Clone,
    C::SqlType: SqlType + TypedExpressionType,
    T: StoredText + AsExpression<C::SqlType> + Clone,
{
    let one = match values.as_slice() {
        [value] => Some(column.clone().eq(value.clone())),
        _ => None,
    };
    let sqlite = if let [one] = values.as_slice() {
        let mut text = String::with_capacity(36);
        one.push_text(&mut text);
        SqliteValues::One(text)
    } else {
        let mut json = String::with_capacity(2 + values.len() * 39);
        json.push('[');
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                json.push(',');
            }
            // Hyphenated UUIDs and codes of plain words: nothing in them needs escaping.
            json.push('"');
            value.push_text(&mut json);
            json.push('"');
        }
        json.push(']');
        SqliteValues::Array(json)
    };
    MemberOf {
        any: column.clone().eq_any(values),
        one,
        column,
        sqlite,
    }
}

impl<C, A: Expression, E> Expression for MemberOf<C, A, E> {
    type SqlType = A::SqlType;
}

impl<C, A, E, QS> AppearsOnTable<QS> for MemberOf<C, A, E> where A: AppearsOnTable<QS> {}

impl<C, A, E, QS> SelectableExpression<QS> for MemberOf<C, A, E> where A: SelectableExpression<QS> {}

impl<C, A: Expression, E> ValidGrouping<()> for MemberOf<C, A, E> {
    type IsAggregate = is_aggregate::Never;
}

impl<C, A, E> QueryId for MemberOf<C, A, E> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C, A, E> QueryFragment<MultiBackend> for MemberOf<C, A, E>
where
    C: QueryFragment<MultiBackend>,
    A: QueryFragment<MultiBackend>,
    E: QueryFragment<MultiBackend>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        match out.backend() {
            MultiBackend::Sqlite(_) => {
                out.push_sql("(");
                self.column.walk_ast(out.reborrow())?;
                match &self.sqlite {
                    SqliteValues::One(text) => {
                        out.push_sql(" = ");
                        out.push_bind_param::<Text, String>(text)?;
                        out.push_sql(")");
                    }
                    SqliteValues::Array(json) => {
                        out.push_sql(" IN (SELECT value FROM json_each(");
                        out.push_bind_param::<Text, String>(json)?;
                        out.push_sql(")))");
                    }
                }
                Ok(())
            }
            _ => match &self.one {
                Some(one) => one.walk_ast(out),
                None => self.any.walk_ast(out),
            },
        }
    }
}
