//! Single sign-on with the council's OpenID Connect provider: the authorization code flow with
//! PKCE, this service a confidential client.
//!
//! - `start` keeps the flow's `state`, `nonce` and PKCE verifier in the database (any instance
//!   may receive the callback) and binds it to the browser by a cookie whose hash is kept, so a
//!   callback in another browser, or with a `state` that was changed, is refused.
//! - `callback` exchanges the code, and checks the ID token's signature against the provider's
//!   keys (fetched by discovery, cached for an hour, fetched again once when a token is signed by
//!   a key not yet seen: a rotation), its issuer, audience, nonce and expiry, with at most
//!   [`CLOCK_SKEW_SECS`] of clock skew.
//! - Who gets in: the person linked to the token's subject; the first time, an active account
//!   whose e-mail the provider says is verified. Never a new account; never a deactivated one.
//!   Roles are this product's, not the token's.

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use diesel::prelude::*;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sha2::{Digest, Sha256};
use time::{Duration, PrimitiveDateTime};
use tokio::sync::RwLock;

use crate::config::OidcSettings;
use crate::dates::now_utc;
use crate::db::schema::{oidc_logins, user_identities, users};
use crate::db::types::UserId;
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};

/// The most a provider's clock may be ahead or behind when an ID token's times are checked.
pub const CLOCK_SKEW_SECS: i64 = 60;
/// How long a sign-in at the provider may take.
const FLOW_TTL: Duration = Duration::minutes(10);
/// How long the provider's discovery document and keys are trusted before they are read again.
const METADATA_TTL: StdDuration = StdDuration::from_secs(3600);
/// The cookie that binds a sign-in under way to the browser that began it.
pub const FLOW_COOKIE: &str = "qa_oidc";
/// The only path it is sent to.
pub const FLOW_COOKIE_PATH: &str = "/api/v1/auth/oidc";

/// Why a single sign-on was refused, as the sign-in page names it (`/sign-in?sso=<reason>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No account here for this person: ask an administrator.
    Unknown,
    /// The account is deactivated.
    Deactivated,
    /// The sign-in could not be checked (state, token, provider): try again.
    Failed,
}

impl Refusal {
    /// The value in the sign-in page's address.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Deactivated => "deactivated",
            Self::Failed => "failed",
        }
    }
}

/// A client of the provider, as discovery builds it: the authorization endpoint set, the token
/// and user-info endpoints as the provider declares them.
type Client = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// The provider as this service knows it: its settings, and its discovery document with its
/// keys, read when first needed.
pub struct Provider {
    settings: OidcSettings,
    redirect_url: String,
    http: openidconnect::reqwest::Client,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Provider {
    /// The provider of these settings; `public_url` is where people open this service.
    pub fn new(settings: OidcSettings, public_url: &str) -> Result<Arc<Self>, String> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send this service anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(StdDuration::from_secs(10))
            .build()
            .map_err(|e| format!("OpenID Connect HTTP client: {e}"))?;
        Ok(Arc::new(Self {
            settings,
            redirect_url: format!("{public_url}/api/v1/auth/oidc/callback"),
            http,
            metadata: RwLock::new(None),
        }))
    }

    /// What the sign-in page calls it.
    pub fn name(&self) -> &str {
        &self.settings.name
    }

    /// The issuer, as configured.
    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    async fn metadata(&self, fresh: bool) -> ApiResult<CoreProviderMetadata> {
        if !fresh {
            if let Some((at, metadata)) = self.metadata.read().await.as_ref() {
                if at.elapsed() < METADATA_TTL {
                    return Ok(metadata.clone());
                }
            }
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| ApiError::Internal(format!("QA_OIDC_ISSUER: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "the OpenID Connect provider's discovery failed");
                ApiError::Unavailable("The council's sign-in service cannot be reached.".into())
            })?;
        *self.metadata.write().await = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    fn client(&self, metadata: CoreProviderMetadata) -> ApiResult<Client> {
        let redirect = RedirectUrl::new(self.redirect_url.clone())
            .map_err(|e| ApiError::Internal(format!("QA_PUBLIC_URL: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Begins a sign-in: the provider's address to send the browser to, and what to keep.
    pub async fn start(&self) -> ApiResult<(String, NewFlow)> {
        let client = self.client(self.metadata(false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let binding = crate::auth::tokens::new_refresh_token();
        Ok((
            url.to_string(),
            NewFlow {
                state: state.secret().clone(),
                binding,
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Finishes a sign-in at the callback: exchanges the code and checks the ID token. Answers
    /// who the provider says signed in.
    pub async fn finish(&self, flow: &FlowRow, code: &str) -> Result<Identity, String> {
        let metadata = self.metadata(false).await.map_err(|e| e.to_string())?;
        let client = self.client(metadata).map_err(|e| e.to_string())?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| format!("no token endpoint: {e}"))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| format!("the code exchange failed: {e}"))?;
        let id_token = answer
            .id_token()
            .ok_or_else(|| "the provider answered no ID token".to_string())?;
        let nonce = Nonce::new(flow.nonce.clone());
        let verify = |client: &Client| {
            let verifier = client.id_token_verifier().set_time_fn(|| {
                // Expiry is checked against a clock that far behind: a provider whose clock runs
                // ahead of ours is not refused, and a token is never kept past exp + skew.
                chrono_now() - chrono::Duration::seconds(CLOCK_SKEW_SECS)
            });
            id_token.claims(&verifier, &nonce).map(|claims| {
                (
                    claims.subject().as_str().to_string(),
                    claims.email().map(|e| e.as_str().to_string()),
                    claims.email_verified().unwrap_or(false),
                    claims.issue_time(),
                )
            })
        };
        let checked = match verify(&client) {
            Ok(claims) => claims,
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                // Perhaps a new signing key: read the provider's keys again, once.
                let metadata = self.metadata(true).await.map_err(|e| e.to_string())?;
                let client = self.client(metadata).map_err(|e| e.to_string())?;
                verify(&client).map_err(|e| format!("the ID token was refused: {e}"))?
            }
            Err(e) => return Err(format!("the ID token was refused: {e}")),
        };
        let (subject, email, email_verified, issued) = checked;
        if issued > chrono_now() + chrono::Duration::seconds(CLOCK_SKEW_SECS) {
            return Err("the ID token was issued in the future".into());
        }
        let extra = extra_claims(&id_token.to_string());
        Ok(Identity {
            // Entra ID's object id where it sends one: it outlives a new registration of this
            // service, which changes `sub`.
            subject: extra.oid.unwrap_or(subject),
            email: email.map(|e| e.trim().to_lowercase()),
            email_verified: email_verified || extra.domain_verified,
            groups: extra.groups,
        })
    }

    /// Where single sign-out sends the browser: the provider's end-session endpoint, when it
    /// has one, coming back to the sign-in page.
    pub async fn end_session_url(&self, public_url: &str) -> Option<String> {
        // The end-session endpoint is not among the metadata the library keeps: read it from
        // the discovery document.
        let discovery = format!("{}/.well-known/openid-configuration", self.settings.issuer);
        let body = self
            .http
            .get(discovery)
            .send()
            .await
            .ok()?
            .bytes()
            .await
            .ok()?;
        let raw: serde_json::Value = serde_json::from_slice(&body).ok()?;
        let endpoint = raw.get("end_session_endpoint")?.as_str()?.to_string();
        let mut url = openidconnect::url::Url::parse(&endpoint).ok()?;
        url.query_pairs_mut()
            .append_pair("client_id", &self.settings.client_id)
            .append_pair(
                "post_logout_redirect_uri",
                &format!("{public_url}/sign-in?signed_out=1"),
            );
        Some(url.to_string())
    }
}

/// Claims of an ID token already verified that the library does not keep, read from the
/// token's payload: `groups` (for the role mappings), and Microsoft Entra ID's `oid` (the
/// person's object id, the same for every application of the tenant, where `sub` differs per
/// application) and `xms_edov` (the e-mail's domain is verified by the tenant: Entra ID sends
/// no `email_verified`).
#[derive(Debug, Default, PartialEq, Eq)]
struct ExtraClaims {
    groups: Vec<String>,
    oid: Option<String>,
    domain_verified: bool,
}

fn extra_claims(token: &str) -> ExtraClaims {
    use base64::Engine;
    let Some(claims) = token
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
    else {
        return ExtraClaims::default();
    };
    ExtraClaims {
        groups: claims
            .get("groups")
            .and_then(|groups| groups.as_array())
            .map(|groups| {
                groups
                    .iter()
                    .filter_map(|g| g.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        oid: claims
            .get("oid")
            .and_then(|oid| oid.as_str())
            .filter(|oid| !oid.is_empty())
            .map(str::to_string),
        domain_verified: matches!(claims.get("xms_edov"), Some(serde_json::Value::Bool(true)))
            || claims.get("xms_edov").and_then(|v| v.as_str()) == Some("1"),
    }
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Who the provider says signed in.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The provider's stable subject.
    pub subject: String,
    /// Their e-mail (lower-case), if given.
    pub email: Option<String>,
    /// Whether the provider verified that e-mail.
    pub email_verified: bool,
    /// The groups the ID token's `groups` claim names (for the role mappings).
    pub groups: Vec<String>,
}

/// A sign-in to keep while the browser is at the provider.
#[derive(Debug, Clone)]
pub struct NewFlow {
    /// The `state` sent to the provider.
    pub state: String,
    /// The cookie's value (only its hash is kept).
    pub binding: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier.
    pub pkce_verifier: String,
}

/// A kept sign-in.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oidc_logins)]
pub struct FlowRow {
    /// The `state`.
    pub state: String,
    /// SHA-256 of the cookie.
    pub binding_hash: String,
    /// The nonce.
    pub nonce: String,
    /// The PKCE verifier.
    pub pkce_verifier: String,
    /// When it may no longer be finished.
    pub expires_at: PrimitiveDateTime,
}

fn hash(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Keeps a sign-in under way (and forgets those that expired).
pub fn keep_flow(conn: &mut DbConn, flow: &NewFlow) -> ApiResult<()> {
    let now = now_utc();
    write_tx(conn, |conn| {
        diesel::delete(oidc_logins::table.filter(oidc_logins::expires_at.lt(now))).execute(conn)?;
        diesel::insert_into(oidc_logins::table)
            .values(&FlowRow {
                state: flow.state.clone(),
                binding_hash: hash(&flow.binding),
                nonce: flow.nonce.clone(),
                pkce_verifier: flow.pkce_verifier.clone(),
                expires_at: now + FLOW_TTL,
            })
            .execute(conn)?;
        Ok(())
    })
}

/// Takes the sign-in a callback names, once: only with the cookie of the browser that began
/// it, and before it expired.
pub fn take_flow(
    conn: &mut DbConn,
    state: &str,
    binding: Option<&str>,
) -> ApiResult<Option<FlowRow>> {
    write_tx(conn, |conn| {
        let row: Option<FlowRow> = oidc_logins::table
            .find(state)
            .select(FlowRow::as_select())
            .first(conn)
            .optional()?;
        let Some(row) = row else { return Ok(None) };
        diesel::delete(oidc_logins::table.find(state)).execute(conn)?;
        let bound = binding.is_some_and(|b| {
            let presented = hash(b);
            constant_time_eq(presented.as_bytes(), row.binding_hash.as_bytes())
        });
        Ok((bound && row.expires_at > now_utc()).then_some(row))
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The account a provider's identity signs in as, linking it the first time by a verified
/// e-mail. Never makes an account.
pub fn match_user(
    conn: &mut DbConn,
    issuer: &str,
    identity: &Identity,
) -> ApiResult<Result<UserId, Refusal>> {
    write_tx(conn, |conn| {
        let linked: Option<UserId> = user_identities::table
            .find((issuer, &identity.subject))
            .select(user_identities::user_id)
            .first(conn)
            .optional()?;
        let user = match linked {
            Some(user) => user,
            None => {
                let Some(email) = identity
                    .email
                    .as_deref()
                    .filter(|_| identity.email_verified)
                else {
                    return Ok(Err(Refusal::Unknown));
                };
                let found: Option<(UserId, bool)> = users::table
                    .filter(users::email.eq(email))
                    .select((users::id, users::active))
                    .first(conn)
                    .optional()?;
                match found {
                    None => return Ok(Err(Refusal::Unknown)),
                    Some((_, false)) => return Ok(Err(Refusal::Deactivated)),
                    Some((user, true)) => {
                        diesel::insert_into(user_identities::table)
                            .values((
                                user_identities::issuer.eq(issuer),
                                user_identities::subject.eq(&identity.subject),
                                user_identities::user_id.eq(user),
                                user_identities::created_at.eq(now_utc()),
                            ))
                            .execute(conn)?;
                        crate::access_log::record(
                            conn,
                            &[crate::access_log::AccessEntry::admin_change(
                                &user.to_string(),
                                "single_sign_on",
                                "user",
                                &user.to_string(),
                                Some("linked".into()),
                            )],
                        )?;
                        user
                    }
                }
            }
        };
        if !super::repo::is_active(conn, user)? {
            return Ok(Err(Refusal::Deactivated));
        }
        Ok(Ok(user))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn token(claims: serde_json::Value) -> String {
        let encode = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        format!(
            "{}.{}.signature",
            encode(&serde_json::json!({"alg": "RS256"})),
            encode(&claims)
        )
    }

    #[test]
    fn entra_ids_object_id_groups_and_verified_domain_are_read() {
        let extra = extra_claims(&token(serde_json::json!({
            "sub": "pairwise", "oid": "00000000-0000-0000-0000-000000000001",
            "groups": ["g1", 7, "g2"], "xms_edov": true
        })));
        assert_eq!(
            extra,
            ExtraClaims {
                groups: vec!["g1".into(), "g2".into()],
                oid: Some("00000000-0000-0000-0000-000000000001".into()),
                domain_verified: true,
            }
        );
        assert_eq!(
            extra_claims(&token(serde_json::json!({"sub": "s"}))),
            ExtraClaims::default()
        );
        assert_eq!(extra_claims("not a token"), ExtraClaims::default());
    }
}
