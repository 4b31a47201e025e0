//! Request extractors that turn bad input into clear 4xx problems: JSON bodies checked against
//! their own OpenAPI schema (so every bad field is listed at once, not just the first serde
//! meets), then deserialised and validated; `If-Match` preconditions.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::ToSchema;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::{ApiError, FieldError};

/// The largest request body accepted (product.md §5).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A request body held until the handler has authorised the caller, then parsed with
/// [`JsonBody::parse`]: authorisation is decided before the body is validated (product.md §5), so
/// a caller without the role learns nothing from validation messages.
#[derive(Debug)]
pub struct JsonBody(Result<web::Bytes, ApiError>);

impl JsonBody {
    /// Checks media type and size, parses, checks against `T`'s schema and validates.
    pub fn parse<T>(&self) -> Result<T, ApiError>
    where
        T: DeserializeOwned + ToSchema + Validate,
    {
        match &self.0 {
            Ok(bytes) => parse_json_body(bytes),
            Err(error) => Err(error.clone()),
        }
    }
}

/// A member of a JSON merge patch (RFC 7396): left out (unchanged), `null` (cleared) or a new
/// value. Declare the patch struct `#[serde(default)]` so absent members stay [`Patch::Absent`],
/// and document the member with `#[schema(value_type = Option<T>)]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not in the patch: keep the current value.
    #[default]
    Absent,
    /// `null`: clear the value.
    Null,
    /// A new value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the patch names this member.
    pub fn is_given(&self) -> bool {
        !matches!(self, Self::Absent)
    }

    /// The value after the patch, given the current one.
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Self::Absent => current,
            Self::Null => None,
            Self::Value(value) => Some(value),
        }
    }

    /// The new value, if the patch sets one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl Patch<String> {
    /// The text after the patch; blank text clears it like `null`.
    pub fn apply_text(self, current: Option<String>) -> Option<String> {
        self.apply(current).filter(|t| !t.trim().is_empty())
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Patch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| match value {
            None => Self::Null,
            Some(value) => Self::Value(value),
        })
    }
}

/// Patches are read, not written; this serves validation messages that quote the value.
impl<T: serde::Serialize> serde::Serialize for Patch<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<T: validator::ValidateLength<u64>> validator::ValidateLength<u64> for Patch<T> {
    fn length(&self) -> Option<u64> {
        self.value().and_then(|v| v.length())
    }
}

impl FromRequest for JsonBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = is_json_content_type(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let read = bytes.await.map_err(|e| {
                if e.as_response_error().status_code() == 413 {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest("The request body could not be read.".into())
                }
            });
            let checked = match read {
                Ok(_) if !content_type_ok => Err(ApiError::UnsupportedMediaType(
                    "Send the body as application/json.".into(),
                )),
                other => other,
            };
            Ok(JsonBody(checked))
        })
    }
}

/// Parses and checks a JSON body; exposed for extractors of other shapes (merge patches).
pub fn parse_json_body<T>(bytes: &[u8]) -> Result<T, ApiError>
where
    T: DeserializeOwned + ToSchema + Validate,
{
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::MalformedJson(format!(
            "The body is not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })?;
    integral_numbers_as_integers(&mut value);
    let mut errors = schema_errors::<T>(&value);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let parsed: T = serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        let message = clean_serde_message(&e.inner().to_string());
        ApiError::field(if field == "." { "body".into() } else { field }, message)
    })?;
    if let Err(invalid) = parsed.validate() {
        errors.extend(flatten_validation_errors(&invalid));
        return Err(ApiError::Validation(errors));
    }
    Ok(parsed)
}

/// JSON Schema counts `2027.0` as the integer 2027, and clients (spreadsheets, JavaScript) write
/// integers that way; serde would refuse it for an integer field. Every number that is a whole
/// value within `i64` is therefore read as an integer; float fields still accept it.
fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => {
            if let Some(float) = number.as_f64() {
                // i64::MAX as f64 rounds up to 2^63, which is out of range: compare below it.
                if float.fract() == 0.0 && (-9.2e18..=9.2e18).contains(&float) {
                    *value = Value::from(float as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(members) => members.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn clean_serde_message(message: &str) -> String {
    // serde appends the position ("at line 1 column 5"), which means nothing to a form user.
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Checks a JSON value against `T`'s OpenAPI schema and lists every mismatch.
pub fn schema_errors<T: ToSchema>(value: &Value) -> Vec<FieldError> {
    let mut components = Vec::new();
    T::schemas(&mut components);
    let mut defs: HashMap<String, Value> = components
        .into_iter()
        .filter_map(|(name, schema)| serde_json::to_value(schema).ok().map(|v| (name, v)))
        .collect();
    let root = serde_json::to_value(T::schema()).unwrap_or(Value::Null);
    defs.insert(T::name().into_owned(), root.clone());
    let mut errors = Vec::new();
    check_value(value, &root, "", &defs, &mut errors, 0);
    errors
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_matches(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn describe(types: &[&str]) -> String {
    let names: Vec<&str> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "string" => "text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "array" => "a list",
            "object" => "an object",
            other => other,
        })
        .collect();
    let mut text = format!("must be {}", names.join(" or "));
    if types.contains(&"null") {
        text.push_str(" (or null)");
    }
    text
}

fn check_value(
    value: &Value,
    schema: &Value,
    path: &str,
    defs: &HashMap<String, Value>,
    errors: &mut Vec<FieldError>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let field = if path.is_empty() { "body" } else { path };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        if let Some(target) = defs.get(name) {
            check_value(value, target, path, defs, errors, depth + 1);
        }
        return;
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(combinator).and_then(Value::as_array) {
            let mut best: Option<Vec<FieldError>> = None;
            for branch in branches {
                let mut branch_errors = Vec::new();
                check_value(value, branch, path, defs, &mut branch_errors, depth + 1);
                if branch_errors.is_empty() {
                    return;
                }
                // Report the branch that matched the value's type best: null branches of an
                // optional field say nothing useful about a wrongly typed value.
                let is_null_branch = branch.get("type").and_then(Value::as_str) == Some("null");
                if !is_null_branch && best.as_ref().is_none_or(|b| branch_errors.len() < b.len()) {
                    best = Some(branch_errors);
                }
            }
            errors.extend(
                best.unwrap_or_else(|| vec![FieldError::new(field, "is not an allowed value")]),
            );
            return;
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            check_value(value, part, path, defs, errors, depth + 1);
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| type_matches(value, t)) {
        let message = if value.is_null() {
            "is required".to_string()
        } else {
            describe(&types)
        };
        errors.push(FieldError::new(field, message));
        return;
    }
    if value.is_null() {
        return;
    }
    // NUL characters are valid JSON but PostgreSQL cannot store them in text: refuse them here,
    // for every field at once, rather than let the database fail with a 500. Only fields of the
    // schema are walked, so a name the client made up is never echoed back in `errors`.
    if value.as_str().is_some_and(|text| text.contains('\0')) {
        errors.push(FieldError::new(field, "must not contain NUL characters"));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            let names: Vec<String> = allowed
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect();
            errors.push(FieldError::new(
                field,
                format!("must be one of: {}", names.join(", ")),
            ));
            return;
        }
    }
    if let (Some(text), Some(format)) =
        (value.as_str(), schema.get("format").and_then(Value::as_str))
    {
        let ok = match format {
            "uuid" => uuid::Uuid::try_parse(text).is_ok(),
            "date" => crate::dates::parse_date(text).is_ok(),
            "date-time" => {
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .is_ok()
            }
            _ => true,
        };
        if !ok {
            let expected = match format {
                "uuid" => "an identifier (UUID)",
                "date" => "a date as YYYY-MM-DD",
                _ => "a date and time (RFC 3339)",
            };
            errors.push(FieldError::new(field, format!("must be {expected}")));
            return;
        }
    }
    if let Some(object) = value.as_object() {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    errors.push(FieldError::new(join(path, name), "is required"));
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property_schema) in properties {
                if let Some(child) = object.get(name) {
                    check_value(
                        child,
                        property_schema,
                        &join(path, name),
                        defs,
                        errors,
                        depth + 1,
                    );
                }
            }
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            check_value(
                item,
                item_schema,
                &join(path, &index.to_string()),
                defs,
                errors,
                depth + 1,
            );
        }
    }
}

/// Flattens `validator` errors into `{field, message}` pairs with dotted paths.
pub fn flatten_validation_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    flatten_into("", errors, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn flatten_into(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = join(prefix, field);
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let message = error
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| default_message(error));
                    out.push(FieldError::new(path.clone(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten_into(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten_into(&join(&path, &index.to_string()), inner, out);
                }
            }
        }
    }
}

fn default_message(error: &validator::ValidationError) -> String {
    let param = |name: &str| error.params.get(name).map(|v| v.to_string());
    match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has the wrong length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be from {min} to {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be an email address".into(),
        "required" => "is required".into(),
        other => format!("is not valid ({other})"),
    }
}

/// What an `If-Match` header asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    /// No header was sent.
    Absent,
    /// `If-Match: *`.
    Any,
    /// A specific version.
    Version(i32),
    /// A tag that names no version of ours: it can never match.
    Unmatchable,
}

impl IfMatch {
    /// Reads `If-Match` from a request.
    pub fn from_request(req: &HttpRequest) -> Self {
        let Some(raw) = req.headers().get(header::IF_MATCH) else {
            return Self::Absent;
        };
        // A header that is there but not readable text names no version of ours: it must
        // fail the precondition, not pass as if no header had been sent.
        let Ok(raw) = raw.to_str() else {
            return Self::Unmatchable;
        };
        let raw = raw.trim();
        if raw == "*" {
            return Self::Any;
        }
        raw.split(',')
            .map(|tag| tag.trim().trim_start_matches("W/").trim_matches('"'))
            .find_map(|tag| tag.parse::<i32>().ok())
            .map(Self::Version)
            .unwrap_or(Self::Unmatchable)
    }

    /// Checks the precondition against the current version. `required` is true for `PATCH`.
    pub fn check(self, current_version: i32, required: bool) -> Result<(), ApiError> {
        match self {
            // `*` matches any version, so it says nothing about which one the client read:
            // where a precondition is required it does not meet it.
            Self::Absent | Self::Any if required => Err(ApiError::PreconditionRequired),
            Self::Absent | Self::Any => Ok(()),
            Self::Version(v) if v == current_version => Ok(()),
            Self::Version(_) | Self::Unmatchable => {
                Err(ApiError::PreconditionFailed { current_version })
            }
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Self::from_request(req)))
    }
}

/// Formats a version as a strong entity-tag.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}
