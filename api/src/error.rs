//! One error type for the whole API, answered as RFC 9457 `application/problem+json` with a
//! stable `type` per kind of problem. Bodies never carry SQL, stack traces or file paths; a 500
//! carries the request id that the log line carries.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::ops::request_id;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Seconds a client should wait before retrying a 503: about the time the pool takes to
/// notice the database is back (its reconnect back-off tops out at half the pool's wait).
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

/// One invalid or missing field of a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as a dotted path into the request (`judgements.3.grade`) or a query parameter.
    pub field: String,
    /// Why it was refused, in plain English.
    pub message: String,
}

impl FieldError {
    /// A field error from anything printable.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem; stable, so clients may switch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for a person to read.
    pub detail: String,
    /// Every invalid field, for validation problems (422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request id, also in the `X-Request-Id` header and the service's log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Everything a request can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON at all (a syntax error).
    #[error("{0}")]
    MalformedJson(String),
    /// A bad query string or path segment that is not a field of a JSON body.
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or credentials that are not valid.
    #[error("authentication required")]
    Unauthenticated(String),
    /// A known caller whose roles do not allow the operation.
    #[error("forbidden")]
    Forbidden(String),
    /// No such record, or one outside the caller's scope: the two are indistinguishable.
    #[error("not found")]
    NotFound,
    /// The route exists under other methods.
    #[error("method not allowed")]
    MethodNotAllowed(Vec<String>),
    /// The command is not valid in the record's current state.
    #[error("{0}")]
    Conflict(String),
    /// A conditional update changed nothing: another request changed the record first. The
    /// policy's write path retries on it; it reaches a caller only as a 409.
    #[error("the record changed while it was being written")]
    Raced,
    /// `If-Match` names an older version.
    #[error("precondition failed")]
    PreconditionFailed {
        /// The record's current version.
        current_version: i32,
    },
    /// `If-Match` is required but missing.
    #[error("precondition required")]
    PreconditionRequired,
    /// The body exceeds the limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType(String),
    /// Well-formed JSON with invalid or missing fields; lists every one.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Too many attempts; try again after the given seconds.
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
        /// What was limited.
        detail: String,
    },
    /// A dependency (the database) is unavailable.
    #[error("service unavailable")]
    Unavailable(String),
    /// A fault of ours. The message goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A single-field validation error.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// A 403 with a reason.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::Forbidden(detail.into())
    }

    /// The 503 answered while the database cannot be reached.
    pub fn unavailable() -> Self {
        Self::Unavailable("The database is unavailable; try again shortly.".into())
    }

    /// A 409 with a reason.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict(detail.into())
    }

    fn code_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::MalformedJson(_) => ("malformed-json", "The request body is not valid JSON"),
            Self::BadRequest(_) => ("bad-request", "The request is not valid"),
            Self::Unauthenticated(_) => ("unauthenticated", "Sign-in required"),
            Self::Forbidden(_) => ("forbidden", "You do not have access to this operation"),
            Self::NotFound => ("not-found", "Not found"),
            Self::MethodNotAllowed(_) => ("method-not-allowed", "Method not allowed"),
            Self::Conflict(_) | Self::Raced => {
                ("conflict", "Not allowed in the record's current state")
            }
            Self::PreconditionFailed { .. } => (
                "precondition-failed",
                "The record has changed since you read it",
            ),
            Self::PreconditionRequired => ("precondition-required", "If-Match header required"),
            Self::PayloadTooLarge => ("payload-too-large", "Request body too large"),
            Self::UnsupportedMediaType(_) => ("unsupported-media-type", "Unsupported media type"),
            Self::Validation(_) => ("validation-failed", "The request has invalid fields"),
            Self::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            Self::Unavailable(_) => ("unavailable", "Service unavailable"),
            Self::Internal(_) => ("internal-error", "Internal server error"),
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::MalformedJson(d)
            | Self::BadRequest(d)
            | Self::Unauthenticated(d)
            | Self::Forbidden(d)
            | Self::Conflict(d)
            | Self::UnsupportedMediaType(d)
            | Self::Unavailable(d) => d.clone(),
            Self::TooManyRequests { detail, .. } => detail.clone(),
            Self::NotFound => "No resource exists at this address.".into(),
            Self::Raced => {
                "The record was changed by someone else at the same moment. Try again.".into()
            }
            Self::MethodNotAllowed(allow) => {
                format!("This resource answers {} only.", allow.join(", "))
            }
            Self::PreconditionFailed { current_version } => format!(
                "The If-Match tag is stale: the current version is \"{current_version}\". \
                 Read the record again and re-apply your change."
            ),
            Self::PreconditionRequired => {
                "Send If-Match with the ETag of the version you read.".into()
            }
            Self::PayloadTooLarge => "The request body is larger than 1 MiB.".into(),
            Self::Validation(errors) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                format!("Check these fields: {}.", fields.join(", "))
            }
            Self::Internal(_) => {
                "Something went wrong on our side. Quote the request id if you report it.".into()
            }
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let (code, title) = self.code_and_title();
        Problem {
            problem_type: format!("/problems/{code}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            errors: match self {
                Self::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
            request_id: matches!(self, Self::Internal(_) | Self::Unavailable(_))
                .then(request_id::current)
                .flatten(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) | Self::Raced => StatusCode::CONFLICT,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(message) = self {
            tracing::error!(
                request_id = request_id::current().unwrap_or_default(),
                error = %message,
                "internal error"
            );
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            Self::MethodNotAllowed(allow) => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            Self::TooManyRequests {
                retry_after_secs, ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unauthenticated(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::Unavailable(_) => {
                response.insert_header((
                    header::RETRY_AFTER,
                    UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
                ));
            }
            _ => {}
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        response.body(body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => Self::NotFound,
            // The server went away under the request (a restart or failover): the client may
            // retry, and the pool has already discarded the dead connection.
            lost if crate::db::is_connection_lost(&lost) => {
                tracing::warn!(error = %lost, "database connection lost");
                Self::unavailable()
            }
            other => Self::Internal(format!("database: {other}")),
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(error: r2d2::Error) -> Self {
        tracing::warn!(%error, "database pool");
        Self::unavailable()
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        Self::Internal("a blocking task was cancelled".into())
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        Self::Validation(crate::extract::flatten_validation_errors(&errors))
    }
}

/// How many times a read-check-write is made again when its conditional update lost a race.
const ATTEMPTS: usize = 5;

/// Repeats a read-check-write transaction while it answers [`ApiError::Raced`] (another
/// change committed between its read and its write); with a specific `If-Match` the next read
/// answers 412 instead. Writes to case-level records use the record policy's `write`, which
/// does the same with authorisation.
pub fn retry_races<T>(mut attempt: impl FnMut() -> ApiResult<T>) -> ApiResult<T> {
    for _ in 1..ATTEMPTS {
        match attempt() {
            Err(ApiError::Raced) => continue,
            other => return other,
        }
    }
    attempt()
}

/// Shorthand for handler and service results.
pub type ApiResult<T> = Result<T, ApiError>;
