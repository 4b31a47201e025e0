//! A person's choice of which notifications come by e-mail too.

use std::collections::BTreeMap;

use actix_web::{get, put, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::{describe, preferences, set_preferences, KINDS};
use crate::auth::caller::SignedIn;
use crate::dates::now_utc;
use crate::db::types::UserId;
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::JsonBody;
use crate::state::State;

/// One kind of notification and how it reaches the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPreference {
    /// The kind.
    pub kind: String,
    /// What it tells people.
    pub description: String,
    /// Whether it comes by e-mail too (otherwise in the app only).
    pub email: bool,
}

/// The caller's choices, and whether the service sends e-mail at all.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPreferences {
    /// Whether e-mail is on for this service (`QA_SMTP_URL`).
    pub email_available: bool,
    /// Every kind, in a stable order.
    pub items: Vec<NotificationPreference>,
}

/// The e-mail choices to change: `{"kind": true}` e-mail too, `false` in the app only.
#[derive(Debug, serde::Deserialize)]
pub struct PreferenceChanges(pub BTreeMap<String, bool>);

// Written by hand so the document names every kind and refuses others, as the handler does.
impl utoipa::PartialSchema for PreferenceChanges {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The e-mail choices to change: `{\"kind\": true}` e-mail too, `false` in the \
                 app only. Kinds left out keep their choice.",
            ))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for (kind, words) in KINDS {
            object = object.property(
                *kind,
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .description(Some(*words)),
            );
        }
        object.into()
    }
}

impl ToSchema for PreferenceChanges {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("PreferenceChanges")
    }
}

impl validator::Validate for PreferenceChanges {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

fn read(
    conn: &mut DbConn,
    user: UserId,
    email_available: bool,
) -> ApiResult<NotificationPreferences> {
    let chosen = preferences(conn, user)?;
    Ok(NotificationPreferences {
        email_available,
        items: KINDS
            .iter()
            .map(|(kind, _)| NotificationPreference {
                kind: kind.to_string(),
                description: describe(kind).to_string(),
                email: chosen.get(*kind).copied().unwrap_or(false),
            })
            .collect(),
    })
}

/// Which of the caller's notifications come by e-mail too (urgent ones always do when e-mail
/// is on).
#[utoipa::path(
    tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "The caller's choices", body = NotificationPreferences))
)]
#[get("/api/v1/me/notification-preferences")]
pub async fn get_preferences(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let available = state.settings.smtp_url.is_some();
    let prefs = state
        .run(user, move |cx| read(cx.conn, cx.caller.user_id, available))
        .await?;
    Ok(HttpResponse::Ok().json(prefs))
}

/// Changes which of the caller's notifications come by e-mail too.
#[utoipa::path(
    tag = "notifications", security(("bearer" = [])), request_body = PreferenceChanges,
    responses(
        (status = 200, description = "The caller's choices", body = NotificationPreferences),
        (status = 422, description = "A kind that does not exist", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/me/notification-preferences")]
pub async fn put_preferences(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let available = state.settings.smtp_url.is_some();
    let prefs = state
        .run(user, move |cx| {
            let changes: PreferenceChanges = body.parse()?;
            let unknown: Vec<FieldError> = changes
                .0
                .keys()
                .filter(|k| !KINDS.iter().any(|(kind, _)| kind == k))
                .map(|k| FieldError::new(k.clone(), "is not a kind of notification"))
                .collect();
            if !unknown.is_empty() {
                return Err(ApiError::Validation(unknown));
            }
            let user = cx.caller.user_id;
            let choices: Vec<(String, bool)> = changes.0.into_iter().collect();
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                set_preferences(conn, user, &choices, now_utc())?;
                Ok(())
            })?;
            read(cx.conn, user, available)
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefs))
}
