//! Batches of upserts: up to 1,000 cases, staff or teams in one request, each item validated
//! and upserted by the same function as its single `PUT`, and answered in order.
//!
//! Each item is written in **its own transaction**, not the batch in one: one bad item (a
//! reference naming nobody, an email in use) must not stop the other 999, which the CMS would
//! otherwise have to resend around it; and short transactions keep SQLite's single writer and
//! PostgreSQL's row locks brief, so people using the product are not held up behind a
//! thousand-row sync. A batch cut short (the connection lost, the service stopped) has written
//! the items before the cut; sending it again is safe, since each upsert is idempotent.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};
use validator::Validate;

use super::staff::{OpenAction, StaffUpsert};
use super::teams::TeamUpsert;
use super::{CaseUpsert, Upserted};
use crate::db::DbConn;
use crate::error::{retry_races, ApiError, ApiResult, FieldError, Problem};
use crate::extract::parse_json_body;

/// The most items a batch may hold.
pub const MAX_ITEMS: usize = 1000;

/// A batch as it is read: the items are checked one by one, so a bad item is refused alone.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    /// 1 to 1,000 items, each an object with `external_ref` and the fields of its `PUT`.
    #[schema(value_type = Vec<Object>, min_items = 1, max_items = 1000)]
    #[validate(length(min = 1, max = 1000, message = "must hold 1 to 1000 items"))]
    pub items: Vec<Value>,
}

/// A batch item as documented: its upsert's object schema with `external_ref` added and
/// required. (A flattened struct would be documented as `allOf` the upsert, which refuses
/// unknown fields, and an object holding `external_ref`: a schema no item could satisfy.)
fn item_schema<T: PartialSchema>(record: &str) -> RefOr<Schema> {
    let mut schema = T::schema();
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        let reference = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(100))
            .description(Some(format!("The CMS's reference for the {record}.")))
            .build();
        object
            .properties
            .insert("external_ref".into(), reference.into());
        object.required.insert(0, "external_ref".into());
        object.description = Some(format!(
            "A {record} in a batch: its reference and the body of its `PUT`."
        ));
    }
    schema
}

/// Documents a batch item type as [`item_schema`] of its upsert.
macro_rules! batch_item {
    ($(#[$doc:meta])* $item:ident, $upsert:ty, $record:literal) => {
        $(#[$doc])*
        pub struct $item;

        impl PartialSchema for $item {
            fn schema() -> RefOr<Schema> {
                item_schema::<$upsert>($record)
            }
        }

        impl ToSchema for $item {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                <$upsert as ToSchema>::schemas(schemas);
            }
        }
    };
}

batch_item!(
    /// A case in a batch (documentation only: items are read one by one from [`RawBatch`]).
    CaseBatchItem,
    CaseUpsert,
    "case"
);
batch_item!(
    /// A member of staff in a batch (documentation only, as [`CaseBatchItem`]).
    StaffBatchItem,
    StaffUpsert,
    "member of staff"
);
batch_item!(
    /// A team in a batch (documentation only, as [`CaseBatchItem`]).
    TeamBatchItem,
    TeamUpsert,
    "team"
);

/// 1 to 1,000 cases.
#[derive(ToSchema)]
pub struct CaseBatch {
    /// The cases, answered in this order.
    #[schema(min_items = 1, max_items = 1000)]
    pub items: Vec<CaseBatchItem>,
}

/// 1 to 1,000 members of staff.
#[derive(ToSchema)]
pub struct StaffBatch {
    /// The people, answered in this order.
    #[schema(min_items = 1, max_items = 1000)]
    pub items: Vec<StaffBatchItem>,
}

/// 1 to 1,000 teams.
#[derive(ToSchema)]
pub struct TeamBatch {
    /// The teams, answered in this order.
    #[schema(min_items = 1, max_items = 1000)]
    pub items: Vec<TeamBatchItem>,
}

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    /// A new record (as a `PUT` answering 201).
    Created,
    /// An existing record rewritten, a new version.
    Changed,
    /// Nothing to change: the same version.
    Unchanged,
    /// Invalid: nothing written for this item (`problem` says why).
    Refused,
}

impl From<Upserted> for ItemOutcome {
    fn from(outcome: Upserted) -> Self {
        match outcome {
            Upserted::Created => Self::Created,
            Upserted::Changed => Self::Changed,
            Upserted::Unchanged => Self::Unchanged,
        }
    }
}

/// One item's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemResult {
    /// The item's place in the batch, from 0.
    pub index: usize,
    /// The item's reference, as sent (null when missing).
    pub external_ref: Option<String>,
    /// The status its own `PUT` would answer: 201, 200 or 422.
    pub status: u16,
    /// What became of it.
    pub outcome: ItemOutcome,
    /// The record's id here, when written or unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    /// The record's version, when written or unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// For a leaver in a staff batch: the actions they still own, to reassign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_actions: Option<Vec<OpenAction>>,
    /// For a refused item: the problem document its `PUT` would answer, naming the fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// A batch's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchAnswer {
    /// One result per item, in the batch's order.
    pub results: Vec<ItemResult>,
}

/// What an item's upsert did.
pub struct ItemDone {
    /// Created, changed or unchanged.
    pub outcome: Upserted,
    /// The record's id.
    pub id: uuid::Uuid,
    /// Its version.
    pub version: i32,
    /// A leaver's open actions.
    pub open_actions: Option<Vec<OpenAction>>,
}

/// An item's reference and body, parsed and checked exactly as its `PUT` would parse its body.
fn split_item<T>(item: Value) -> (Option<String>, ApiResult<T>)
where
    T: serde::de::DeserializeOwned + ToSchema + Validate,
{
    let Value::Object(mut fields) = item else {
        return (
            None,
            Err(ApiError::field("body", "each item must be an object")),
        );
    };
    let (external_ref, mut errors) = match fields.remove("external_ref") {
        Some(Value::String(reference)) => (Some(reference), Vec::new()),
        Some(_) => (
            None,
            vec![FieldError::new("external_ref", "must be a string")],
        ),
        None => (None, vec![FieldError::new("external_ref", "is required")]),
    };
    let body = serde_json::to_vec(&Value::Object(fields)).unwrap_or_default();
    let parsed = match parse_json_body::<T>(&body) {
        Ok(parsed) if errors.is_empty() => Ok(parsed),
        Ok(_) => Err(ApiError::Validation(errors)),
        Err(ApiError::Validation(more)) => {
            errors.extend(more);
            Err(ApiError::Validation(errors))
        }
        Err(other) => Err(other),
    };
    (external_ref, parsed)
}

/// Upserts each item in turn, each in its own transaction (retried on a race as its `PUT`
/// is), and answers every item: a validation problem refuses that item alone; any other
/// failure (the database gone) stops the batch with that error.
pub fn run<T>(
    conn: &mut DbConn,
    items: Vec<Value>,
    mut upsert: impl FnMut(&mut DbConn, &str, &T) -> ApiResult<ItemDone>,
) -> ApiResult<BatchAnswer>
where
    T: serde::de::DeserializeOwned + ToSchema + Validate,
{
    if items.is_empty() || items.len() > MAX_ITEMS {
        // Checked again here, for callers that did not read the batch through [`RawBatch`].
        return Err(ApiError::field("items", "must hold 1 to 1000 items"));
    }
    let mut results = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let (external_ref, parsed) = split_item::<T>(item);
        let done = parsed.and_then(|input| {
            let reference = external_ref.as_deref().unwrap_or_default();
            retry_races(|| upsert(conn, reference, &input))
        });
        results.push(match done {
            Ok(done) => ItemResult {
                index,
                external_ref,
                status: done.outcome.status(),
                outcome: done.outcome.into(),
                id: Some(done.id),
                version: Some(done.version),
                open_actions: done.open_actions,
                problem: None,
            },
            Err(refused @ ApiError::Validation(_)) => ItemResult {
                index,
                external_ref,
                status: 422,
                outcome: ItemOutcome::Refused,
                id: None,
                version: None,
                open_actions: None,
                problem: Some(refused.problem()),
            },
            Err(other) => return Err(other),
        });
    }
    Ok(BatchAnswer { results })
}
