//! Response helpers for versioned records: `ETag` on every representation, `Location` on create.

use actix_web::http::header;
use actix_web::HttpResponse;
use serde::Serialize;

use crate::extract::etag;

/// 201 with the new representation, its `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, version: i32, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 200 with the representation and its `ETag`.
pub fn versioned<T: Serialize>(version: i32, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}
