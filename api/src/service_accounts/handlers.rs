//! The administrator's service-account endpoints: create (the token shown once), list, read,
//! rotate (a new token, the old one working for an overlap) and revoke (every token, at once).

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, PrimitiveDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::scope::{self, Scope};
use super::token;
use crate::access_log::{self, AccessEntry};
use crate::auth::caller::SignedIn;
use crate::auth::roles::Role;
use crate::dates::{london_today, now_utc, to_utc};
use crate::db::schema::{service_account_tokens, service_accounts};
use crate::db::types::{ServiceAccountId, ServiceTokenId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::JsonBody;
use crate::respond::{created, versioned};
use crate::state::State;

/// How long an old token keeps working after a rotation unless the request says.
pub const DEFAULT_OVERLAP_HOURS: i64 = 24;
/// The longest overlap a rotation may ask for (7 days).
pub const MAX_OVERLAP_HOURS: i64 = 168;

crate::text_enum! {
    /// Whether the account's tokens work: `active`, `expired` (past `expires_on`) or `revoked`.
    pub enum AccountStatus {
        /// Its current token works.
        Active = "active",
        /// Past its expiry date.
        Expired = "expired",
        /// Revoked by an administrator.
        Revoked = "revoked",
    }
}

crate::text_enum! {
    /// What an administrator may do to a service account now.
    pub enum ServiceAccountOperation {
        /// A new token; the old one works for an overlap.
        Rotate = "rotate",
        /// Every token stops working at once.
        Revoke = "revoke",
    }
}

/// One of an account's tokens that still works (never the token itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceTokenView {
    /// Id.
    pub id: Uuid,
    /// The token's first characters (`qasa_AbCd…`), to tell tokens apart.
    pub hint: String,
    /// When it was issued.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it stops working after a rotation; null for the current token.
    #[serde(with = "time::serde::rfc3339::option")]
    pub valid_until: Option<OffsetDateTime>,
    /// When it was last used (to the minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

/// A service account: another system calling the API with a scoped, expiring token.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceAccount {
    /// Id.
    pub id: Uuid,
    /// What the system is, e.g. "Case management system".
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// The last day its tokens work (Europe/London).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub expires_on: Date,
    /// `active`, `expired` or `revoked`.
    pub status: AccountStatus,
    /// When it was last used (to the minute).
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// The tokens that work now: the current one, and an old one during a rotation's overlap.
    pub tokens: Vec<ServiceTokenView>,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Version, also the `ETag`.
    pub version: i32,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<ServiceAccountOperation>,
}

/// A service account with its new token: shown in this response only, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceAccountWithToken {
    /// The account.
    #[serde(flatten)]
    pub account: ServiceAccount,
    /// The token (`qasa_` and 43 characters). Store it now: it is kept only as a hash and
    /// cannot be shown again. Send it as `Authorization: Bearer <token>`.
    pub token: String,
}

/// Every service account.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceAccountList {
    /// The accounts, newest first.
    pub items: Vec<ServiceAccount>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}

/// A new service account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewServiceAccount {
    /// What the system is.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// What it may do: at least one.
    pub scopes: Vec<Scope>,
    /// The last day its tokens work: after today and at most a year ahead.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub expires_on: Date,
}

/// A rotation.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct RotateServiceAccount {
    /// Hours the old token keeps working (0 to 168; default 24).
    #[schema(minimum = 0, maximum = 168)]
    #[validate(range(min = 0, max = 168))]
    pub overlap_hours: Option<i64>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = service_accounts)]
struct AccountRow {
    id: ServiceAccountId,
    name: String,
    scopes: String,
    expires_on: Date,
    revoked_at: Option<PrimitiveDateTime>,
    last_used_at: Option<PrimitiveDateTime>,
    version: i32,
    created_at: PrimitiveDateTime,
    created_by: Option<UserId>,
    updated_at: PrimitiveDateTime,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = service_account_tokens)]
struct TokenRow {
    id: ServiceTokenId,
    account_id: ServiceAccountId,
    hint: String,
    created_at: PrimitiveDateTime,
    valid_until: Option<PrimitiveDateTime>,
    last_used_at: Option<PrimitiveDateTime>,
}

impl AccountRow {
    fn status(&self) -> AccountStatus {
        if self.revoked_at.is_some() {
            AccountStatus::Revoked
        } else if london_today() > self.expires_on {
            AccountStatus::Expired
        } else {
            AccountStatus::Active
        }
    }

    fn view(self, tokens: Vec<TokenRow>) -> ServiceAccount {
        let status = self.status();
        let now = now_utc();
        let tokens = if status == AccountStatus::Active {
            tokens
                .into_iter()
                .filter(|t| t.account_id == self.id && t.valid_until.is_none_or(|v| v > now))
                .map(|t| ServiceTokenView {
                    id: t.id.uuid(),
                    hint: t.hint,
                    created_at: to_utc(t.created_at),
                    valid_until: t.valid_until.map(to_utc),
                    last_used_at: t.last_used_at.map(to_utc),
                })
                .collect()
        } else {
            Vec::new()
        };
        ServiceAccount {
            id: self.id.uuid(),
            name: self.name,
            scopes: scope::split(&self.scopes),
            expires_on: self.expires_on,
            status,
            last_used_at: self.last_used_at.map(to_utc),
            revoked_at: self.revoked_at.map(to_utc),
            tokens,
            created_by: self.created_by.map(UserId::uuid),
            created_at: to_utc(self.created_at),
            updated_at: to_utc(self.updated_at),
            version: self.version,
            allowed_operations: if status == AccountStatus::Active {
                vec![
                    ServiceAccountOperation::Rotate,
                    ServiceAccountOperation::Revoke,
                ]
            } else if status == AccountStatus::Expired {
                vec![ServiceAccountOperation::Revoke]
            } else {
                Vec::new()
            },
        }
    }
}

fn load(conn: &mut DbConn, id: ServiceAccountId) -> ApiResult<ServiceAccount> {
    let row: AccountRow = service_accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let tokens: Vec<TokenRow> = service_account_tokens::table
        .filter(service_account_tokens::account_id.eq(id))
        .order(service_account_tokens::created_at.desc())
        .select(TokenRow::as_select())
        .load(conn)?;
    Ok(row.view(tokens))
}

fn log(
    conn: &mut DbConn,
    actor: UserId,
    action: &'static str,
    id: ServiceAccountId,
    detail: String,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &actor.to_string(),
            action,
            "service_account",
            &id.to_string(),
            Some(detail),
        )],
    )
}

/// Issues a new token for an account; returns the token.
fn issue(
    conn: &mut DbConn,
    account: ServiceAccountId,
    now: PrimitiveDateTime,
) -> ApiResult<String> {
    let secret = token::generate();
    diesel::insert_into(service_account_tokens::table)
        .values((
            service_account_tokens::id.eq(ServiceTokenId::new()),
            service_account_tokens::account_id.eq(account),
            service_account_tokens::token_hash.eq(token::hash(&secret)),
            service_account_tokens::hint.eq(token::hint(&secret)),
            service_account_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(secret)
}

fn location(id: Uuid) -> String {
    format!("/api/v1/service-accounts/{id}")
}

/// The latest `expires_on` allowed: a year from today (28 February from 29 February).
fn latest_expiry(today: Date) -> Date {
    let year = today.year() + 1;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), today.day() - 1))
        .unwrap_or(today)
}

/// Every service account, newest first (never a token). Administrators only.
#[utoipa::path(
    tag = "service accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every service account", body = ServiceAccountList),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/service-accounts")]
pub async fn list_service_accounts(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let items = state
        .run(user, |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let rows: Vec<AccountRow> = service_accounts::table
                .order((service_accounts::created_at.desc(), service_accounts::id))
                .select(AccountRow::as_select())
                .load(cx.conn)?;
            let tokens: Vec<TokenRow> = service_account_tokens::table
                .order(service_account_tokens::created_at.desc())
                .select(TokenRow::as_select())
                .load(cx.conn)?;
            let mut by_account: std::collections::HashMap<ServiceAccountId, Vec<TokenRow>> =
                Default::default();
            for t in tokens {
                by_account.entry(t.account_id).or_default().push(t);
            }
            Ok(rows
                .into_iter()
                .map(|row| {
                    let tokens = by_account.remove(&row.id).unwrap_or_default();
                    row.view(tokens)
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(ServiceAccountList {
        items,
        next_cursor: None,
    }))
}

/// One service account (never a token). Administrators only.
#[utoipa::path(
    tag = "service accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Service account id")),
    responses(
        (status = 200, description = "The account", body = ServiceAccount, headers(("ETag" = String))),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/service-accounts/{id}")]
pub async fn get_service_account(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ServiceAccountId::from(id.into_inner());
    let account = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            load(cx.conn, id)
        })
        .await?;
    Ok(versioned(account.version, &account))
}

/// Creates a service account with scopes and an expiry (after today, at most a year ahead).
/// The answer carries its token, shown this once. Administrators only; logged.
#[utoipa::path(
    tag = "service accounts",
    security(("bearer" = [])),
    request_body = NewServiceAccount,
    responses(
        (status = 201, description = "Created; `token` is shown this once", body = ServiceAccountWithToken, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing name, no or unknown scopes, or an expiry not within the next year", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/service-accounts")]
pub async fn create_service_account(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let input: NewServiceAccount = body.parse()?;
            let name = input.name.trim().to_string();
            let today = london_today();
            let mut errors = Vec::new();
            if name.is_empty() {
                errors.push(FieldError::new("name", "is required"));
            }
            if input.scopes.is_empty() {
                errors.push(FieldError::new("scopes", "must name at least one scope"));
            }
            if input.expires_on <= today {
                errors.push(FieldError::new("expires_on", "must be after today"));
            } else if input.expires_on > latest_expiry(today) {
                errors.push(FieldError::new(
                    "expires_on",
                    format!(
                        "must be at most a year ahead (on or before {})",
                        crate::dates::format_date(latest_expiry(today))
                    ),
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let actor = cx.caller.user_id;
            let scopes = scope::join(&input.scopes);
            write_tx(cx.conn, |conn| {
                let id = ServiceAccountId::new();
                let now = now_utc();
                diesel::insert_into(service_accounts::table)
                    .values((
                        service_accounts::id.eq(id),
                        service_accounts::name.eq(&name),
                        service_accounts::scopes.eq(&scopes),
                        service_accounts::expires_on.eq(input.expires_on),
                        service_accounts::version.eq(1),
                        service_accounts::created_at.eq(now),
                        service_accounts::created_by.eq(Some(actor)),
                        service_accounts::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                let secret = issue(conn, id, now)?;
                log(
                    conn,
                    actor,
                    "create",
                    id,
                    format!(
                        "scopes {scopes}; expires {}",
                        crate::dates::format_date(input.expires_on)
                    ),
                )?;
                Ok(ServiceAccountWithToken {
                    account: load(conn, id)?,
                    token: secret,
                })
            })
        })
        .await?;
    Ok(created(
        location(answer.account.id),
        answer.account.version,
        &answer,
    ))
}

/// Issues a new token, shown this once. The old tokens keep working for `overlap_hours`
/// (default 24, at most 168), so the system can switch without a gap. Administrators only;
/// logged. 409 for a revoked or expired account.
#[utoipa::path(
    tag = "service accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Service account id")),
    request_body(content = Option<RotateServiceAccount>, description = "Optional; `{}` for the default overlap"),
    responses(
        (status = 200, description = "Rotated; `token` is shown this once", body = ServiceAccountWithToken, headers(("ETag" = String))),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is revoked or expired", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/service-accounts/{id}/rotate")]
pub async fn rotate_service_account(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let id = ServiceAccountId::from(id.into_inner());
    let answer = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let input: RotateServiceAccount = if body.iter().all(u8::is_ascii_whitespace) {
                RotateServiceAccount::default()
            } else {
                crate::extract::parse_json_body(&body)?
            };
            let overlap = input.overlap_hours.unwrap_or(DEFAULT_OVERLAP_HOURS);
            if !(0..=MAX_OVERLAP_HOURS).contains(&overlap) {
                return Err(ApiError::field(
                    "overlap_hours",
                    "must be from 0 to 168 (7 days)",
                ));
            }
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let current = load(conn, id)?;
                if current.status != AccountStatus::Active {
                    return Err(ApiError::conflict(format!(
                        "The service account is {}: create a new one instead.",
                        current.status
                    )));
                }
                let now = now_utc();
                let until = now + time::Duration::hours(overlap);
                diesel::update(
                    service_account_tokens::table
                        .filter(service_account_tokens::account_id.eq(id))
                        .filter(
                            service_account_tokens::valid_until
                                .is_null()
                                .or(service_account_tokens::valid_until.gt(until)),
                        ),
                )
                .set(service_account_tokens::valid_until.eq(Some(until)))
                .execute(conn)?;
                let changed = diesel::update(
                    service_accounts::table
                        .find(id)
                        .filter(service_accounts::version.eq(current.version)),
                )
                .set((
                    service_accounts::version.eq(current.version + 1),
                    service_accounts::updated_at.eq(now),
                ))
                .execute(conn)?;
                if changed == 0 {
                    return Err(ApiError::Raced);
                }
                let secret = issue(conn, id, now)?;
                log(
                    conn,
                    actor,
                    "rotate",
                    id,
                    format!("old tokens work for {overlap} hours"),
                )?;
                Ok(ServiceAccountWithToken {
                    account: load(conn, id)?,
                    token: secret,
                })
            })
        })
        .await?;
    Ok(versioned(answer.account.version, &answer))
}

/// Revokes the account: every token stops working at once. Administrators only; logged. 409
/// when it is revoked already.
#[utoipa::path(
    tag = "service accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Service account id")),
    responses(
        (status = 200, description = "Revoked", body = ServiceAccount, headers(("ETag" = String))),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/service-accounts/{id}/revoke")]
pub async fn revoke_service_account(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = ServiceAccountId::from(id.into_inner());
    let account = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let current = load(conn, id)?;
                if current.status == AccountStatus::Revoked {
                    return Err(ApiError::conflict(
                        "The service account is revoked already.",
                    ));
                }
                let now = now_utc();
                let changed = diesel::update(
                    service_accounts::table
                        .find(id)
                        .filter(service_accounts::version.eq(current.version)),
                )
                .set((
                    service_accounts::revoked_at.eq(Some(now)),
                    service_accounts::revoked_by.eq(Some(actor)),
                    service_accounts::version.eq(current.version + 1),
                    service_accounts::updated_at.eq(now),
                ))
                .execute(conn)?;
                if changed == 0 {
                    return Err(ApiError::Raced);
                }
                diesel::update(
                    service_account_tokens::table
                        .filter(service_account_tokens::account_id.eq(id))
                        .filter(
                            service_account_tokens::valid_until
                                .is_null()
                                .or(service_account_tokens::valid_until.gt(now)),
                        ),
                )
                .set(service_account_tokens::valid_until.eq(Some(now)))
                .execute(conn)?;
                log(conn, actor, "revoke", id, "every token revoked".into())?;
                load(conn, id)
            })
        })
        .await?;
    Ok(versioned(account.version, &account))
}

/// What a service token can see of itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceTokenInfo {
    /// The service account's id.
    pub service_account_id: Uuid,
    /// Its name.
    pub name: String,
    /// The scopes it holds.
    pub scopes: Vec<Scope>,
}

/// The service account a token belongs to, with its scopes: a way for an integrator to check a
/// token works. Service tokens only (any scope); a person's token is refused with 403.
#[utoipa::path(
    tag = "service accounts",
    security(("service_token" = [])),
    responses(
        (status = 200, description = "The token's account", body = ServiceTokenInfo),
        (status = 403, description = "Not a service token", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/integration/token")]
pub async fn get_service_token(caller: super::ServiceCaller) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(ServiceTokenInfo {
        service_account_id: caller.account_id.uuid(),
        name: caller.name,
        scopes: caller.scopes,
    }))
}
