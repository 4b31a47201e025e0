//! The names screens show beside ids: a case's initials and the council's reference, and
//! people's display names, fetched for a whole page at once (two queries, whatever its size) so
//! no client reads each case or person of a list.

use std::collections::HashMap;

use diesel::QueryResult;

use crate::cases::repo::{self as case_repo, CaseSummary};
use crate::db::types::{CaseId, UserId};
use crate::db::DbConn;
use crate::org::repo as org_repo;

/// The names of the cases and people a page of records names.
#[derive(Debug, Default, Clone)]
pub struct Labels {
    cases: HashMap<CaseId, CaseSummary>,
    people: HashMap<UserId, String>,
}

impl Labels {
    /// Labels from case summaries already fetched, and the people's names.
    pub fn new(
        conn: &mut DbConn,
        cases: HashMap<CaseId, CaseSummary>,
        people: impl IntoIterator<Item = UserId>,
    ) -> QueryResult<Self> {
        Ok(Self {
            cases,
            people: org_repo::names(conn, people)?,
        })
    }

    /// Fetches the labels of these cases and people.
    pub fn fetch(
        conn: &mut DbConn,
        cases: impl IntoIterator<Item = CaseId>,
        people: impl IntoIterator<Item = UserId>,
    ) -> QueryResult<Self> {
        let cases = case_repo::summaries(conn, cases)?;
        Self::new(conn, cases, people)
    }

    /// A case's initials or pseudonym.
    pub fn case_name(&self, id: Option<CaseId>) -> Option<String> {
        id.and_then(|c| self.cases.get(&c))
            .map(|c| c.display_name.clone())
    }

    /// A case's reference in the case management system.
    pub fn case_ref(&self, id: Option<CaseId>) -> Option<String> {
        id.and_then(|c| self.cases.get(&c))
            .map(|c| c.external_ref.clone())
    }

    /// A person's display name.
    pub fn person(&self, id: Option<UserId>) -> Option<String> {
        id.and_then(|p| self.people.get(&p)).cloned()
    }
}
