//! The one place that decides record scope (product.md §2): which cases a caller may see, and
//! whether they may read narrative text.

use super::caller::Caller;
use super::roles::Role;

/// The cases a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    /// Every case.
    All,
    /// Cases of these org units, and cases allocated to this worker.
    Limited {
        /// Teams (and the units above them) whose cases are visible.
        units: Vec<String>,
        /// The caller, when they see the cases allocated to them.
        worker_id: Option<String>,
    },
    /// No case at all (administrators).
    None,
}

impl CaseScope {
    /// The API name of the scope.
    pub fn name(&self) -> &'static str {
        match self {
            CaseScope::All => "all",
            CaseScope::Limited { units, .. } if !units.is_empty() => "units",
            CaseScope::Limited { .. } => "own",
            CaseScope::None => "none",
        }
    }
}

/// The fields of a case that decide who sees it.
#[derive(Debug, Clone, Copy)]
pub struct CaseOwnership<'a> {
    /// The case's team.
    pub team_id: &'a str,
    /// Its allocated worker.
    pub allocated_worker_id: Option<&'a str>,
}

impl Caller {
    /// The cases this caller may see: the union of their roles' scopes.
    pub fn case_scope(&self) -> CaseScope {
        if self.roles.iter().any(|r| r.sees_all_cases()) {
            return CaseScope::All;
        }
        let units = if self.has_any(&[Role::TeamManager, Role::HeadOfService]) {
            self.unit_subtree.clone()
        } else {
            Vec::new()
        };
        let worker_id = self.has(Role::Practitioner).then(|| self.user_id.clone());
        if units.is_empty() && worker_id.is_none() {
            CaseScope::None
        } else {
            CaseScope::Limited { units, worker_id }
        }
    }

    /// Whether the caller may see a case.
    pub fn can_see_case(&self, case: CaseOwnership<'_>) -> bool {
        match self.case_scope() {
            CaseScope::All => true,
            CaseScope::None => false,
            CaseScope::Limited { units, worker_id } => {
                units.iter().any(|u| u == case.team_id)
                    || (worker_id.is_some() && worker_id.as_deref() == case.allocated_worker_id)
            }
        }
    }

    /// Whether the caller manages the team: a team manager or head of service whose org unit
    /// subtree holds it.
    pub fn manages_team(&self, team_id: &str) -> bool {
        self.has_any(&[Role::TeamManager, Role::HeadOfService])
            && self.unit_subtree.iter().any(|u| u == team_id)
    }

    /// Whether the caller sees every case-level record.
    pub fn sees_everything(&self) -> bool {
        self.case_scope() == CaseScope::All
    }

    /// Whether any of the caller's roles may read case records at all.
    pub fn reads_cases(&self) -> bool {
        self.case_scope() != CaseScope::None
    }

    /// Whether the caller reads narrative (free-text) fields: not the performance analyst.
    pub fn reads_narrative(&self) -> bool {
        self.roles
            .iter()
            .any(|r| r.reads_narrative() && *r != Role::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(roles: &[Role], units: &[&str]) -> Caller {
        Caller {
            user_id: "me".into(),
            email: "me@example.test".into(),
            display_name: "Me".into(),
            roles: roles.to_vec(),
            org_unit_id: units.first().map(|u| u.to_string()),
            unit_subtree: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn practitioners_see_only_their_allocated_cases() {
        let c = caller(&[Role::Practitioner], &["team-a"]);
        assert!(c.can_see_case(CaseOwnership {
            team_id: "team-a",
            allocated_worker_id: Some("me")
        }));
        assert!(!c.can_see_case(CaseOwnership {
            team_id: "team-a",
            allocated_worker_id: Some("other")
        }));
    }

    #[test]
    fn managers_see_their_subtree() {
        let c = caller(&[Role::HeadOfService], &["service", "team-a", "team-b"]);
        assert!(c.can_see_case(CaseOwnership {
            team_id: "team-b",
            allocated_worker_id: None
        }));
        assert!(!c.can_see_case(CaseOwnership {
            team_id: "team-z",
            allocated_worker_id: None
        }));
    }

    #[test]
    fn admins_see_no_cases_and_analysts_no_narrative() {
        let admin = caller(&[Role::Admin], &["dir"]);
        assert_eq!(admin.case_scope(), CaseScope::None);
        let analyst = caller(&[Role::PerformanceAnalyst], &["dir"]);
        assert_eq!(analyst.case_scope(), CaseScope::All);
        assert!(!analyst.reads_narrative());
        let both = caller(&[Role::PerformanceAnalyst, Role::QaOfficer], &["dir"]);
        assert!(both.reads_narrative());
    }
}
