//! Response helpers for versioned records: `ETag` on every representation, `Location` on create;
//! and JSON bodies serialised into a buffer sized for them up front.

use actix_web::error::JsonPayloadError;
use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::Serialize;

use crate::extract::etag;

/// Where a single record's representation starts serialising: most fit (an audit with its
/// judgements is 1.4-6 KB in the demo council), so the buffer is not grown and copied on the
/// way.
const RECORD_CAPACITY: usize = 8 * 1024;

/// Bytes a listed record takes in JSON, about: an audit list's item is 1.1-1.2 KB.
const LISTED_ITEM_CAPACITY: usize = 1280;

/// 201 with the new representation, its `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, version: i32, body: &T) -> HttpResponse {
    json(
        HttpResponse::Created()
            .insert_header((header::LOCATION, location))
            .insert_header((header::ETAG, etag(version))),
        RECORD_CAPACITY,
        body,
    )
}

/// 200 with the representation and its `ETag`.
pub fn versioned<T: Serialize>(version: i32, body: &T) -> HttpResponse {
    json(
        HttpResponse::Ok().insert_header((header::ETAG, etag(version))),
        RECORD_CAPACITY,
        body,
    )
}

/// 200 with a page of `items` listed records. A page of 50 audits is 58 KB: serialised into a
/// buffer that starts at 128 bytes (`HttpResponseBuilder::json`), it was grown and copied nine
/// times on the way.
pub fn page<T: Serialize>(items: usize, body: &T) -> HttpResponse {
    json(
        &mut HttpResponse::Ok(),
        512 + items * LISTED_ITEM_CAPACITY,
        body,
    )
}

/// `body` as JSON on `builder`'s response, as `HttpResponseBuilder::json` makes it (its content
/// type, its answer when the body cannot be serialised), but serialised into a buffer of
/// `capacity` bytes to start with. The builders here set no content type of their own.
fn json<T: Serialize>(
    builder: &mut HttpResponseBuilder,
    capacity: usize,
    body: &T,
) -> HttpResponse {
    let mut buffer = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut buffer, body) {
        Ok(()) => builder
            .insert_header(header::ContentType::json())
            .body(buffer),
        Err(error) => HttpResponse::from_error(JsonPayloadError::Serialize(error)),
    }
}
