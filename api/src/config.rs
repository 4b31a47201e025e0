//! Typed settings: built-in defaults, overridden by `QA_*` environment variables, validated once
//! at start so a bad value stops the process with a clear message instead of failing later.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Which database a URL names; decided by its scheme so a mistyped PostgreSQL URL can never
/// silently become a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A PostgreSQL connection string (`postgres://` or `postgresql://`).
    Postgres(String),
    /// A SQLite database file path (from `sqlite://path` or `sqlite:path`).
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// Parses a database URL; unknown schemes are refused.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_string()));
        }
        if let Some(path) = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("QA_DATABASE_URL: a sqlite URL needs a file path".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        Err(format!(
            "QA_DATABASE_URL: unsupported scheme in {raw:?}; use sqlite://<path> or postgres://..."
        ))
    }

    /// The backend's name, for logs and metrics.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgres",
            Self::Sqlite(_) => "sqlite",
        }
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// Deployment environment; production refuses unsafe defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Local development: generated keys are allowed, with a warning.
    Development,
    /// Production: every secret must be configured.
    Production,
}

/// All settings of the service.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the data lives.
    pub database_url: DatabaseUrl,
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Built SPA folder to serve at `/`, if any.
    pub spa_dir: Option<PathBuf>,
    /// Log level filter (tracing `EnvFilter` syntax).
    pub log_level: String,
    /// Log format.
    pub log_format: LogFormat,
    /// Maximum database connections in the pool.
    pub pool_size: u32,
    /// HTTP worker threads (0 = one per core).
    pub workers: usize,
    /// Development or production.
    pub environment: Environment,
    /// Secret used to sign access tokens (HS256), at least 32 bytes.
    pub jwt_secret: Option<String>,
    /// File holding the signing secret; generated in development when absent.
    pub jwt_key_file: Option<PathBuf>,
    /// `iss` claim of access tokens.
    pub jwt_issuer: String,
    /// `aud` claim of access tokens.
    pub jwt_audience: String,
    /// Access-token lifetime in seconds.
    pub access_token_ttl_secs: i64,
    /// Seconds without a refresh after which a session ends (the SPA refreshes only while its
    /// user is active): `QA_SESSION_IDLE_MINUTES`, default 30.
    pub session_idle_secs: i64,
    /// Seconds after sign-in after which a session ends whatever the activity:
    /// `QA_SESSION_MAX_HOURS`, default 10.
    pub session_max_secs: i64,
    /// Proxies whose `X-Forwarded-For` names the client (`QA_TRUSTED_PROXIES`, CIDRs); without
    /// them the peer address is the client.
    pub trusted_proxies: Vec<crate::auth::client::IpNet>,
    /// A previous signing key that still verifies tokens until they expire, during a key
    /// rotation (`QA_JWT_PREVIOUS_KEY_FILE`).
    pub jwt_previous_key_file: Option<PathBuf>,
    /// Expensive requests (lists of more than 100 rows, exports) one user may make per minute
    /// before answering 429 (`QA_EXPENSIVE_REQUESTS_PER_MINUTE`, default 60).
    pub expensive_requests_per_minute: u32,
    /// Working days after an audit is submitted within which its practitioner should reply
    /// (`QA_REPLY_WORKING_DAYS`, default 10).
    pub reply_working_days: i32,
    /// Whether tests may move the service's clock and run its scheduled jobs at once
    /// (`QA_TEST_CLOCK=1`: `PUT /api/v1/test/clock`, `POST /api/v1/test/jobs/run`); refused in
    /// production.
    pub test_clock: bool,
    /// The SMTP relay notifications are e-mailed through (`QA_SMTP_URL`, `smtp://host:port`;
    /// off when unset). A council's relay inside its network; the relay handles TLS onwards.
    pub smtp_url: Option<String>,
    /// The sender of e-mails (`QA_MAIL_FROM`).
    pub mail_from: String,
    /// The address people open the service at, for links in e-mails (`QA_PUBLIC_URL`).
    pub public_url: String,
    /// Seconds between the scheduler's sweeps of deadlines (`QA_JOBS_INTERVAL_SECS`, default
    /// 60; 0 turns the scheduler off).
    pub jobs_interval_secs: u64,
    /// One in how many of each auditor's submitted audits the QA unit moderates
    /// (`QA_MODERATION_SAMPLE_RATE`, default 10; audits graded at an escalating grade always).
    pub moderation_sample_rate: i32,
    /// Whether the refresh cookie carries `Secure` (browsers accept it on http://localhost too).
    pub cookie_secure: bool,
    /// Whether this instance builds the access log's case index in the background (tests turn
    /// it off to see the log before it is indexed).
    pub index_access_log: bool,
    /// Seconds between SIGTERM and closing the listener, answering readiness 503 meanwhile so
    /// a load balancer stops sending requests first (0: close at once).
    pub shutdown_drain_secs: u64,
    /// Single sign-on with the council's OpenID Connect provider, when configured.
    pub oidc: Option<OidcSettings>,
    /// Accounts that may still sign in with a password when the council turns passwords off
    /// (`QA_BREAK_GLASS_ADMINS`, comma-separated emails of administrators).
    pub break_glass_admins: Vec<String>,
    /// Whether webhook subscriptions may name `http://` addresses (`QA_WEBHOOK_ALLOW_HTTP=1`:
    /// tests and receivers on loopback); otherwise only `https://`. Refused in production.
    pub webhook_allow_http: bool,
    /// Milliseconds between the webhook worker's looks for due deliveries
    /// (`QA_WEBHOOK_POLL_MS`, default 1000; 0 turns the worker off).
    pub webhook_poll_ms: u64,
    /// Seconds a receiver has to answer one delivery (`QA_WEBHOOK_TIMEOUT_SECS`, default 10).
    pub webhook_timeout_secs: u64,
    /// The retry schedule's waits are multiplied by this (`QA_WEBHOOK_BACKOFF_SCALE`, default
    /// 1; tests use a tiny fraction so a day of retries takes a second).
    pub webhook_backoff_scale: f64,
}

/// The council's OpenID Connect provider (`QA_OIDC_ISSUER`, `QA_OIDC_CLIENT_ID`,
/// `QA_OIDC_CLIENT_SECRET` or `QA_OIDC_CLIENT_SECRET_FILE`, `QA_OIDC_NAME`).
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer; its discovery document is at `/.well-known/openid-configuration`.
    pub issuer: String,
    /// This service's client id at the provider.
    pub client_id: String,
    /// This service's client secret (a confidential client).
    pub client_secret: String,
    /// What the sign-in page calls it: "Sign in with <name>".
    pub name: String,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DatabaseUrl::Sqlite(PathBuf::from("data/qa.db")),
            bind: "127.0.0.1:8080".parse().expect("static address"),
            spa_dir: None,
            log_level: "info".into(),
            log_format: LogFormat::Text,
            pool_size: 10,
            workers: 0,
            environment: Environment::Development,
            jwt_secret: None,
            jwt_key_file: None,
            jwt_issuer: "qa-platform".into(),
            jwt_audience: "qa-platform-api".into(),
            access_token_ttl_secs: 15 * 60,
            session_idle_secs: 30 * 60,
            session_max_secs: 10 * 60 * 60,
            trusted_proxies: Vec::new(),
            jwt_previous_key_file: None,
            expensive_requests_per_minute: 60,
            reply_working_days: 10,
            moderation_sample_rate: 10,
            test_clock: false,
            jobs_interval_secs: 60,
            smtp_url: None,
            mail_from: "QA platform <qa-platform@localhost>".into(),
            public_url: "http://127.0.0.1:8080".into(),
            cookie_secure: true,
            index_access_log: true,
            shutdown_drain_secs: 0,
            oidc: None,
            break_glass_admins: Vec::new(),
            webhook_allow_http: false,
            webhook_poll_ms: 1000,
            webhook_timeout_secs: 10,
            webhook_backoff_scale: 1.0,
        }
    }
}

impl Settings {
    /// Defaults overridden by the process environment. `QA_DATABASE_URL_FILE` names a file
    /// holding the database URL (a Docker or Kubernetes secret), so its password need not sit
    /// in the environment; the signing key has `QA_JWT_KEY_FILE` already.
    pub fn from_env() -> Result<Self, String> {
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        let mut problems = Vec::new();
        let database_url = match (env("QA_DATABASE_URL"), env("QA_DATABASE_URL_FILE")) {
            (Some(_), Some(_)) => {
                problems.push("set QA_DATABASE_URL or QA_DATABASE_URL_FILE, not both".to_string());
                None
            }
            (None, Some(path)) => match std::fs::read_to_string(&path) {
                Ok(text) => Some(text.trim().to_string()),
                Err(e) => {
                    problems.push(format!("QA_DATABASE_URL_FILE: cannot read {path}: {e}"));
                    None
                }
            },
            (url, None) => url,
        };
        let settings = Self::from_lookup(|key| match key {
            "QA_DATABASE_URL" => database_url.clone(),
            other => std::env::var(other).ok(),
        });
        match settings {
            Ok(settings) if problems.is_empty() => Ok(settings),
            Ok(_) => Err(problems.join("\n")),
            Err(more) => {
                problems.push(more);
                Err(problems.join("\n"))
            }
        }
    }

    /// Defaults overridden by whatever `lookup` returns; every problem is reported at once.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut settings = Self::default();
        let mut problems = Vec::new();
        if let Some(v) = lookup("QA_DATABASE_URL") {
            match DatabaseUrl::parse(&v) {
                Ok(url) => settings.database_url = url,
                Err(e) => problems.push(e),
            }
        }
        if let Some(v) = lookup("QA_BIND") {
            match v.parse() {
                Ok(addr) => settings.bind = addr,
                Err(_) => problems.push(format!("QA_BIND: {v:?} is not a host:port address")),
            }
        }
        if let Some(v) = lookup("QA_SPA_DIR").filter(|v| !v.is_empty()) {
            settings.spa_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = lookup("QA_LOG") {
            settings.log_level = v;
        }
        if let Some(v) = lookup("QA_LOG_FORMAT") {
            match v.as_str() {
                "text" => settings.log_format = LogFormat::Text,
                "json" => settings.log_format = LogFormat::Json,
                _ => problems.push(format!("QA_LOG_FORMAT: {v:?} must be text or json")),
            }
        }
        if let Some(v) = lookup("QA_POOL_SIZE") {
            match v.parse::<u32>() {
                Ok(n) if (1..=200).contains(&n) => settings.pool_size = n,
                _ => problems.push(format!(
                    "QA_POOL_SIZE: {v:?} must be a number from 1 to 200"
                )),
            }
        }
        if let Some(v) = lookup("QA_WORKERS") {
            match v.parse::<usize>() {
                Ok(n) if n <= 256 => settings.workers = n,
                _ => problems.push(format!("QA_WORKERS: {v:?} must be a number from 0 to 256")),
            }
        }
        if let Some(v) = lookup("QA_ENV") {
            match v.as_str() {
                "development" => settings.environment = Environment::Development,
                "production" => settings.environment = Environment::Production,
                _ => problems.push(format!("QA_ENV: {v:?} must be development or production")),
            }
        }
        if let Some(v) = lookup("QA_JWT_SECRET").filter(|v| !v.is_empty()) {
            if v.len() < 32 {
                problems.push("QA_JWT_SECRET: must be at least 32 characters".into());
            }
            settings.jwt_secret = Some(v);
        }
        if let Some(v) = lookup("QA_JWT_KEY_FILE").filter(|v| !v.is_empty()) {
            settings.jwt_key_file = Some(PathBuf::from(v));
        }
        if let Some(v) = lookup("QA_JWT_ISSUER") {
            settings.jwt_issuer = v;
        }
        if let Some(v) = lookup("QA_JWT_AUDIENCE") {
            settings.jwt_audience = v;
        }
        if let Some(v) = lookup("QA_ACCESS_TOKEN_TTL_SECS") {
            match v.parse::<i64>() {
                Ok(n) if (30..=3600).contains(&n) => settings.access_token_ttl_secs = n,
                _ => problems.push(format!(
                    "QA_ACCESS_TOKEN_TTL_SECS: {v:?} must be a number from 30 to 3600"
                )),
            }
        }
        if let Some(v) = lookup("QA_SESSION_IDLE_MINUTES") {
            match v.parse::<i64>() {
                Ok(n) if (1..=240).contains(&n) => settings.session_idle_secs = n * 60,
                _ => problems.push(format!(
                    "QA_SESSION_IDLE_MINUTES: {v:?} must be a number from 1 to 240"
                )),
            }
        }
        if let Some(v) = lookup("QA_SESSION_MAX_HOURS") {
            match v.parse::<i64>() {
                Ok(n) if (1..=24).contains(&n) => settings.session_max_secs = n * 3600,
                _ => problems.push(format!(
                    "QA_SESSION_MAX_HOURS: {v:?} must be a number from 1 to 24"
                )),
            }
        }
        if let Some(v) = lookup("QA_TRUSTED_PROXIES").filter(|v| !v.trim().is_empty()) {
            for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match crate::auth::client::IpNet::parse(part) {
                    Some(net) => settings.trusted_proxies.push(net),
                    None => problems.push(format!(
                        "QA_TRUSTED_PROXIES: {part:?} is not an address or CIDR (10.0.0.0/8)"
                    )),
                }
            }
        }
        if let Some(v) = lookup("QA_JWT_PREVIOUS_KEY_FILE").filter(|v| !v.is_empty()) {
            settings.jwt_previous_key_file = Some(PathBuf::from(v));
        }
        if let Some(v) = lookup("QA_EXPENSIVE_REQUESTS_PER_MINUTE") {
            match v.parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => settings.expensive_requests_per_minute = n,
                _ => problems.push(format!(
                    "QA_EXPENSIVE_REQUESTS_PER_MINUTE: {v:?} must be a number from 1 to 10000"
                )),
            }
        }
        if let Some(v) = lookup("QA_COOKIE_SECURE") {
            match v.as_str() {
                "true" | "1" => settings.cookie_secure = true,
                "false" | "0" => settings.cookie_secure = false,
                _ => problems.push(format!("QA_COOKIE_SECURE: {v:?} must be true or false")),
            }
        }
        if let Some(v) = lookup("QA_SHUTDOWN_DRAIN_SECS") {
            match v.parse::<u64>() {
                Ok(n) if n <= 60 => settings.shutdown_drain_secs = n,
                _ => problems.push(format!(
                    "QA_SHUTDOWN_DRAIN_SECS: {v:?} must be a number from 0 to 60"
                )),
            }
        }
        if settings.environment == Environment::Production
            && settings.jwt_secret.is_none()
            && settings.jwt_key_file.is_none()
        {
            problems.push(
                "QA_ENV=production needs QA_JWT_SECRET or QA_JWT_KEY_FILE: refusing to start"
                    .into(),
            );
        }
        if let Some(v) = lookup("QA_REPLY_WORKING_DAYS") {
            match v.parse::<i32>() {
                Ok(n) if (1..=60).contains(&n) => settings.reply_working_days = n,
                _ => problems.push(format!(
                    "QA_REPLY_WORKING_DAYS: {v:?} must be a number from 1 to 60"
                )),
            }
        }
        if let Some(v) = lookup("QA_MODERATION_SAMPLE_RATE") {
            match v.parse::<i32>() {
                Ok(n) if (1..=100).contains(&n) => settings.moderation_sample_rate = n,
                _ => problems.push(format!(
                    "QA_MODERATION_SAMPLE_RATE: {v:?} must be a number from 1 (every audit) to 100"
                )),
            }
        }
        if let Some(v) = lookup("QA_SMTP_URL").filter(|v| !v.trim().is_empty()) {
            match crate::mail::SmtpAddress::parse(&v) {
                Some(_) => settings.smtp_url = Some(v),
                None => problems.push(format!(
                    "QA_SMTP_URL: {v:?} must be smtp://host:port (the council's mail relay)"
                )),
            }
        }
        if let Some(v) = lookup("QA_MAIL_FROM").filter(|v| !v.trim().is_empty()) {
            settings.mail_from = v;
        }
        if let Some(v) = lookup("QA_PUBLIC_URL").filter(|v| !v.trim().is_empty()) {
            settings.public_url = v.trim_end_matches('/').to_string();
        }
        let set = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        if let Some(issuer) = set("QA_OIDC_ISSUER") {
            let secret = match (
                set("QA_OIDC_CLIENT_SECRET"),
                set("QA_OIDC_CLIENT_SECRET_FILE"),
            ) {
                (Some(_), Some(_)) => {
                    problems.push(
                        "set QA_OIDC_CLIENT_SECRET or QA_OIDC_CLIENT_SECRET_FILE, not both".into(),
                    );
                    None
                }
                (Some(secret), None) => Some(secret),
                (None, Some(path)) => match std::fs::read_to_string(&path) {
                    Ok(text) => Some(text.trim().to_string()),
                    Err(e) => {
                        problems.push(format!(
                            "QA_OIDC_CLIENT_SECRET_FILE: cannot read {path}: {e}"
                        ));
                        None
                    }
                },
                (None, None) => {
                    problems.push(
                        "QA_OIDC_ISSUER needs QA_OIDC_CLIENT_SECRET or QA_OIDC_CLIENT_SECRET_FILE"
                            .into(),
                    );
                    None
                }
            };
            let client_id = set("QA_OIDC_CLIENT_ID");
            if client_id.is_none() {
                problems.push("QA_OIDC_ISSUER needs QA_OIDC_CLIENT_ID".into());
            }
            if !(issuer.starts_with("https://")
                || issuer.starts_with("http://127.0.0.1")
                || issuer.starts_with("http://localhost"))
            {
                problems.push(format!(
                    "QA_OIDC_ISSUER: {issuer:?} must be an https:// address (http only on loopback)"
                ));
            }
            if let (Some(client_id), Some(client_secret)) = (client_id, secret) {
                settings.oidc = Some(OidcSettings {
                    issuer: issuer.trim_end_matches('/').to_string(),
                    client_id,
                    client_secret,
                    name: set("QA_OIDC_NAME").unwrap_or_else(|| "your council account".into()),
                });
            }
        }
        if let Some(v) = set("QA_BREAK_GLASS_ADMINS") {
            settings.break_glass_admins = v
                .split(',')
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect();
        }
        if let Some(v) = lookup("QA_JOBS_INTERVAL_SECS") {
            match v.parse::<u64>() {
                Ok(n) if n <= 86_400 => settings.jobs_interval_secs = n,
                _ => problems.push(format!(
                    "QA_JOBS_INTERVAL_SECS: {v:?} must be a number of seconds from 0 to 86400"
                )),
            }
        }
        if let Some(v) = lookup("QA_WEBHOOK_ALLOW_HTTP") {
            match v.as_str() {
                "1" | "true" => settings.webhook_allow_http = true,
                "0" | "false" | "" => settings.webhook_allow_http = false,
                _ => problems.push(format!("QA_WEBHOOK_ALLOW_HTTP: {v:?} must be 1 or 0")),
            }
        }
        if let Some(v) = lookup("QA_WEBHOOK_POLL_MS") {
            match v.parse::<u64>() {
                Ok(n) if n <= 60_000 => settings.webhook_poll_ms = n,
                _ => problems.push(format!(
                    "QA_WEBHOOK_POLL_MS: {v:?} must be a number of milliseconds from 0 to 60000"
                )),
            }
        }
        if let Some(v) = lookup("QA_WEBHOOK_TIMEOUT_SECS") {
            match v.parse::<u64>() {
                Ok(n) if (1..=60).contains(&n) => settings.webhook_timeout_secs = n,
                _ => problems.push(format!(
                    "QA_WEBHOOK_TIMEOUT_SECS: {v:?} must be a number of seconds from 1 to 60"
                )),
            }
        }
        if let Some(v) = lookup("QA_WEBHOOK_BACKOFF_SCALE") {
            match v.parse::<f64>() {
                Ok(n) if n > 0.0 && n <= 1.0 => settings.webhook_backoff_scale = n,
                _ => problems.push(format!(
                    "QA_WEBHOOK_BACKOFF_SCALE: {v:?} must be a number above 0 and at most 1"
                )),
            }
        }
        if settings.environment == Environment::Production && settings.webhook_allow_http {
            problems.push(
                "QA_WEBHOOK_ALLOW_HTTP=1 is refused with QA_ENV=production: webhooks carry \
                 signed events and go to https:// addresses only"
                    .into(),
            );
        }
        if let Some(v) = lookup("QA_TEST_CLOCK") {
            match v.as_str() {
                "1" | "true" => settings.test_clock = true,
                "0" | "false" | "" => settings.test_clock = false,
                _ => problems.push(format!("QA_TEST_CLOCK: {v:?} must be 1 or 0")),
            }
        }
        if settings.environment == Environment::Production && settings.test_clock {
            problems.push(
                "QA_TEST_CLOCK=1 is refused with QA_ENV=production: a movable clock is for tests"
                    .into(),
            );
        }
        if settings.environment == Environment::Production && !settings.cookie_secure {
            problems.push(
                "QA_COOKIE_SECURE=false is refused with QA_ENV=production: the refresh cookie \
                 must only travel over HTTPS"
                    .into(),
            );
        }
        if settings.environment == Environment::Production
            && settings.oidc.is_some()
            && !settings.public_url.starts_with("https://")
        {
            problems.push(
                "QA_OIDC_ISSUER with QA_ENV=production needs QA_PUBLIC_URL=https://...: the \
                 provider sends people back to it with their sign-in"
                    .into(),
            );
        }
        if settings.session_idle_secs > settings.session_max_secs {
            problems.push(
                "QA_SESSION_IDLE_MINUTES must not be longer than QA_SESSION_MAX_HOURS".into(),
            );
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Folder that holds local state (the SQLite file, a generated development key).
    pub fn data_dir(&self) -> PathBuf {
        match &self.database_url {
            DatabaseUrl::Sqlite(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".")),
            DatabaseUrl::Postgres(_) => PathBuf::from("data"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn webhook_settings_are_read_and_plain_http_is_refused_in_production() {
        let defaults = from(&[]).unwrap();
        assert!(!defaults.webhook_allow_http);
        assert_eq!(defaults.webhook_poll_ms, 1000);
        assert_eq!(defaults.webhook_timeout_secs, 10);
        assert_eq!(defaults.webhook_backoff_scale, 1.0);
        let set = from(&[
            ("QA_WEBHOOK_ALLOW_HTTP", "1"),
            ("QA_WEBHOOK_POLL_MS", "50"),
            ("QA_WEBHOOK_TIMEOUT_SECS", "3"),
            ("QA_WEBHOOK_BACKOFF_SCALE", "0.001"),
        ])
        .unwrap();
        assert!(set.webhook_allow_http);
        assert_eq!(set.webhook_poll_ms, 50);
        assert_eq!(set.webhook_timeout_secs, 3);
        assert_eq!(set.webhook_backoff_scale, 0.001);
        let bad = from(&[
            ("QA_WEBHOOK_ALLOW_HTTP", "yes"),
            ("QA_WEBHOOK_POLL_MS", "-1"),
            ("QA_WEBHOOK_TIMEOUT_SECS", "0"),
            ("QA_WEBHOOK_BACKOFF_SCALE", "2"),
        ])
        .unwrap_err();
        for named in [
            "QA_WEBHOOK_ALLOW_HTTP",
            "QA_WEBHOOK_POLL_MS",
            "QA_WEBHOOK_TIMEOUT_SECS",
            "QA_WEBHOOK_BACKOFF_SCALE",
        ] {
            assert!(bad.contains(named), "{named}: {bad}");
        }
        let production = from(&[
            ("QA_ENV", "production"),
            ("QA_JWT_SECRET", "0123456789abcdef0123456789abcdef0123"),
            ("QA_WEBHOOK_ALLOW_HTTP", "1"),
        ])
        .unwrap_err();
        assert!(production.contains("QA_WEBHOOK_ALLOW_HTTP"), "{production}");
    }

    #[test]
    fn single_sign_on_needs_a_client_and_an_https_issuer() {
        assert!(from(&[]).unwrap().oidc.is_none());
        let err = from(&[("QA_OIDC_ISSUER", "http://login.council.test")]).unwrap_err();
        for needed in ["QA_OIDC_CLIENT_ID", "QA_OIDC_CLIENT_SECRET", "https://"] {
            assert!(err.contains(needed), "{needed}: {err}");
        }
        let both = from(&[
            ("QA_OIDC_ISSUER", "https://login.council.test/"),
            ("QA_OIDC_CLIENT_ID", "qa"),
            ("QA_OIDC_CLIENT_SECRET", "s"),
            ("QA_OIDC_CLIENT_SECRET_FILE", "/nowhere"),
        ])
        .unwrap_err();
        assert!(both.contains("not both"), "{both}");
        let ok = from(&[
            ("QA_OIDC_ISSUER", "https://login.council.test/"),
            ("QA_OIDC_CLIENT_ID", "qa"),
            ("QA_OIDC_CLIENT_SECRET", "a secret"),
            (
                "QA_BREAK_GLASS_ADMINS",
                " Ada@Example.test, ,bo@example.test",
            ),
        ])
        .unwrap();
        let oidc = ok.oidc.expect("configured");
        assert_eq!(oidc.issuer, "https://login.council.test");
        assert_eq!(oidc.name, "your council account");
        assert!(
            !format!("{oidc:?}").contains("a secret"),
            "the secret is never logged"
        );
        assert_eq!(
            ok.break_glass_admins,
            vec!["ada@example.test", "bo@example.test"]
        );
        let production = from(&[
            ("QA_ENV", "production"),
            ("QA_JWT_SECRET", "a production secret of more than 32 bytes"),
            ("QA_OIDC_ISSUER", "https://login.council.test/"),
            ("QA_OIDC_CLIENT_ID", "qa"),
            ("QA_OIDC_CLIENT_SECRET", "a secret"),
        ])
        .unwrap_err();
        assert!(production.contains("QA_PUBLIC_URL"), "{production}");
    }

    #[test]
    fn defaults_use_embedded_sqlite() {
        let s = from(&[]).unwrap();
        assert_eq!(s.database_url, DatabaseUrl::Sqlite("data/qa.db".into()));
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn unknown_database_scheme_is_refused() {
        let err = from(&[("QA_DATABASE_URL", "postgress://x")]).unwrap_err();
        assert!(err.contains("unsupported scheme"), "{err}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = from(&[("QA_BIND", "nope"), ("QA_LOG_FORMAT", "xml")]).unwrap_err();
        assert!(
            err.contains("QA_BIND") && err.contains("QA_LOG_FORMAT"),
            "{err}"
        );
    }

    #[test]
    fn production_refuses_an_insecure_cookie() {
        let err = from(&[
            ("QA_ENV", "production"),
            ("QA_JWT_SECRET", "0123456789abcdef0123456789abcdef0123"),
            ("QA_COOKIE_SECURE", "false"),
        ])
        .unwrap_err();
        assert!(err.contains("QA_COOKIE_SECURE=false is refused"), "{err}");
        // Development allows it, for plain http://127.0.0.1.
        assert!(
            !from(&[("QA_COOKIE_SECURE", "false")])
                .unwrap()
                .cookie_secure
        );
    }

    #[test]
    fn session_limits_and_proxies_are_read_and_checked() {
        let settings = from(&[
            ("QA_SESSION_IDLE_MINUTES", "20"),
            ("QA_SESSION_MAX_HOURS", "8"),
            ("QA_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7"),
            ("QA_EXPENSIVE_REQUESTS_PER_MINUTE", "30"),
            ("QA_REPLY_WORKING_DAYS", "5"),
        ])
        .unwrap();
        assert_eq!(settings.reply_working_days, 5);
        assert_eq!(from(&[]).unwrap().reply_working_days, 10);
        assert!(from(&[("QA_REPLY_WORKING_DAYS", "0")])
            .unwrap_err()
            .contains("QA_REPLY_WORKING_DAYS"));
        assert_eq!(settings.session_idle_secs, 20 * 60);
        assert_eq!(settings.session_max_secs, 8 * 3600);
        assert_eq!(settings.trusted_proxies.len(), 2);
        assert_eq!(settings.expensive_requests_per_minute, 30);
        let defaults = from(&[]).unwrap();
        assert_eq!(defaults.session_idle_secs, 30 * 60);
        assert_eq!(defaults.session_max_secs, 10 * 3600);
        assert!(defaults.trusted_proxies.is_empty());
        let err = from(&[
            ("QA_SESSION_IDLE_MINUTES", "0"),
            ("QA_TRUSTED_PROXIES", "not-an-address"),
            ("QA_EXPENSIVE_REQUESTS_PER_MINUTE", "lots"),
        ])
        .unwrap_err();
        for name in [
            "QA_SESSION_IDLE_MINUTES",
            "QA_TRUSTED_PROXIES",
            "QA_EXPENSIVE_REQUESTS_PER_MINUTE",
        ] {
            assert!(err.contains(name), "{err}");
        }
        let err = from(&[
            ("QA_SESSION_IDLE_MINUTES", "120"),
            ("QA_SESSION_MAX_HOURS", "1"),
        ])
        .unwrap_err();
        assert!(err.contains("must not be longer"), "{err}");
    }

    #[test]
    fn production_needs_a_signing_key() {
        let err = from(&[("QA_ENV", "production")]).unwrap_err();
        assert!(err.contains("QA_JWT_SECRET"), "{err}");
    }
}
