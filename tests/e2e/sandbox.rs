//! The network sandbox: the real component in the real wasmtime host, with its
//! requests aimed (through its configuration) at places the host must refuse.
//! Each case proves the denial happened inside the host: the target saw no
//! connection, and the answer came at once with the sandbox's wording.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures};
use helpdesk_mcp::cache::Cache;
use helpdesk_mcp::component::{CallLimits, Code, Content, Runtime};
use helpdesk_mcp::sandbox::{Hooks, Sandbox};
use helpdesk_tests::harness::{HostBuilder, cache_dir};
use http_body_util::{BodyExt as _, Empty};
use serde_json::json;
use wasmtime_wasi_http::WasiHttpHooks as _;

/// A loopback listener that counts connections and never answers.
async fn counting_listener(ip: &str) -> anyhow::Result<(u16, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind((ip, 0)).await?;
    let port = listener.local_addr()?.port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    Ok((port, count))
}

/// get_ticket through the component with `base_url` configured but only
/// `allowed` let through by the host; returns the tool's text.
async fn call_with(base_url: &str, allowed: &[String]) -> anyhow::Result<String> {
    let code = Code::load(&Cache::Dir(cache_dir()))?;
    let env = vec![
        ("GORGIAS_BASE_URL".to_owned(), base_url.to_owned()),
        ("GORGIAS_EMAIL".to_owned(), fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY".to_owned(), fixtures::API_KEY.to_owned()),
    ];
    let runtime = Runtime::new(code, env, Sandbox::new(allowed)?, CallLimits::default(), None);
    let result =
        runtime.call_tool("get_ticket", r#"{"id":4521}"#).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(result.is_error);
    Ok(result.content.into_iter().map(|Content::Text(t)| t).collect())
}

/// Whether the sandbox hook refuses a request to `uri` before any connection.
async fn denied(sandbox: &Sandbox, uri: &str) -> anyhow::Result<bool> {
    let mut hooks = Hooks::new(sandbox.clone(), Default::default(), None);
    let body = Empty::new().map_err(|e: Infallible| match e {}).boxed_unsync();
    let request = http::Request::builder().uri(uri).body(body)?;
    let io: Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send> =
        Box::new(async { Ok(()) });
    let outcome = Box::into_pin(hooks.send_request(request, None, io)).await;
    Ok(matches!(outcome, Err(wasmtime_wasi_http::Error::HttpRequestDenied)))
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_allows_the_configured_origin() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let code = Code::load(&Cache::Dir(cache_dir()))?;
    let env = vec![
        ("GORGIAS_BASE_URL".to_owned(), fake.base_url()),
        ("GORGIAS_EMAIL".to_owned(), fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY".to_owned(), fixtures::API_KEY.to_owned()),
    ];
    let runtime = Runtime::new(code, env, Sandbox::new(&[fake.origin()])?, CallLimits::default(), None);
    let result =
        runtime.call_tool("get_ticket", r#"{"id":4521}"#).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(!result.is_error);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_denies_another_host() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (port, connections) = counting_listener("127.0.0.2").await?;
    let text = call_with(&format!("http://127.0.0.2:{port}/api"), &[fake.origin()]).await?;
    assert!(
        text.starts_with("blocked by sandbox: [internal address] is not the configured helpdesk origin"),
        "{text}"
    );
    assert!(!text.contains("127.0.0.2"), "internal addresses are not shown to the client: {text}");
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_denies_another_port() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (port, connections) = counting_listener("127.0.0.1").await?;
    let text = call_with(&format!("http://127.0.0.1:{port}/api"), &[fake.origin()]).await?;
    assert!(text.starts_with("blocked by sandbox: [internal address]"), "{text}");
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_denies_another_scheme() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let https = fake.base_url().replacen("http://", "https://", 1);
    let text = call_with(&https, &[fake.origin()]).await?;
    assert!(text.starts_with("blocked by sandbox: [internal address]"), "{text}");
    assert_eq!(fake.control().request_count(), 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_denies_lookalike_hosts_without_resolving_them() -> anyhow::Result<()> {
    for target in [
        "https://acme.gorgias.com.evil.test/api",
        "https://acme-gorgias.com.evil.test/api",
        "https://evil.test/acme.gorgias.com/api",
    ] {
        let started = Instant::now();
        let text = call_with(target, &["https://acme.gorgias.com".into()]).await?;
        assert!(text.starts_with("blocked by sandbox: "), "{target}: {text}");
        assert!(!text.contains("resolve"), "denied before any DNS lookup: {text}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_denies_raw_ips_at_once() -> anyhow::Result<()> {
    for target in [
        "https://10.0.0.1/api",
        "https://169.254.169.254/api",
        "https://[fd00::1]/api",
        "https://2130706433/api",
    ] {
        let started = Instant::now();
        let text = call_with(target, &["https://acme.gorgias.com".into()]).await?;
        assert!(text.starts_with("blocked by sandbox: "), "{target}: {text}");
        assert!(started.elapsed() < Duration::from_secs(5), "no connection attempt to {target}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_hook_denies_userinfo_tricks() -> anyhow::Result<()> {
    // The component's own configuration refuses URLs with userinfo, so this
    // case drives the host's hook directly, as wasmtime-wasi-http calls it.
    let sandbox = Sandbox::new(&["https://acme.gorgias.com".into()])?;
    for uri in [
        "https://acme.gorgias.com@evil.test/api",
        "https://acme.gorgias.com:443@evil.test/",
        "https://u:p@acme.gorgias.com/api",
    ] {
        assert!(denied(&sandbox, uri).await?, "{uri}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_to_another_origin_are_never_followed() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let evil = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let location = format!("{}/tickets/4521", evil.base_url());
    fake.control().inject(Fault::new("/api/tickets/4521", FaultKind::Redirect { location }).exact());
    let e = host.error("get_ticket", json!({ "id": 4521 })).await?;
    assert!(e.contains("redirect (HTTP 302), which is not followed"), "{e}");
    assert_eq!(evil.control().request_count(), 0, "the other origin was never contacted");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_hook_fails_closed_on_ports_it_cannot_read_exactly() -> anyhow::Result<()> {
    // `http` reads `:84937` as "no port"; the hook must not take that for port 80.
    let sandbox = Sandbox::new(&["http://127.0.0.1:80".into()])?;
    for uri in ["http://127.0.0.1:84937/api", "http://127.0.0.1:/api", "http://127.0.0.1:0080/api"] {
        assert!(denied(&sandbox, uri).await?, "{uri}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn api_urls_with_impossible_ports_are_refused_at_start() -> anyhow::Result<()> {
    let gorgias = |url: &str| {
        HostBuilder::new()
            .env("GORGIAS_BASE_URL", url)
            .env("GORGIAS_EMAIL", fixtures::EMAIL)
            .env("GORGIAS_API_KEY", fixtures::API_KEY)
    };
    let kayako = |url: &str| {
        HostBuilder::new()
            .env("KAYAKO_API_URL", url)
            .env("KAYAKO_API_KEY", "6f1c2b9e-4d7a-4e35-a0c8-93b51d7e2f64")
            .env("KAYAKO_SECRET_KEY", "a-secret-key-for-the-start-test")
    };
    for (builder, key) in [
        (gorgias("http://127.0.0.1:84937/api"), "GORGIAS_BASE_URL"),
        (gorgias("http://127.0.0.1:0/api"), "GORGIAS_BASE_URL"),
        (gorgias("http://127.0.0.1:/api"), "GORGIAS_BASE_URL"),
        (gorgias("https://proxy.example.com:65536/api"), "GORGIAS_BASE_URL"),
        (kayako("http://127.0.0.1:84937/api/index.php"), "KAYAKO_API_URL"),
        (kayako("https://support.example.com:99999/api/index.php?"), "KAYAKO_API_URL"),
    ] {
        // `check`, and the default stdio server.
        for command in [&["check"][..], &[][..]] {
            let (code, out, err) = builder.run(command).await?;
            assert_eq!(code, 2, "{command:?} {key}: {out}{err}");
            assert!(err.contains(key) && err.contains("invalid port"), "{err}");
            assert!(!err.contains("allows only"), "nothing was announced: {err}");
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_is_for_all_of_loopback_and_nothing_else() -> anyhow::Result<()> {
    // 127.0.0.0/8 is loopback, not just 127.0.0.1: the README and the code agree.
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let port = fake.base_url().rsplit(':').next().and_then(|p| p.split('/').next()).unwrap_or("").to_owned();
    let url = format!("http://127.0.0.2:{port}/api");
    let builder = HostBuilder::gorgias(&fake).env("GORGIAS_BASE_URL", &url);
    let (_, _, err) = builder.run(&["check"]).await?;
    assert!(err.contains(&format!("allows only http://127.0.0.2:{port}")), "{err}");
    let (code, _, err) = builder.env("GORGIAS_BASE_URL", "http://10.0.0.1/api").run(&["check"]).await?;
    assert_eq!(code, 2);
    assert!(err.contains("must use https") && err.contains("127.0.0.0/8, ::1 or localhost"), "{err}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_ipv6_loopback_reads_as_one_internal_address() -> anyhow::Result<()> {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let host = HostBuilder::new()
        .env("GORGIAS_BASE_URL", &format!("http://[::1]:{port}/api"))
        .env("GORGIAS_EMAIL", fixtures::EMAIL)
        .env("GORGIAS_API_KEY", fixtures::API_KEY)
        .stdio()
        .await?;
    let e = host.error("get_ticket", json!({ "id": 4521 })).await?;
    assert!(e.contains("[internal address]") && !e.contains("[[") && !e.contains("]]"), "{e}");
    assert!(!e.contains("::1"), "{e}");
    Ok(())
}
