//! Rebuilds the crate when a migration is added or changed: `embed_migrations!` reads
//! `../migrations` at compile time, and cargo does not otherwise watch a folder outside the
//! package, so a new migration would be missing from an incremental build.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
