//! E-mail (the action-plans issue): every notification can also go by e-mail, through the
//! council's SMTP relay (`QA_SMTP_URL`; off by default). People choose per kind of
//! notification (in the app only, or e-mail too); urgent ones (a high safeguarding alert)
//! always go when e-mail is on. An e-mail says only the kind of event and links to the
//! service: never a child's name, a case reference or any narrative.
//!
//! Messages wait in an outbox table written in the notification's own transaction, so a mail
//! server that is down loses nothing: the sender tries each again with a growing backoff, and
//! several services never send one twice (each send is claimed by a conditional update).

pub mod handlers;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use diesel::prelude::*;
use serde::Serialize;
use time::PrimitiveDateTime;
use utoipa::ToSchema;

use crate::dates::now_utc;
use crate::db::schema::{notification_preferences, outbox, users};
use crate::db::types::{OutboxId, UserId};
use crate::db::DbConn;
use crate::notifications::Notice;

/// Every kind of notification, with what it tells people: the e-mail's only content.
pub const KINDS: &[(&str, &str)] = &[
    ("audit_submitted", "An audit of your work was submitted"),
    (
        "audit_returned",
        "An audit you submitted was returned to you",
    ),
    ("audit_response", "A practitioner replied to your audit"),
    ("audit_moderated", "Your audit was moderated"),
    (
        "remedial_action_raised",
        "A remedial action was raised on a case you work with",
    ),
    (
        "safeguarding_alert_raised",
        "A safeguarding alert was raised on a case you work with",
    ),
    ("escalation_raised", "An escalation was raised to you"),
    (
        "escalation_changed",
        "An escalation you are part of changed",
    ),
    (
        "escalation_due_tomorrow",
        "An escalation raised to you is due tomorrow",
    ),
    (
        "escalation_overdue",
        "An escalation you are part of is overdue",
    ),
    (
        "observation_submitted",
        "An observation of your practice was submitted",
    ),
    (
        "observation_reflection",
        "A worker reflected on your observation",
    ),
    (
        "monitoring_form_submitted",
        "A reviewing officer recorded something about a case you work with",
    ),
    ("theme_sample_assigned", "You were given audits for a theme"),
    ("action_plan_owned", "You own a new action plan"),
    ("action_assigned", "You were given an action"),
    ("action_due_soon", "An action you own is due soon"),
    ("action_overdue", "An action you own is overdue"),
    ("weekly_digest", "Your team's overdue actions this week"),
    (
        "safeguarding_alert_unacknowledged",
        "A high safeguarding alert was not acknowledged within a working day",
    ),
    (
        "complaint_due_soon",
        "A complaint's acknowledgement or response is due within two working days",
    ),
    (
        "complaint_overdue",
        "A complaint's acknowledgement or response is overdue",
    ),
];

/// What a kind of notification tells people.
pub fn describe(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("You have a new notification", |(_, words)| words)
}

/// Where in the service a record is opened.
fn link(public_url: &str, record_type: &str, record_id: uuid::Uuid) -> String {
    let path = match record_type {
        "audit" => "audits",
        "escalation" => "escalations",
        "action" => "actions",
        "observation" => "observations",
        "monitoring_form" => "monitoring-forms",
        "action_plan" => "action-plans",
        "feedback" => "feedback",
        _ => return format!("{public_url}/notifications"),
    };
    format!("{public_url}/{path}/{record_id}")
}

/// The relay's address, from `smtp://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpAddress {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
}

impl SmtpAddress {
    /// Parses `smtp://host:port` (port 25 when left out).
    pub fn parse(url: &str) -> Option<Self> {
        let rest = url.trim().strip_prefix("smtp://")?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().ok()?),
            None => (rest, 25),
        };
        (!host.is_empty()).then(|| Self {
            host: host.to_string(),
            port,
        })
    }
}

/// Queues the e-mails notifications call for, in their transaction: to the recipients who
/// chose e-mail for a notification's kind, or to all of them when it is urgent. However many
/// notifications (a scheduler's batch holds hundreds), it reads the choices once, the
/// addresses once and writes once.
pub fn enqueue_all(
    conn: &mut DbConn,
    notices: &[(Vec<UserId>, &Notice<'_>)],
) -> QueryResult<usize> {
    let asked_about: Vec<UserId> = notices
        .iter()
        .filter(|(_, notice)| !notice.urgent)
        .flat_map(|(recipients, _)| recipients.iter().copied())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let kinds: Vec<&str> = notices
        .iter()
        .filter(|(_, notice)| !notice.urgent)
        .map(|(_, notice)| notice.kind)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let chose_email: HashSet<(UserId, String)> = if asked_about.is_empty() {
        HashSet::new()
    } else {
        notification_preferences::table
            .filter(crate::db::member_of(
                notification_preferences::user_id,
                asked_about,
            ))
            .filter(notification_preferences::kind.eq_any(kinds))
            .filter(notification_preferences::email.eq(true))
            .select((
                notification_preferences::user_id,
                notification_preferences::kind,
            ))
            .load(conn)?
            .into_iter()
            .collect()
    };
    let chosen: Vec<(UserId, &Notice<'_>)> = notices
        .iter()
        .flat_map(|(recipients, notice)| {
            recipients
                .iter()
                .filter(|user| {
                    notice.urgent || chose_email.contains(&(**user, notice.kind.to_string()))
                })
                .map(move |user| (*user, *notice))
        })
        .collect();
    if chosen.is_empty() {
        return Ok(0);
    }
    let people: Vec<UserId> = chosen
        .iter()
        .map(|(user, _)| *user)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let addresses: HashMap<UserId, String> = users::table
        .filter(users::id.eq_any(people))
        .filter(users::active.eq(true))
        .select((users::id, users::email))
        .load(conn)?
        .into_iter()
        .collect();
    let now = now_utc();
    let rows: Vec<_> = chosen
        .into_iter()
        .filter_map(|(user, notice)| {
            let address = addresses.get(&user)?;
            Some((
                outbox::id.eq(OutboxId::new()),
                outbox::user_id.eq(user),
                outbox::to_address.eq(address.clone()),
                outbox::kind.eq(notice.kind.to_string()),
                outbox::record_type.eq(notice.record_type.to_string()),
                outbox::record_id.eq(notice.record_id.to_string()),
                outbox::status.eq("pending"),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
            ))
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    crate::batch_insert!(conn, outbox::table, &rows)
}

/// How many e-mails a sending round handled.
#[derive(Debug, Default, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct SendReport {
    /// Delivered to the relay.
    pub sent: usize,
    /// Refused or unreachable this time; tried again later.
    pub deferred: usize,
    /// Given up after the last attempt.
    pub failed: usize,
}

/// Attempts before an e-mail is given up.
const MAX_ATTEMPTS: i32 = 10;

/// The wait before attempt `attempts + 1`: 30 seconds doubling, at most an hour.
fn backoff(attempts: i32) -> time::Duration {
    let seconds = 30i64.saturating_mul(1 << attempts.clamp(0, 7));
    time::Duration::seconds(seconds.min(3600))
}

type Pending = (OutboxId, String, String, String, String, i32);

/// Sends the e-mails that are due, each claimed first so no two services send it.
pub fn send_due(
    conn: &mut DbConn,
    relay: &SmtpAddress,
    from: &str,
    public_url: &str,
) -> QueryResult<SendReport> {
    let now = now_utc();
    let due: Vec<Pending> = outbox::table
        .filter(outbox::status.eq("pending"))
        .filter(outbox::next_attempt_at.le(now))
        .order(outbox::next_attempt_at.asc())
        .limit(50)
        .select((
            outbox::id,
            outbox::to_address,
            outbox::kind,
            outbox::record_type,
            outbox::record_id,
            outbox::attempts,
        ))
        .load(conn)?;
    let mut report = SendReport::default();
    let mailer = lettre::SmtpTransport::builder_dangerous(&relay.host)
        .port(relay.port)
        .timeout(Some(Duration::from_secs(5)))
        .build();
    for (id, to, kind, record_type, record_id, attempts) in due {
        // The claim: a lease until the next attempt; another sender skips it meanwhile.
        let claimed = diesel::update(
            outbox::table
                .find(id)
                .filter(outbox::attempts.eq(attempts))
                .filter(outbox::status.eq("pending")),
        )
        .set((
            outbox::attempts.eq(attempts + 1),
            outbox::next_attempt_at.eq(now + backoff(attempts)),
        ))
        .execute(conn)?;
        if claimed != 1 {
            continue;
        }
        let record = uuid::Uuid::parse_str(&record_id).unwrap_or_default();
        let outcome =
            message(from, &to, &kind, &link(public_url, &record_type, record)).and_then(|m| {
                use lettre::Transport;
                mailer.send(&m).map(|_| ()).map_err(|e| e.to_string())
            });
        match outcome {
            Ok(()) => {
                diesel::update(outbox::table.find(id))
                    .set((outbox::status.eq("sent"), outbox::sent_at.eq(now_utc())))
                    .execute(conn)?;
                report.sent += 1;
            }
            Err(error) => {
                let gave_up = attempts + 1 >= MAX_ATTEMPTS;
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::status.eq(if gave_up { "failed" } else { "pending" }),
                        outbox::last_error.eq(error.chars().take(500).collect::<String>()),
                    ))
                    .execute(conn)?;
                if gave_up {
                    report.failed += 1;
                } else {
                    report.deferred += 1;
                }
            }
        }
    }
    Ok(report)
}

fn message(from: &str, to: &str, kind: &str, link: &str) -> Result<lettre::Message, String> {
    let words = describe(kind);
    lettre::Message::builder()
        .from(from.parse().map_err(|e| format!("sender: {e}"))?)
        .to(to.parse().map_err(|e| format!("recipient: {e}"))?)
        .subject(format!("Children's Services QA: {words}"))
        // Short lines keep the link readable as it is in any mail program.
        .body(format!(
            "{words}.\n\nOpen it in the service:\n{link}\n\nThis e-mail says nothing about \
             any child:\nsign in to read the details. You can choose which\nnotifications \
             come by e-mail on your account page.\n"
        ))
        .map_err(|e| e.to_string())
}

/// A person's choice of e-mail per kind (kinds not chosen stay in the app only).
pub fn preferences(conn: &mut DbConn, user: UserId) -> QueryResult<HashMap<String, bool>> {
    Ok(notification_preferences::table
        .filter(notification_preferences::user_id.eq(user))
        .select((
            notification_preferences::kind,
            notification_preferences::email,
        ))
        .load::<(String, bool)>(conn)?
        .into_iter()
        .collect())
}

/// Stores a person's choices.
pub fn set_preferences(
    conn: &mut DbConn,
    user: UserId,
    choices: &[(String, bool)],
    now: PrimitiveDateTime,
) -> QueryResult<()> {
    for (kind, email) in choices {
        diesel::delete(
            notification_preferences::table
                .filter(notification_preferences::user_id.eq(user))
                .filter(notification_preferences::kind.eq(kind)),
        )
        .execute(conn)?;
        diesel::insert_into(notification_preferences::table)
            .values((
                notification_preferences::user_id.eq(user),
                notification_preferences::kind.eq(kind),
                notification_preferences::email.eq(*email),
                notification_preferences::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_address_is_read_from_an_smtp_url() {
        assert_eq!(
            SmtpAddress::parse("smtp://mail.council.local:2525"),
            Some(SmtpAddress {
                host: "mail.council.local".into(),
                port: 2525
            })
        );
        assert_eq!(SmtpAddress::parse("smtp://relay").unwrap().port, 25);
        assert_eq!(SmtpAddress::parse("http://relay:25"), None);
        assert_eq!(SmtpAddress::parse("smtp://:25"), None);
    }

    #[test]
    fn an_email_names_no_child_and_links_to_the_record() {
        let id = uuid::Uuid::now_v7();
        let m = message(
            "QA <qa@council.test>",
            "worker@council.test",
            "safeguarding_alert_raised",
            &link("https://qa.council.test", "audit", id),
        )
        .unwrap();
        let text = String::from_utf8(m.formatted()).unwrap();
        assert!(text.contains("A safeguarding alert was raised on a case you work with"));
        assert!(text.contains(&format!("https://qa.council.test/audits/{id}")));
        assert_eq!(backoff(0), time::Duration::seconds(30));
        assert_eq!(backoff(20), time::Duration::seconds(3600));
    }
}
