//! The scopes a service account may hold, and the scopes each operation declares.

use std::collections::HashMap;
use std::sync::OnceLock;

crate::text_enum! {
    /// What a service account may do.
    pub enum Scope {
        /// Upsert cases by their external reference.
        CasesWrite = "cases:write",
        /// Upsert staff by their external reference.
        StaffWrite = "staff:write",
        /// Upsert teams by their external reference.
        TeamsWrite = "teams:write",
        /// Read the events feed.
        EventsRead = "events:read",
        /// Pull the exports.
        ExportsRead = "exports:read",
        /// Manage the account's own webhook subscriptions.
        WebhooksManage = "webhooks:manage",
    }
}

/// The name of the OpenAPI security scheme of service tokens.
pub const SECURITY_SCHEME: &str = "service_token";

/// Scopes as stored: comma-separated, in declaration order.
pub fn join(scopes: &[Scope]) -> String {
    let mut sorted = scopes.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Scopes from their stored form; unknown ones are skipped.
pub fn split(stored: &str) -> Vec<Scope> {
    stored
        .split(',')
        .filter_map(|s| Scope::parse(s.trim()))
        .collect()
}

type Declared = HashMap<(String, String), Vec<Scope>>;

/// The scopes operations declare for service tokens, by `(METHOD, path template)`, read from
/// the generated OpenAPI document: an operation missing here does not take service tokens.
/// A scope the document names that is not a [`Scope`] stops the service at its first request
/// (and the tests), rather than leaving an endpoint no token can reach.
pub fn declared() -> &'static Declared {
    static DECLARED: OnceLock<Declared> = OnceLock::new();
    DECLARED.get_or_init(|| from_document(&crate::openapi::document()))
}

/// The scopes an operation of a document declares for service tokens.
pub fn from_document(document: &utoipa::openapi::OpenApi) -> Declared {
    from_value(&serde_json::to_value(document).unwrap_or_default())
}

fn from_value(value: &serde_json::Value) -> Declared {
    let mut out = Declared::new();
    let Some(paths) = value.get("paths").and_then(|p| p.as_object()) else {
        return out;
    };
    for (template, item) in paths {
        let Some(operations) = item.as_object() else {
            continue;
        };
        for (method, operation) in operations {
            let Some(requirements) = operation.get("security").and_then(|s| s.as_array()) else {
                continue;
            };
            for requirement in requirements {
                if let Some(names) = requirement.get(SECURITY_SCHEME).and_then(|s| s.as_array()) {
                    let scopes = names
                        .iter()
                        .filter_map(|n| n.as_str())
                        .map(|n| {
                            Scope::parse(n).unwrap_or_else(|| {
                                panic!("{method} {template} declares an unknown scope {n:?}")
                            })
                        })
                        .collect();
                    out.insert((method.to_uppercase(), template.clone()), scopes);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_declares_its_scopes_in_its_security() {
        let document = serde_json::json!({"paths": {
            "/api/v1/events": {"get": {"security": [{"service_token": ["events:read"]}]}},
            "/api/v1/exports/{dataset}": {"get": {"security": [
                {"bearer": []}, {"service_token": ["exports:read"]}
            ]}},
            "/api/v1/cases": {"get": {"security": [{"bearer": []}]}},
        }});
        let declared = from_value(&document);
        assert_eq!(
            declared[&("GET".to_string(), "/api/v1/events".to_string())],
            vec![Scope::EventsRead]
        );
        assert_eq!(
            declared[&("GET".to_string(), "/api/v1/exports/{dataset}".to_string())],
            vec![Scope::ExportsRead]
        );
        assert!(!declared.contains_key(&("GET".to_string(), "/api/v1/cases".to_string())));
    }

    #[test]
    fn every_scope_the_api_declares_is_a_known_one() {
        // Panics on an unknown scope.
        let declared = declared();
        assert!(
            declared.contains_key(&("GET".to_string(), "/api/v1/integration/token".to_string()))
        );
    }

    #[test]
    fn scopes_are_stored_sorted_without_repeats() {
        let stored = join(&[Scope::ExportsRead, Scope::CasesWrite, Scope::ExportsRead]);
        assert_eq!(stored, "cases:write,exports:read");
        assert_eq!(split(&stored), vec![Scope::CasesWrite, Scope::ExportsRead]);
    }
}
