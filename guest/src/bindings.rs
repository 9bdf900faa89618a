//! WIT bindings for the `helpdesk` world (wasm only). Imports map onto the
//! `wasip2` crate's types so the HTTP transport and these bindings share them.
#![allow(missing_docs)]

wit_bindgen::generate!({
    path: "../wit",
    world: "helpdesk",
    with: {
        "wasi:io/poll@0.2.12": wasip2::io::poll,
        "wasi:io/error@0.2.12": wasip2::io::error,
        "wasi:io/streams@0.2.12": wasip2::io::streams,
        "wasi:clocks/monotonic-clock@0.2.12": wasip2::clocks::monotonic_clock,
        "wasi:clocks/wall-clock@0.2.12": wasip2::clocks::wall_clock,
        "wasi:random/random@0.2.12": wasip2::random::random,
        "wasi:cli/stdout@0.2.12": wasip2::cli::stdout,
        "wasi:cli/stderr@0.2.12": wasip2::cli::stderr,
        "wasi:cli/stdin@0.2.12": wasip2::cli::stdin,
        "wasi:cli/environment@0.2.12": wasip2::cli::environment,
        "wasi:http/types@0.2.12": wasip2::http::types,
        "wasi:http/outgoing-handler@0.2.12": wasip2::http::outgoing_handler,
    },
    generate_all,
});
