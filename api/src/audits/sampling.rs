//! A theme's sample (the day-one issue; the CFSR and Cúram tools work this way): the QA unit
//! draws cases at random from a filtered pool, or chooses them, and assigns them to auditors
//! in turn; each becomes a draft themed audit on that auditor's list, and each auditor is told
//! once.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::dto::{Audit, AuditKind, NewAudit};
use super::lifecycle;
use super::model::AuditRow;
use super::policy::AUDITORS;
use crate::auth::caller::Caller;
use crate::cases::dto::{CaseCategory, CaseStatus};
use crate::cases::model::CaseRow;
use crate::db::schema::{audits, cases};
use crate::db::types::{CaseId, ThemeId, UnitId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::notifications::{notify, Notice};
use crate::programmes::dto::ThemeStatus;
use crate::programmes::model::ThemeRow;

/// A random draw of cases for a theme's sample.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RandomDraw {
    /// How many cases to draw.
    #[schema(minimum = 1, maximum = 200)]
    #[validate(range(min = 1, max = 200))]
    pub count: i64,
    /// Only cases of these categories.
    #[serde(default)]
    pub categories: Vec<CaseCategory>,
    /// Only cases of this team.
    pub team_id: Option<Uuid>,
    /// Only cases of the teams of this service.
    pub service_id: Option<Uuid>,
    /// Include closed cases (default: open cases only).
    #[serde(default)]
    pub include_closed: bool,
}

/// Drawing a theme's sample: chosen cases, or a random draw, assigned to auditors in turn.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ThemeSample {
    /// The cases chosen (from a filtered list); leave empty to draw at random.
    #[serde(default)]
    #[schema(max_items = 200)]
    #[validate(length(max = 200))]
    pub case_ids: Vec<Uuid>,
    /// A random draw, instead of chosen cases.
    #[validate(nested)]
    pub random: Option<RandomDraw>,
    /// The auditors who carry out the audits, in turn; each must be able to see the cases
    /// given to them.
    #[schema(min_items = 1, max_items = 50)]
    #[validate(length(min = 1, max = 50))]
    pub auditor_ids: Vec<Uuid>,
    /// `themed` (default) or `dip_sample`.
    pub kind: Option<AuditKind>,
}

/// The audits a sample created.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeSampleResult {
    /// The theme.
    pub theme_id: Uuid,
    /// One draft audit per case, with its auditor.
    pub audits: Vec<Audit>,
}

/// Cases already in the theme's sample.
fn sampled_cases(conn: &mut DbConn, theme: ThemeId) -> QueryResult<Vec<CaseId>> {
    audits::table
        .filter(audits::theme_id.eq(theme))
        .select(audits::case_id)
        .load(conn)
}

/// Draws `draw.count` cases at random from the pool the draw describes, leaving out those
/// already sampled.
fn draw_at_random(
    conn: &mut DbConn,
    draw: &RandomDraw,
    teams: Option<Vec<UnitId>>,
    exclude: Vec<CaseId>,
) -> QueryResult<Vec<CaseRow>> {
    let mut query = cases::table.into_boxed();
    if !draw.include_closed {
        query = query.filter(cases::status.eq(CaseStatus::Open));
    }
    if !draw.categories.is_empty() {
        query = query.filter(cases::category.eq_any(draw.categories.clone()));
    }
    if let Some(teams) = teams {
        query = query.filter(cases::team_id.eq_any(teams));
    }
    if !exclude.is_empty() {
        query = query.filter(diesel::dsl::not(cases::id.eq_any(exclude)));
    }
    query
        .order(diesel::dsl::sql::<diesel::sql_types::Double>("random()"))
        .limit(draw.count)
        .select(CaseRow::as_select())
        .load(conn)
}

/// Draws the sample and creates the audits, all or nothing.
pub fn draw(
    conn: &mut DbConn,
    qa_officer: &Caller,
    theme: &ThemeRow,
    input: &ThemeSample,
    teams: Option<Vec<UnitId>>,
) -> ApiResult<Vec<AuditRow>> {
    if theme.status == ThemeStatus::Closed {
        return Err(ApiError::conflict(
            "The theme is closed: plan a new theme to audit the area again.",
        ));
    }
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let kind = input.kind.unwrap_or(AuditKind::Themed);
        if !kind.needs_theme() {
            errors.push(FieldError::new("kind", "must be themed or dip_sample"));
        }
        let mut auditors = Vec::new();
        for (index, id) in input.auditor_ids.iter().enumerate() {
            match Caller::person(conn, UserId::from(*id))? {
                Some(person) if person.has_any(&AUDITORS) => auditors.push(person),
                Some(_) => errors.push(FieldError::new(
                    format!("auditor_ids.{index}"),
                    "names someone who does not audit",
                )),
                None => errors.push(FieldError::new(
                    format!("auditor_ids.{index}"),
                    "names no active user",
                )),
            }
        }
        let already = sampled_cases(conn, theme.id)?;
        let chosen: Vec<CaseRow> = match (&input.random, input.case_ids.is_empty()) {
            (Some(_), false) => {
                errors.push(FieldError::new(
                    "random",
                    "choose cases or draw them at random, not both",
                ));
                Vec::new()
            }
            (None, true) => {
                errors.push(FieldError::new(
                    "case_ids",
                    "choose at least one case, or draw them at random",
                ));
                Vec::new()
            }
            (Some(random), true) => draw_at_random(conn, random, teams, already.clone())?,
            (None, false) => {
                let mut found = Vec::new();
                for (index, id) in input.case_ids.iter().enumerate() {
                    let case_id = CaseId::from(*id);
                    match crate::cases::repo::find(conn, case_id)? {
                        None => errors.push(FieldError::new(
                            format!("case_ids.{index}"),
                            "names no case",
                        )),
                        Some(_) if already.contains(&case_id) => errors.push(FieldError::new(
                            format!("case_ids.{index}"),
                            "is already in this theme's sample",
                        )),
                        Some(_) if found.iter().any(|c: &CaseRow| c.id == case_id) => errors.push(
                            FieldError::new(format!("case_ids.{index}"), "is chosen twice"),
                        ),
                        Some(case) => found.push(case),
                    }
                }
                found
            }
        };
        if input.random.is_some() && chosen.is_empty() && errors.is_empty() {
            errors.push(FieldError::new(
                "random",
                "no case outside the sample matches this draw",
            ));
        }
        // Each case goes to the next auditor in turn who can see it.
        let mut assigned: Vec<(&CaseRow, &Caller)> = Vec::new();
        let mut turn = 0usize;
        for (index, case) in chosen.iter().enumerate() {
            let auditor = (0..auditors.len())
                .map(|k| &auditors[(turn + k) % auditors.len()])
                .find(|a| a.covers_team(case.team_id));
            match auditor {
                Some(a) => {
                    assigned.push((case, a));
                    turn = (auditors
                        .iter()
                        .position(|x| x.user_id == a.user_id)
                        .unwrap_or(0)
                        + 1)
                        % auditors.len().max(1);
                }
                None if !auditors.is_empty() => errors.push(FieldError::new(
                    format!("case_ids.{index}"),
                    format!(
                        "none of the auditors can see case {} ({})",
                        case.display_name, case.external_ref
                    ),
                )),
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let mut rows = Vec::new();
        let mut per_auditor: BTreeMap<UserId, usize> = BTreeMap::new();
        for (case, auditor) in assigned {
            let new = NewAudit {
                kind,
                case_id: case.id.uuid(),
                side_by_side: false,
                theme_id: Some(theme.id.uuid()),
                period_start: None,
                period_end: None,
                reaudit_of_id: None,
            };
            rows.push(lifecycle::draft(
                conn,
                qa_officer.user_id,
                auditor.user_id,
                case,
                &new,
            )?);
            *per_auditor.entry(auditor.user_id).or_default() += 1;
        }
        for (auditor, count) in per_auditor {
            notify(
                conn,
                &[Some(auditor)],
                qa_officer.user_id,
                &Notice {
                    kind: "theme_sample_assigned",
                    title: format!(
                        "{} gave you {count} {} to do for the theme \"{}\"",
                        qa_officer.display_name,
                        if count == 1 { "audit" } else { "audits" },
                        theme.title
                    ),
                    record_type: "theme",
                    record_id: theme.id.uuid(),
                    case_id: None,
                    urgent: false,
                },
            )?;
        }
        Ok(rows)
    })
}
