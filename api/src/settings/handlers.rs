//! The settings over HTTP: everyone signed in reads them (screens show the timescales they
//! work to); administrators change them (retention keys, when they come, the data protection
//! officer), each change in the access log.

use actix_web::{get, patch, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{repo, Rules, SettingsPatch, SETTINGS};
use crate::access_log::{self, AccessEntry};
use crate::auth::caller::{Caller, SignedIn};
use crate::auth::policy;
use crate::auth::roles::Role;
use crate::dates::{now_utc, to_utc};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{IfMatch, JsonBody};
use crate::respond::versioned;
use crate::state::State;

/// One setting with its value now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingValue {
    /// Its name.
    pub key: String,
    /// The value in force.
    pub value: i32,
    /// The value when nobody has changed it.
    pub default: i32,
    /// Lowest value accepted.
    pub minimum: i32,
    /// Highest value accepted.
    pub maximum: i32,
    /// What it does, and where its default comes from.
    pub description: String,
    /// The role that changes it.
    pub editable_by: Role,
    /// When it was last changed (null while at its default).
    #[serde(with = "time::serde::rfc3339::option")]
    pub changed_at: Option<OffsetDateTime>,
}

/// The council's settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// Every setting, with its value.
    pub items: Vec<SettingValue>,
    /// Version of the settings as a whole, also the `ETag`.
    pub version: i32,
}

fn read(conn: &mut DbConn, defaults: Rules) -> ApiResult<Settings> {
    let stored = repo::stored(conn)?;
    let changed = repo::changes(conn)?;
    let rules = Rules::with_stored(defaults, &stored);
    let items = SETTINGS
        .iter()
        .map(|s| SettingValue {
            key: s.key.into(),
            value: rules.get(s.key).unwrap_or_default(),
            default: defaults.get(s.key).unwrap_or_default(),
            minimum: s.minimum,
            maximum: s.maximum,
            description: s.description.trim().into(),
            editable_by: s.editor,
            changed_at: changed
                .iter()
                .find(|(k, ..)| k == s.key)
                .map(|(_, at, _)| to_utc(*at)),
        })
        .collect();
    Ok(Settings {
        items,
        version: repo::version(conn)?,
    })
}

/// The council's settings: every timescale and limit, its value, default and range.
#[utoipa::path(
    tag = "settings", security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = Settings, headers(("ETag" = String)))
    )
)]
#[get("/api/v1/settings")]
pub async fn get_settings(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let defaults = state.rules.defaults();
    let settings = state.run(user, move |cx| read(cx.conn, defaults)).await?;
    Ok(versioned(settings.version, &settings))
}

fn check(caller: &Caller, patch: &SettingsPatch) -> ApiResult<()> {
    let mut errors = Vec::new();
    for (key, value) in patch.changes() {
        let Some(setting) = SETTINGS.iter().find(|s| s.key == key) else {
            continue;
        };
        if !caller.has(setting.editor) {
            return Err(ApiError::forbidden(format!(
                "{key} is changed by the {} role.",
                setting.editor.as_str()
            )));
        }
        if let Some(v) = value {
            if !(setting.minimum..=setting.maximum).contains(&v) {
                errors.push(FieldError::new(
                    key,
                    format!("must be from {} to {}", setting.minimum, setting.maximum),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Changes settings (JSON merge patch; `If-Match` required): administrators, and the data
/// protection officer for the retention settings. Every change is in the access log.
#[utoipa::path(
    tag = "settings", security(("bearer" = [])),
    params(("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read (`*` does not meet the precondition)")),
    request_body(content = SettingsPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The settings after the change", body = Settings, headers(("ETag" = String))),
        (status = 403, description = "Not a role that changes these settings", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/settings")]
pub async fn update_settings(
    state: State,
    user: SignedIn,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let defaults = state.rules.defaults();
    let settings = state
        .run(user, move |cx| {
            if !cx.caller.has_any(&[Role::Admin, Role::Dpo]) {
                policy::log_role_refusal(cx.conn, &cx.caller, "update", "settings")?;
                return Err(ApiError::forbidden(
                    "Settings are changed by administrators.",
                ));
            }
            let version = repo::version(cx.conn)?;
            if_match.check(version, true)?;
            let patch: SettingsPatch = body.parse()?;
            check(&cx.caller, &patch)?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let now = now_utc();
                if !repo::claim(conn, version, now, actor)? {
                    return Err(ApiError::PreconditionFailed {
                        current_version: repo::version(conn)?,
                    });
                }
                let before = Rules::with_stored(defaults, &repo::stored(conn)?);
                let mut entries = Vec::new();
                for (key, value) in patch.changes() {
                    repo::put(conn, key, value, version + 1, now, actor)?;
                    let old = before.get(key).unwrap_or_default();
                    let new = value.unwrap_or_else(|| defaults.get(key).unwrap_or_default());
                    entries.push(AccessEntry::admin_change(
                        &actor.to_string(),
                        "update",
                        "setting",
                        key,
                        Some(format!("{old} -> {new}")),
                    ));
                }
                access_log::record(conn, &entries)?;
                Ok(())
            })?;
            read(cx.conn, defaults)
        })
        .await?;
    state.rules.invalidate();
    Ok(versioned(settings.version, &settings))
}
