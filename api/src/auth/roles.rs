//! The roles of product.md §2 and what each may do in general; record scope is decided in
//! [`crate::auth::policy`].

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::types::text_from_sql;
use crate::db::MultiBackend;

/// A role a user may hold; a user may hold several and gets the union of their rights.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Social worker or family worker: their own cases and records about their own practice.
    Practitioner,
    /// Operational or case-accountable manager: their team.
    TeamManager,
    /// Head of service: every team under their service.
    HeadOfService,
    /// Assistant or service director: everything.
    SeniorLeader,
    /// Quality assurance unit officer: everything; themed audits, moderation, reports.
    QaOfficer,
    /// Independent reviewing officer or child protection chair: all cases.
    ReviewingOfficer,
    /// Principal social worker: all QA records.
    PrincipalSocialWorker,
    /// Performance Team: structured fields only, never narrative text.
    PerformanceAnalyst,
    /// System administrator: users, teams, settings; no case content.
    Admin,
    /// Data protection officer: access log, subject access, retention.
    Dpo,
}

impl Role {
    /// Every role, in the order of product.md §2.
    pub const ALL: [Role; 10] = [
        Role::Practitioner,
        Role::TeamManager,
        Role::HeadOfService,
        Role::SeniorLeader,
        Role::QaOfficer,
        Role::ReviewingOfficer,
        Role::PrincipalSocialWorker,
        Role::PerformanceAnalyst,
        Role::Admin,
        Role::Dpo,
    ];

    /// The API value, e.g. `team_manager`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Practitioner => "practitioner",
            Role::TeamManager => "team_manager",
            Role::HeadOfService => "head_of_service",
            Role::SeniorLeader => "senior_leader",
            Role::QaOfficer => "qa_officer",
            Role::ReviewingOfficer => "reviewing_officer",
            Role::PrincipalSocialWorker => "principal_social_worker",
            Role::PerformanceAnalyst => "performance_analyst",
            Role::Admin => "admin",
            Role::Dpo => "dpo",
        }
    }

    /// Parses an API value.
    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Whether the role's case scope is every case.
    pub fn sees_all_cases(self) -> bool {
        matches!(
            self,
            Role::SeniorLeader
                | Role::QaOfficer
                | Role::ReviewingOfficer
                | Role::PrincipalSocialWorker
                | Role::PerformanceAnalyst
                | Role::Dpo
        )
    }

    /// Whether the role may read narrative (free-text) fields of the records in its scope. The
    /// data protection officer reads narrative only through their own purposes (a subject
    /// access request), never through the ordinary lists.
    pub fn reads_narrative(self) -> bool {
        !matches!(self, Role::PerformanceAnalyst | Role::Admin | Role::Dpo)
    }
}

/// The roles a user holds, stored as one comma-separated text column, sorted and deduplicated.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = Text)]
pub struct Roles(pub Vec<Role>);

impl Roles {
    /// The roles, sorted and deduplicated.
    pub fn new(roles: &[Role]) -> Self {
        let mut sorted = roles.to_vec();
        sorted.sort();
        sorted.dedup();
        Self(sorted)
    }

    /// Whether the set holds the role.
    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }
}

impl FromSql<Text, MultiBackend> for Roles {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(Self(decode_roles(&text_from_sql(bytes)?)))
    }
}

impl ToSql<Text, MultiBackend> for Roles {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

impl ToSql<Text, Pg> for Roles {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        let text = encode_roles(&self.0);
        <str as ToSql<Text, Pg>>::to_sql(text.as_str(), &mut out.reborrow())
    }
}

impl ToSql<Text, Sqlite> for Roles {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(encode_roles(&self.0));
        Ok(IsNull::No)
    }
}

/// Stores roles as one comma-separated text column, sorted and deduplicated.
pub fn encode_roles(roles: &[Role]) -> String {
    let mut sorted: Vec<Role> = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads the stored roles column; unknown values (from a newer version) are ignored.
pub fn decode_roles(stored: &str) -> Vec<Role> {
    stored
        .split(',')
        .filter_map(|r| Role::parse(r.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_storage() {
        let roles = [Role::Dpo, Role::TeamManager, Role::TeamManager];
        let stored = encode_roles(&roles);
        assert_eq!(stored, "team_manager,dpo");
        assert_eq!(decode_roles(&stored), vec![Role::TeamManager, Role::Dpo]);
    }

    #[test]
    fn api_values_match_serde() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
    }
}
