//! Portable column types: enumerations stored as text and identifiers stored as text UUIDs, each
//! read and written the same way on PostgreSQL and SQLite. A stored value that is not one of
//! ours (a corrupt id, an unknown status) is a read error, never a silent default.

use std::fmt;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use uuid::Uuid;

use super::MultiBackend;

/// Reads a text column on any backend.
pub fn text_from_sql(
    bytes: <MultiBackend as Backend>::RawValue<'_>,
) -> deserialize::Result<String> {
    bytes.from_sql::<String, Text>()
}

/// Declares an enumeration stored as text: serde, OpenAPI and both databases use the same
/// values, listed once. The enum gets `ALL`, `VALUES`, `as_str`, `parse` and `Display`.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $( $(#[doc = $variant_doc:literal])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $( $(#[doc = $variant_doc])* #[serde(rename = $value)] $variant ),+
        }

        // Written by hand: the derive does not see `rename`s that come through a macro.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let description = [$($doc),*]
                    .iter()
                    .map(|line| line.trim())
                    .collect::<Vec<_>>()
                    .join("\n");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(description))
                    .enum_values(Some(Self::VALUES.iter().copied()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every stored (and API) value, in declaration order.
            pub const VALUES: &'static [&'static str] = &[$($value),+];

            /// The stored and API value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value),+
                }
            }

            /// Parses a stored or API value.
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::listing::KeyValue for $name {
            fn encode(&self) -> String {
                self.as_str().to_string()
            }
            fn decode(text: &str) -> Option<Self> {
                Self::parse(text)
            }
        }

        impl $crate::pagination::QueryValue for $name {
            fn from_query(raw: &str) -> Result<Self, String> {
                Self::parse(raw).ok_or_else(|| format!("must be one of: {}", Self::VALUES.join(", ")))
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $name {
            fn from_sql(
                bytes: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let text = $crate::db::types::text_from_sql(bytes)?;
                Self::parse(&text).ok_or_else(|| {
                    format!("{text:?} is not a stored {}", stringify!($name)).into()
                })
            }
        }

        impl $crate::db::types::StoredText for $name {
            fn push_text(&self, out: &mut String) {
                out.push_str(self.as_str());
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self.as_str()));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    &mut out.reborrow(),
                )
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }
    };
}

/// An identifier or code stored as text, whose stored form needs no escaping inside a JSON string:
/// lets [`super::member_of`] send many of them as one JSON array.
pub trait StoredText {
    /// Appends the stored text form (a lower-case hyphenated UUID, or a code of plain words).
    fn push_text(&self, out: &mut String);
}

/// Declares identifier newtypes: a UUID (v7 for new records) stored as hyphenated text. Each kind
/// of record has its own type, so an audit's id cannot be passed where a case's is expected.
macro_rules! id_types {
    ($( $(#[$meta:meta])* $name:ident ),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(
                Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                serde::Serialize, serde::Deserialize,
                diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
            )]
            #[diesel(sql_type = Text)]
            #[serde(transparent)]
            pub struct $name(Uuid);

            impl $name {
                /// A new time-ordered identifier (UUID v7), so new rows land at the end of indexes.
                pub fn new() -> Self {
                    Self(Uuid::now_v7())
                }

                /// The identifier as a UUID.
                pub fn uuid(self) -> Uuid {
                    self.0
                }

                /// Parses the text form; `None` for anything that is not a UUID.
                pub fn parse(text: &str) -> Option<Self> {
                    Uuid::try_parse(text).ok().map(Self)
                }
            }

            impl Default for $name {
                fn default() -> Self {
                    Self::new()
                }
            }

            impl From<Uuid> for $name {
                fn from(uuid: Uuid) -> Self {
                    Self(uuid)
                }
            }

            impl From<$name> for Uuid {
                fn from(id: $name) -> Self {
                    id.0
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Display::fmt(&self.0.hyphenated(), f)
                }
            }

            impl StoredText for $name {
                fn push_text(&self, out: &mut String) {
                    out.push_str(self.0.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
                }
            }

            impl crate::listing::KeyValue for $name {
                fn encode(&self) -> String {
                    self.to_string()
                }
                fn decode(text: &str) -> Option<Self> {
                    Self::parse(text)
                }
            }

            impl crate::pagination::QueryValue for $name {
                fn from_query(raw: &str) -> Result<Self, String> {
                    <Uuid as crate::pagination::QueryValue>::from_query(raw).map(Self)
                }
            }

            impl FromSql<Text, MultiBackend> for $name {
                fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                    parse_stored(&text_from_sql(bytes)?, stringify!($name)).map(Self)
                }
            }

            impl FromSql<Text, Pg> for $name {
                fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                    let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                    parse_stored(&text, stringify!($name)).map(Self)
                }
            }

            impl FromSql<Text, Sqlite> for $name {
                fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                    let text = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                    parse_stored(&text, stringify!($name)).map(Self)
                }
            }

            impl ToSql<Text, MultiBackend> for $name {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                    out.set_value((Text, self));
                    Ok(IsNull::No)
                }
            }

            impl ToSql<Text, Pg> for $name {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                    let text = self.0.hyphenated().to_string();
                    <str as ToSql<Text, Pg>>::to_sql(text.as_str(), &mut out.reborrow())
                }
            }

            impl ToSql<Text, Sqlite> for $name {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                    out.set_value(self.0.hyphenated().to_string());
                    Ok(IsNull::No)
                }
            }
        )+
    };
}

fn parse_stored(text: &str, kind: &str) -> deserialize::Result<Uuid> {
    Uuid::try_parse(text).map_err(|_| format!("{text:?} is not a stored {kind}").into())
}

id_types! {
    /// A user account.
    UserId,
    /// An org unit: directorate, service or team.
    UnitId,
    /// A child's case.
    CaseId,
    /// An audit.
    AuditId,
    /// A judgement of one standard in an audit.
    JudgementId,
    /// A moderation of an audit.
    ModerationId,
    /// A safeguarding alert.
    AlertId,
    /// An action plan.
    PlanId,
    /// An action.
    ActionId,
    /// An escalation.
    EscalationId,
    /// An entry on an escalation's timeline.
    EventId,
    /// A notification.
    NotificationId,
    /// An audit programme.
    ProgrammeId,
    /// A theme of the audit programme.
    ThemeId,
    /// A practice framework.
    FrameworkId,
    /// A practice standard of a framework.
    StandardId,
    /// A grade of a grade scale.
    GradeId,
    /// A grade scale.
    GradeScaleId,
    /// A refresh token, or a family of them.
    TokenId,
    /// An access-log entry.
    EntryId,
    /// A service account (another system calling the API).
    ServiceAccountId,
    /// A service account's token.
    ServiceTokenId,
    /// A service account's webhook subscription.
    WebhookId,
    /// One event's delivery to a webhook subscription.
    DeliveryId,
    /// A sign-in attempt.
    AttemptId,
    /// An observation of practice.
    ObservationId,
    /// A standard's judgement in an observation.
    ObservationJudgementId,
    /// A practice skill's rating in an observation.
    SkillRatingId,
    /// Feedback from the family on an observation.
    ObservationFeedbackId,
    /// A learning need agreed from an observation.
    LearningNeedId,
    /// A reviewing officer's monitoring form.
    FormId,
    /// A quality check on a monitoring form.
    QualityCheckId,
    /// A measure of an action plan.
    MeasureId,
    /// A dated reading of a measure.
    ReadingId,
    /// An e-mail waiting in the outbox.
    OutboxId,
    /// A piece of feedback: a compliment, a complaint, a survey response...
    FeedbackId,
    /// A stage of a complaint.
    StageId,
    /// A record of any kind, where one column names records of several kinds (a
    /// notification's subject, an escalation's source).
    AnyId,
}

#[cfg(test)]
mod tests {
    use super::*;

    text_enum! {
        /// A test enumeration.
        pub enum Colour {
            /// Red.
            Red = "red",
            /// Dark blue.
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn text_enums_round_trip_their_values() {
        assert_eq!(Colour::VALUES, &["red", "dark_blue"]);
        assert_eq!(Colour::parse("dark_blue"), Some(Colour::DarkBlue));
        assert_eq!(Colour::parse("blue"), None);
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark_blue\""
        );
        assert_eq!(Colour::Red.to_string(), "red");
    }

    #[test]
    fn a_corrupt_stored_id_is_an_error_not_the_nil_uuid() {
        assert!(parse_stored("not-a-uuid", "AuditId").is_err());
        let id = AuditId::new();
        assert_eq!(AuditId::parse(&id.to_string()), Some(id));
        assert_ne!(id.uuid(), Uuid::nil());
    }
}
