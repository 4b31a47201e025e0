//! Programme and theme rules.

use diesel::prelude::*;

use super::dto::{NewProgramme, NewTheme, ProgrammeRow, ThemePatch, ThemeRow, ThemeStatus};
use super::repo;
use crate::dates::now_utc;
use crate::db::schema::{audit_programmes, themes, users};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::IfMatch;
use crate::ids::new_id;

/// Creates a programme.
pub fn create_programme(
    conn: &mut DbConn,
    actor: &str,
    input: NewProgramme,
) -> ApiResult<ProgrammeRow> {
    let id = new_id();
    let now = now_utc();
    diesel::insert_into(audit_programmes::table)
        .values((
            audit_programmes::id.eq(&id),
            audit_programmes::title.eq(input.title.trim()),
            audit_programmes::year.eq(input.year),
            audit_programmes::version.eq(1),
            audit_programmes::created_at.eq(now),
            audit_programmes::updated_at.eq(now),
            audit_programmes::created_by.eq(actor),
        ))
        .execute(conn)?;
    repo::find_programme(conn, &id)?.ok_or(ApiError::NotFound)
}

fn user_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    let n: i64 = users::table.find(id).count().get_result(conn)?;
    Ok(n > 0)
}

/// Creates a theme.
pub fn create_theme(conn: &mut DbConn, actor: &str, input: NewTheme) -> ApiResult<ThemeRow> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let programme = input.programme_id.map(|p| p.to_string());
        if let Some(p) = &programme {
            if repo::find_programme(conn, p)?.is_none() {
                errors.push(FieldError::new("programme_id", "names no audit programme"));
            }
        }
        let lead = input.lead_id.map(|l| l.to_string());
        if let Some(l) = &lead {
            if !user_exists(conn, l)? {
                errors.push(FieldError::new("lead_id", "names no user"));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let id = new_id();
        let now = now_utc();
        diesel::insert_into(themes::table)
            .values((
                themes::id.eq(&id),
                themes::programme_id.eq(&programme),
                themes::title.eq(input.title.trim()),
                themes::rationale.eq(&input.rationale),
                themes::source.eq(input.source.as_str()),
                themes::planned_month.eq(&input.planned_month),
                themes::lead_id.eq(&lead),
                themes::sample_size.eq(input.sample_size),
                themes::status.eq("planned"),
                themes::version.eq(1),
                themes::created_at.eq(now),
                themes::updated_at.eq(now),
                themes::created_by.eq(actor),
            ))
            .execute(conn)?;
        repo::find_theme(conn, &id)?.ok_or(ApiError::NotFound)
    })
}

/// Changes a theme; closing it needs findings and recommendations.
pub fn update_theme(
    conn: &mut DbConn,
    id: &str,
    if_match: IfMatch,
    patch: ThemePatch,
) -> ApiResult<ThemeRow> {
    write_tx(conn, |conn| {
        let row = repo::find_theme(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, true)?;
        let mut errors = Vec::new();
        if let Some(message) = patch.month_error() {
            errors.push(FieldError::new("planned_month", message));
        }
        let lead = match &patch.lead_id {
            Some(l) => l.map(|u| u.to_string()),
            None => row.lead_id.clone(),
        };
        if let (Some(Some(_)), Some(l)) = (&patch.lead_id, &lead) {
            if !user_exists(conn, l)? {
                errors.push(FieldError::new("lead_id", "names no user"));
            }
        }
        let status = patch
            .status
            .map(ThemeStatus::as_str)
            .unwrap_or(&row.status)
            .to_string();
        let findings = patch.findings.clone().or(row.findings.clone());
        let recommendations = patch
            .recommendations
            .clone()
            .or(row.recommendations.clone());
        if status == "closed" {
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
        diesel::update(themes::table.find(id))
            .set((
                themes::title.eq(patch.title.as_deref().unwrap_or(&row.title)),
                themes::rationale.eq(patch.rationale.as_deref().unwrap_or(&row.rationale)),
                themes::planned_month.eq(match &patch.planned_month {
                    Some(m) => m.clone(),
                    None => row.planned_month.clone(),
                }),
                themes::lead_id.eq(&lead),
                themes::sample_size.eq(patch.sample_size.or(row.sample_size)),
                themes::status.eq(&status),
                themes::findings.eq(&findings),
                themes::recommendations.eq(&recommendations),
                themes::version.eq(row.version + 1),
                themes::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        repo::find_theme(conn, id)?.ok_or(ApiError::NotFound)
    })
}
