//! What answers when no route matched: 405 with `Allow` when the path exists under other
//! methods (actix-web itself answers 404 there), the SPA's `index.html` for client-side routes,
//! and a 404 problem otherwise. The table of paths and methods is read from the generated
//! OpenAPI document, so it cannot drift from the handlers.

use std::path::PathBuf;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;

/// Path templates and the methods each answers.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    /// Builds the table from an OpenAPI document.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let value = serde_json::to_value(doc).unwrap_or_default();
        let mut routes = Vec::new();
        if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
            for (template, item) in paths {
                let segments = template.split('/').map(str::to_string).collect();
                let mut methods: Vec<String> = item
                    .as_object()
                    .map(|ops| {
                        ops.keys()
                            .filter(|k| {
                                matches!(k.as_str(), "get" | "post" | "put" | "patch" | "delete")
                            })
                            .map(|k| k.to_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                methods.sort();
                routes.push((segments, methods));
            }
        }
        Self { routes }
    }

    /// The methods a concrete path answers, if its template is known. Where a literal template
    /// and a parameterised one both match (`/actions/bulk` and `/actions/{id}`), the path is
    /// the literal one's, as the document describes it.
    pub fn methods_for(&self, path: &str) -> Vec<String> {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let is_parameter = |t: &str| t.starts_with('{') && t.ends_with('}');
        let matching: Vec<(usize, &Vec<String>)> = self
            .routes
            .iter()
            .filter(|(template, _)| {
                template.len() == segments.len()
                    && template
                        .iter()
                        .zip(&segments)
                        .all(|(t, s)| (is_parameter(t) && !s.is_empty()) || t == s)
            })
            .map(|(template, methods)| {
                let literals = template.iter().filter(|t| !is_parameter(t)).count();
                (literals, methods)
            })
            .collect();
        let most_literal = matching.iter().map(|(n, _)| *n).max().unwrap_or(0);
        let mut allowed: Vec<String> = Vec::new();
        for (_, methods) in matching.iter().filter(|(n, _)| *n == most_literal) {
            for m in methods.iter() {
                if !allowed.contains(m) {
                    allowed.push(m.clone());
                }
            }
        }
        allowed.sort();
        allowed
    }
}

/// A path segment that does not parse (`/actions/bulk` reaching `/actions/{id}` by a method
/// only the parameterised path answers): 405 with `Allow` when the path is a literal one of the
/// document's under another method, else 404.
pub fn bad_path(req: &HttpRequest) -> ApiError {
    let allowed = req
        .app_data::<web::Data<RouteTable>>()
        .map(|table| table.methods_for(req.path()))
        .unwrap_or_default();
    if !allowed.is_empty() && !allowed.iter().any(|m| m == req.method().as_str()) {
        ApiError::MethodNotAllowed(allowed)
    } else {
        ApiError::NotFound
    }
}

/// The built SPA, if one is served.
#[derive(Debug, Clone)]
pub struct SpaIndex(pub Option<PathBuf>);

fn is_reserved(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path.starts_with("/health") || path == "/metrics"
}

/// The default service.
pub async fn fallback(
    req: HttpRequest,
    table: web::Data<RouteTable>,
    spa: web::Data<SpaIndex>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let allowed = table.methods_for(path);
    if !allowed.is_empty() {
        return Err(ApiError::MethodNotAllowed(allowed));
    }
    if !is_reserved(path) && req.method() == actix_web::http::Method::GET {
        if let Some(index) = &spa.0 {
            if let Ok(html) = std::fs::read(index) {
                return Ok(HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .insert_header(("Cache-Control", "no-cache"))
                    .body(html));
            }
        }
    }
    Err(ApiError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_paths() {
        let table = RouteTable {
            routes: vec![
                (
                    "/api/v1/cases/{id}"
                        .split('/')
                        .map(str::to_string)
                        .collect(),
                    vec!["GET".into(), "PATCH".into()],
                ),
                (
                    "/api/v1/cases".split('/').map(str::to_string).collect(),
                    vec!["GET".into(), "POST".into()],
                ),
            ],
        };
        assert_eq!(table.methods_for("/api/v1/cases/abc"), vec!["GET", "PATCH"]);
        assert_eq!(table.methods_for("/api/v1/cases"), vec!["GET", "POST"]);
        assert!(table.methods_for("/api/v1/nothing").is_empty());
        assert!(table.methods_for("/api/v1/cases/abc/more").is_empty());
    }
}
