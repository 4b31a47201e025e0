//! The council's settings (the action-plans issue): the timescales and limits of product.md §3
//! and the other issues, each with its documented default and range. Only the ones changed are
//! stored; [`Rules`] is what a request's work reads, cached per service for a few seconds so a
//! change reaches every instance almost at once without a query on every request.

pub mod handlers;
pub mod repo;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::QueryResult;

use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::db::DbConn;

/// One setting the council may change.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// Its name in the API.
    pub key: &'static str,
    /// Lowest value.
    pub minimum: i32,
    /// Highest value.
    pub maximum: i32,
    /// What it does, and the source of its default.
    pub description: &'static str,
    /// The role that changes it.
    pub editor: Role,
}

macro_rules! settings {
    ($( $(#[doc = $doc:literal])* $field:ident: $default:literal, $min:literal, $max:literal, $editor:ident; )+) => {
        /// The settings a request's work reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Rules {
            $( $(#[doc = $doc])* pub $field: i32, )+
        }

        impl Rules {
            /// Every setting's built-in default.
            pub const DEFAULTS: Rules = Rules { $( $field: $default, )+ };

            /// The value of a setting by its key.
            pub fn get(&self, key: &str) -> Option<i32> {
                match key {
                    $( stringify!($field) => Some(self.$field), )+
                    _ => None,
                }
            }

            /// Changes a setting by its key; `false` for an unknown key.
            pub fn set(&mut self, key: &str, value: i32) -> bool {
                match key {
                    $( stringify!($field) => { self.$field = value; true } )+
                    _ => false,
                }
            }
        }

        /// Changes to settings (JSON merge patch): a value sets a setting, `null` puts it back
        /// to its default; settings left out are unchanged.
        #[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema, validator::Validate)]
        pub struct SettingsPatch {
            $(
                $(#[doc = $doc])*
                #[serde(default)]
                #[schema(value_type = Option<i32>)]
                pub $field: crate::extract::Patch<i32>,
            )+
        }

        impl SettingsPatch {
            /// The settings the patch names: (key, new value or `None` for the default).
            pub fn changes(&self) -> Vec<(&'static str, Option<i32>)> {
                let mut changes = Vec::new();
                $(
                    match &self.$field {
                        crate::extract::Patch::Absent => {}
                        crate::extract::Patch::Null => changes.push((stringify!($field), None)),
                        crate::extract::Patch::Value(v) => {
                            changes.push((stringify!($field), Some(*v)))
                        }
                    }
                )+
                changes
            }
        }

        /// Every setting, in the order the API lists them.
        pub const SETTINGS: &[Setting] = &[
            $( Setting {
                key: stringify!($field),
                minimum: $min,
                maximum: $max,
                description: concat!($($doc, " "),*),
                editor: Role::$editor,
            }, )+
        ];
    };
}

settings! {
    /// Working days after an audit is submitted within which its practitioner should reply
    /// (local default 10; `QA_REPLY_WORKING_DAYS` changes the default).
    reply_working_days: 10, 1, 60, Admin;
    /// One in how many of each auditor's submitted audits the QA unit moderates; audits graded
    /// at an escalating grade always (local default 10; `QA_MODERATION_SAMPLE_RATE`).
    moderation_sample_rate: 10, 1, 100, Admin;
    /// Working days a remedial action is due in when the auditor gives no date (product.md §3:
    /// 10).
    remedial_due_working_days: 10, 1, 60, Admin;
    /// How many days ahead an observation of practice may be planned (local default 30).
    observation_max_days_ahead: 30, 1, 365, Admin;
    /// Working days a practice alert's holder has to reply before it shows as overdue (local
    /// default 10).
    practice_alert_reply_working_days: 10, 1, 60, Admin;
    /// Working days each formal stage of dispute resolution has (product.md §3: 5, a local
    /// default, not statute).
    dispute_stage_working_days: 5, 1, 30, Admin;
    /// Working days the whole formal dispute resolution process should take (IRO Handbook:
    /// 20).
    dispute_formal_working_days: 20, 5, 120, Admin;
    /// Working days after which an open escalation counts as long-running (product.md §4.5:
    /// 20).
    long_running_working_days: 20, 5, 120, Admin;
    /// Working days before an action's due date that its owner is reminded (local default 3).
    action_due_soon_working_days: 3, 1, 20, Admin;
    /// Working days a high safeguarding alert may wait for the case's worker or manager to
    /// acknowledge it before the head of service is told (local default 1).
    alert_acknowledge_working_days: 1, 1, 10, Admin;
    /// Working days to acknowledge a statutory complaint (local default 3).
    complaint_acknowledge_working_days: 3, 1, 10, Admin;
    /// Statutory complaints, stage 1 (local resolution): working days to respond (the 2006
    /// Regulations: 10).
    complaint_stage1_working_days: 10, 5, 20, Admin;
    /// Statutory complaints, stage 1: the most working days with an extension (20).
    complaint_stage1_max_working_days: 20, 10, 40, Admin;
    /// Statutory complaints, stage 2 (investigation): working days to respond (25).
    complaint_stage2_working_days: 25, 10, 65, Admin;
    /// Statutory complaints, stage 2: the most working days with an extension (65).
    complaint_stage2_max_working_days: 65, 25, 90, Admin;
    /// Statutory complaints, stage 3: working days from the request to the review panel (30).
    complaint_panel_working_days: 30, 10, 60, Admin;
    /// Statutory complaints, stage 3: working days from the panel to its report (5).
    complaint_panel_report_working_days: 5, 1, 20, Admin;
    /// Statutory complaints, stage 3: working days from the report to the council's response
    /// (15).
    complaint_council_response_working_days: 15, 5, 30, Admin;
    /// Working days after a stage's response within which the next stage may be requested
    /// (20).
    complaint_request_window_working_days: 20, 5, 60, Admin;
    /// Corporate complaints (the Ombudsman's Complaint Handling Code): working days to
    /// acknowledge (5).
    corporate_acknowledge_working_days: 5, 1, 10, Admin;
    /// Corporate complaints, stage 1: working days from acknowledgement to respond (10).
    corporate_stage1_working_days: 10, 5, 20, Admin;
    /// Corporate complaints, stage 1: the most working days with an extension (20).
    corporate_stage1_max_working_days: 20, 10, 40, Admin;
    /// Corporate complaints, stage 2: working days from the request to respond (20).
    corporate_stage2_working_days: 20, 10, 40, Admin;
    /// Working days before a complaint's deadline that the complaints team is reminded (local
    /// default 2).
    complaint_reminder_working_days: 2, 1, 10, Admin;
    /// Reports: counts of fewer children or staff than this are withheld from the Performance
    /// Team's aggregate view (5).
    report_small_number_threshold: 5, 2, 20, Admin;
    /// 1 requires a second factor (an authenticator app) of everyone who signs in with a
    /// password; 0 (the default) requires it of administrators and data protection officers
    /// only, and offers it to everyone else.
    totp_required_for_all: 0, 0, 1, Admin;
    /// 1 turns password sign-in off when single sign-on is configured: everyone signs in with
    /// the council's account except the break-glass administrators named in
    /// `QA_BREAK_GLASS_ADMINS`; 0 (the default) keeps passwords for everyone.
    local_passwords_off: 0, 0, 1, Admin;
    /// Years the access log is kept before the daily retention run purges it (the purge is
    /// itself logged); local default 7, the data protection officer changes it.
    access_log_retention_years: 7, 1, 100, Dpo;
}

impl Rules {
    /// The defaults of this service: the built-in ones, with those its configuration sets.
    pub fn defaults(config: &crate::config::Settings) -> Self {
        Self {
            reply_working_days: config.reply_working_days,
            moderation_sample_rate: config.moderation_sample_rate,
            ..Self::DEFAULTS
        }
    }

    /// The defaults with the stored changes applied.
    pub fn with_stored(defaults: Self, stored: &[(String, i32)]) -> Self {
        let mut rules = defaults;
        for (key, value) in stored {
            rules.set(key, *value);
        }
        rules
    }
}

/// How long a service trusts the settings it read before reading them again. Another instance's
/// change reaches this one within this time; this instance's own changes at once.
const FRESH_FOR: Duration = Duration::from_secs(5);

/// The council's settings and its bank-holiday calendar as last read.
#[derive(Debug, Clone)]
struct Loaded {
    at: Instant,
    rules: Rules,
    calendar: Arc<Calendar>,
}

/// A service's settings and bank-holiday calendar, read from the database at most every few
/// seconds: nearly every request needs the one and every deadline shown the other, and each
/// read is a round trip.
#[derive(Debug)]
pub struct RulesCache {
    defaults: Rules,
    loaded: Mutex<Option<Loaded>>,
}

impl RulesCache {
    /// A cache over these defaults.
    pub fn new(defaults: Rules) -> Self {
        Self {
            defaults,
            loaded: Mutex::new(None),
        }
    }

    /// The defaults of this service.
    pub fn defaults(&self) -> Rules {
        self.defaults
    }

    /// The settings now: from the cache while fresh, else read on `conn`.
    pub fn get(&self, conn: &mut DbConn) -> QueryResult<Rules> {
        Ok(self.get_with_calendar(conn)?.0)
    }

    /// The settings and the calendar now, for showing deadlines: from the cache while fresh,
    /// else read on `conn`. Work that stores a deadline reads the calendar in its own
    /// transaction instead ([`crate::calendar::repo::load`]).
    pub fn get_with_calendar(&self, conn: &mut DbConn) -> QueryResult<(Rules, Arc<Calendar>)> {
        if let Ok(guard) = self.loaded.lock() {
            if let Some(loaded) = guard.as_ref() {
                if loaded.at.elapsed() < FRESH_FOR {
                    return Ok((loaded.rules, loaded.calendar.clone()));
                }
            }
        }
        let rules = Rules::with_stored(self.defaults, &repo::stored(conn)?);
        let calendar = Arc::new(crate::calendar::repo::load(conn)?.0);
        if let Ok(mut guard) = self.loaded.lock() {
            *guard = Some(Loaded {
                at: Instant::now(),
                rules,
                calendar: calendar.clone(),
            });
        }
        Ok((rules, calendar))
    }

    /// Forgets the cached settings and calendar (after this service changed either).
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.loaded.lock() {
            *guard = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_has_its_default_within_its_range() {
        for setting in SETTINGS {
            let value = Rules::DEFAULTS.get(setting.key).expect("a field");
            assert!(
                (setting.minimum..=setting.maximum).contains(&value),
                "{}",
                setting.key
            );
            assert!(!setting.description.trim().is_empty());
        }
        let mut rules = Rules::DEFAULTS;
        assert!(rules.set("dispute_stage_working_days", 7));
        assert_eq!(rules.dispute_stage_working_days, 7);
        assert!(!rules.set("no_such_setting", 1));
    }
}
