//! `#[both_backends]`: turns `async fn name(backend: Backend)` into two tests, `name::sqlite` and
//! `name::postgres`, so every integration test runs on both databases and registers itself: no
//! second list to keep by hand.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, ItemFn};

/// Runs the annotated `async fn(backend: Backend)` once on SQLite and once on PostgreSQL (the
/// PostgreSQL run says SKIPPED outside CI when no server is configured, and fails in CI).
#[proc_macro_attribute]
pub fn both_backends(_attr: TokenStream, item: TokenStream) -> TokenStream {
    let function = parse_macro_input!(item as ItemFn);
    let name = &function.sig.ident;
    let expanded = quote! {
        #function

        mod #name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::#name(qa_tests::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if qa_tests::skip_postgres() {
                    return;
                }
                super::#name(qa_tests::Backend::Postgres).await
            }
        }
    };
    expanded.into()
}
