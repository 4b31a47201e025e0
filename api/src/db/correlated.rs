//! Scalar subqueries that read a column of the enclosing query's row (the name of an audit's
//! auditor, say), written as fixed SQL. diesel's `sql()` literal would do, but it marks every
//! query that holds it as never to be kept prepared, and a list or read compiled afresh on each
//! request cost more than the statements the subquery saved. The text here never changes, so
//! the statement cache, keyed by the query's SQL, can keep it.

use std::marker::PhantomData;

use diesel::backend::Backend;
use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, TypedExpressionType,
    ValidGrouping,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::QueryResult;

/// A scalar subquery or condition of fixed text (in parentheses) whose value has the SQL type
/// `ST`.
#[derive(Debug, Clone, Copy)]
pub struct Correlated<ST> {
    sql: &'static str,
    _type: PhantomData<ST>,
}

/// The subquery `sql`, which must be one parenthesised `SELECT` of at most one row and column,
/// or one parenthesised condition (`(NOT EXISTS (…))`) when `ST` is `Bool`.
pub const fn correlated<ST>(sql: &'static str) -> Correlated<ST> {
    Correlated {
        sql,
        _type: PhantomData,
    }
}

impl<ST: TypedExpressionType> Expression for Correlated<ST> {
    type SqlType = ST;
}

impl<ST, DB: Backend> QueryFragment<DB> for Correlated<ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(self.sql);
        Ok(())
    }
}

/// Not a static query id: two subqueries of one Rust type differ by their text, so the cache
/// must key on the SQL, as it does for every boxed query.
impl<ST> QueryId for Correlated<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS, ST: TypedExpressionType> SelectableExpression<QS> for Correlated<ST> {}

impl<QS, ST: TypedExpressionType> AppearsOnTable<QS> for Correlated<ST> {}

impl<ST, GB> ValidGrouping<GB> for Correlated<ST> {
    type IsAggregate = is_aggregate::Never;
}
