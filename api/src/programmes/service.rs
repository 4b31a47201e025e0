//! Programme and theme rules: a theme closes only with findings and recommendations.

use super::dto::{NewProgramme, NewTheme, ThemePatch, ThemeStatus};
use super::model::{ProgrammeRow, ThemeChanges, ThemeRow};
use super::repo;
use crate::dates::now_utc;
use crate::db::types::{ProgrammeId, ThemeId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{retry_races, ApiError, ApiResult, FieldError};
use crate::extract::IfMatch;
use crate::org::repo as org_repo;

/// Creates a programme.
pub fn create_programme(
    conn: &mut DbConn,
    actor: UserId,
    input: NewProgramme,
) -> ApiResult<ProgrammeRow> {
    let now = now_utc();
    let row = ProgrammeRow {
        id: ProgrammeId::new(),
        title: input.title.trim().to_string(),
        year: input.year,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(actor),
    };
    repo::insert_programme(conn, &row)?;
    Ok(row)
}

/// Creates a theme.
pub fn create_theme(conn: &mut DbConn, actor: UserId, input: NewTheme) -> ApiResult<ThemeRow> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let programme = input.programme_id.map(ProgrammeId::from);
        if let Some(p) = programme {
            if repo::find_programme(conn, p)?.is_none() {
                errors.push(FieldError::new("programme_id", "names no audit programme"));
            }
        }
        let lead = input.lead_id.map(UserId::from);
        if let Some(l) = lead {
            if !org_repo::user_exists(conn, l)? {
                errors.push(FieldError::new("lead_id", "names no user"));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let row = ThemeRow {
            id: ThemeId::new(),
            programme_id: programme,
            title: input.title.trim().to_string(),
            rationale: input.rationale.clone(),
            source: input.source,
            planned_month: input.planned_month.clone(),
            lead_id: lead,
            sample_size: input.sample_size,
            status: ThemeStatus::Planned,
            findings: None,
            recommendations: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(actor),
        };
        repo::insert_theme(conn, &row)?;
        Ok(row)
    })
}

/// Changes a theme; closing it needs findings and recommendations. The record and the
/// precondition come before the body (product.md §5), so `parse` runs only once they pass: a
/// PATCH without a current If-Match learns nothing from validation.
pub fn update_theme(
    conn: &mut DbConn,
    actor: UserId,
    id: ThemeId,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<ThemePatch>,
) -> ApiResult<ThemeRow> {
    let mut parse = Some(parse);
    let mut parsed: Option<ThemePatch> = None;
    retry_races(|| {
        write_tx(conn, |conn| {
            let row = repo::find_theme(conn, id)?.ok_or(ApiError::NotFound)?;
            if_match.check(row.version, true)?;
            if let Some(parse) = parse.take() {
                parsed = Some(parse()?);
            }
            let patch = parsed
                .as_ref()
                .ok_or_else(|| ApiError::Internal("the body was not parsed".into()))?;
            if row.status == ThemeStatus::Closed
                && patch.status.is_some_and(|s| s != ThemeStatus::Closed)
            {
                return Err(ApiError::conflict(
                    "A closed theme stays closed: its findings have been reported. Plan a new \
                     theme to audit the area again.",
                ));
            }
            let mut errors = Vec::new();
            if let Some(message) = patch.month_error() {
                errors.push(FieldError::new("planned_month", message));
            }
            let lead = patch
                .lead_id
                .clone()
                .apply(row.lead_id.map(UserId::uuid))
                .map(UserId::from);
            if let (Some(_), Some(l)) = (patch.lead_id.value(), lead) {
                if !org_repo::user_exists(conn, l)? {
                    errors.push(FieldError::new("lead_id", "names no user"));
                }
            }
            let status = patch.status.unwrap_or(row.status);
            let findings = patch.findings.clone().or(row.findings.clone());
            let recommendations = patch
                .recommendations
                .clone()
                .or(row.recommendations.clone());
            if status == ThemeStatus::Closed {
                if findings.as_deref().is_none_or(|f| f.trim().is_empty()) {
                    errors.push(FieldError::new("findings", "are required to close a theme"));
                }
                if recommendations
                    .as_deref()
                    .is_none_or(|r| r.trim().is_empty())
                {
                    errors.push(FieldError::new(
                        "recommendations",
                        "are required to close a theme",
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let changes = ThemeChanges {
                title: patch.title.clone().unwrap_or_else(|| row.title.clone()),
                rationale: patch
                    .rationale
                    .clone()
                    .unwrap_or_else(|| row.rationale.clone()),
                planned_month: patch.planned_month.clone().apply(row.planned_month.clone()),
                lead_id: lead,
                sample_size: patch.sample_size.or(row.sample_size),
                status,
                findings,
                recommendations,
                version: row.version + 1,
                updated_at: now_utc(),
            };
            if !repo::update_theme(conn, id, row.version, &changes)? {
                return Err(ApiError::Raced);
            }
            let theme = repo::find_theme(conn, id)?.ok_or(ApiError::NotFound)?;
            // A theme closed with findings becomes an action plan (once).
            if row.status != ThemeStatus::Closed && theme.status == ThemeStatus::Closed {
                crate::plans::service::plan_for_theme(conn, &theme, actor)?;
            }
            Ok(theme)
        })
    })
}
