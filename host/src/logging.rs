//! Logging to stderr: the filter the user chose (`--log` / `HELPDESK_LOG`),
//! minus what must never be written at any level.
//!
//! wasmtime's WASI bindings are generated with `tracing`, so at TRACE they log
//! every import call with its string arguments. `set-path-with-query` carries
//! the whole query, which for Kayako Classic is `apikey`, `salt` and
//! `signature`: a credential anyone could replay. Kayako requires them in the
//! query of a GET, so they cannot be kept out of the URL the runtime sees;
//! instead those events are dropped here, after the user's filter, so no
//! directive (`trace`, `wasmtime_wasi_http=trace`, ...) can turn them back on.
//! Everything the host itself logs about a request goes through the sandbox's
//! event (method, host, path without the query, status, time).

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{EnvFilter, FilterExt as _, filter_fn};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{Layer as _, fmt};

/// The filter used when the user's does not parse.
pub const DEFAULT_FILTER: &str = "warn,helpdesk_mcp=info";

/// Crates whose generated bindings trace import arguments (`wasmtime_wasi`,
/// `wasmtime_wasi_http`, `wasmtime_wasi_io`, ...).
const BINDINGS_CRATE_PREFIX: &str = "wasmtime_wasi";

/// Installs the stderr logger with `directives` (a `tracing` env-filter).
pub fn init(directives: &str) {
    let user = EnvFilter::try_new(directives).unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .with_filter(user.and(filter_fn(may_log)));
    tracing_subscriber::registry().with(layer).init();
}

/// Whether an event or span may be written at all: not the argument dumps of
/// generated bindings (spans named `wit-bindgen import`/`export`, and TRACE
/// events of the WASI crates or of any `bindings` module).
pub fn may_log(meta: &Metadata<'_>) -> bool {
    if *meta.level() != Level::TRACE {
        return true;
    }
    let target = meta.target();
    let bindings = target.starts_with(BINDINGS_CRATE_PREFIX)
        || target.split("::").any(|segment| segment == "bindings")
        || meta.name().starts_with("wit-bindgen");
    !bindings
}

#[cfg(test)]
mod tests {
    use tracing::callsite::Identifier;
    use tracing::field::FieldSet;
    use tracing::metadata::Kind;

    use super::*;

    struct Site;
    impl tracing::callsite::Callsite for Site {
        fn set_interest(&self, _: tracing::subscriber::Interest) {}
        fn metadata(&self) -> &Metadata<'_> {
            unreachable!("not registered")
        }
    }
    static SITE: Site = Site;

    fn meta(level: Level, target: &'static str, name: &'static str) -> Metadata<'static> {
        Metadata::new(
            name,
            target,
            level,
            None,
            None,
            None,
            FieldSet::new(&[], Identifier(&SITE)),
            Kind::EVENT,
        )
    }

    #[test]
    fn binding_argument_dumps_are_never_logged() {
        for (target, name) in [
            ("wasmtime_wasi_http::p2::bindings::http::types", "event bindings.rs:1"),
            ("wasmtime_wasi::p2::bindings::cli::environment", "event x"),
            ("wasmtime_wasi_io::bindings::streams", "event x"),
            ("helpdesk_mcp::component::bindings::exports", "event x"),
            ("anything", "wit-bindgen import"),
        ] {
            assert!(!may_log(&meta(Level::TRACE, target, name)), "{target}");
        }
    }

    #[test]
    fn everything_else_is_left_to_the_users_filter() {
        assert!(may_log(&meta(Level::TRACE, "helpdesk_mcp::outbound", "event x")));
        assert!(may_log(&meta(Level::TRACE, "hyper::proto", "event x")));
        assert!(may_log(&meta(Level::WARN, "wasmtime_wasi_http::p2::error", "event x")));
        assert!(may_log(&meta(Level::DEBUG, "wasmtime_wasi::p2::pipe", "event x")));
    }
}
