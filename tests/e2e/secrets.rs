//! No API key, Basic credential or Authorization header ever appears in a tool
//! result, an error, or a log line — on success, on failure, on both transports.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_tests::harness::{Host, HostBuilder, text_of};
use serde_json::json;

use super::reflect::{assert_clean, kayako_secrets};

const KEY: &str = "sk_live_e2eSECRETkey_7f3a9c";

fn forbidden(email: &str) -> Vec<String> {
    vec![
        KEY.to_owned(),
        STANDARD.encode(format!("{email}:{KEY}")),
        "Basic ".to_owned(),
        "authorization:".to_owned(),
    ]
}

async fn exercise(fake: &FakeGorgias, host: &Host) -> anyhow::Result<String> {
    let mut seen = String::new();
    let calls = [
        ("search_tickets", json!({ "query": fixtures::ALICE_EMAIL })),
        ("get_ticket", json!({ "id": 4521 })),
        ("get_ticket", json!({ "id": 99999 })),
        ("list_reference", json!({ "kind": "agents" })),
        ("list_tickets", json!({ "limit": 500 })),
    ];
    for (tool, args) in calls {
        let r = host.call(tool, args).await?;
        seen.push_str(&text_of(&r));
        seen.push_str(&r.structured_content.map(|s| s.to_string()).unwrap_or_default());
    }
    for kind in [
        FaultKind::Status { code: 401, body: None, retry_after: None },
        FaultKind::Status {
            code: 500,
            body: Some(r#"{"error":{"msg":"boom"}}"#.to_owned()),
            retry_after: None,
        },
        FaultKind::InvalidJson,
    ] {
        fake.control().inject(Fault::new("/api/tickets/4521", kind).with_times(5).exact());
        let r = host.call("get_ticket", json!({ "id": 4521 })).await?;
        seen.push_str(&text_of(&r));
        fake.control().clear_faults();
    }
    Ok(seen)
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_appear_in_output_errors_or_logs_over_stdio() -> anyhow::Result<()> {
    let fake =
        FakeGorgias::start(GorgiasOptions { api_key: KEY.into(), ..GorgiasOptions::default() }).await?;
    let host =
        HostBuilder::gorgias(&fake).env("GORGIAS_API_KEY", KEY).env("HELPDESK_LOG", "debug").stdio().await?;
    let seen = exercise(&fake, &host).await? + &host.stderr.text();
    assert!(fake.control().requests().iter().all(|r| r.authorized), "the key did reach the helpdesk");
    for secret in forbidden(fixtures::EMAIL) {
        assert!(!seen.contains(&secret), "{secret:?} leaked");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_appear_over_http_or_in_check() -> anyhow::Result<()> {
    let fake =
        FakeGorgias::start(GorgiasOptions { api_key: KEY.into(), ..GorgiasOptions::default() }).await?;
    let builder = HostBuilder::gorgias(&fake).env("GORGIAS_API_KEY", KEY).env("HELPDESK_LOG", "debug");
    let host = builder.http().await?;
    let mut seen = exercise(&fake, &host).await? + &host.stderr.text();
    let (_, out, err) = builder.run(&["check"]).await?;
    seen.push_str(&out);
    seen.push_str(&err);
    let (_, out, err) =
        builder.clone().env("GORGIAS_API_KEY", "sk_live_wrong_Key_001").run(&["check"]).await?;
    assert!(!out.contains("sk_live_wrong_Key_001") && !err.contains("sk_live_wrong_Key_001"));
    seen.push_str(&out);
    for secret in forbidden(fixtures::EMAIL) {
        assert!(!seen.contains(&secret), "{secret:?} leaked");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn upstream_error_text_is_sanitised() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let leaky = r#"{"error":{"msg":"db at 10.0.3.7:5432 rejected api_key=sk_live_51Habcdefghijklmnop; see /var/log/app/err.log; Bearer abcdefgh12345678"}}"#;
    fake.control().inject(
        Fault::new(
            "/api/tickets/4521",
            FaultKind::Status { code: 500, body: Some(leaky.into()), retry_after: None },
        )
        .exact()
        .with_times(5),
    );
    let e = host.error("get_ticket", json!({ "id": 4521 })).await?;
    for secret in ["10.0.3.7", "sk_live_51H", "/var/log", "abcdefgh12345678"] {
        assert!(!e.contains(secret), "{secret} leaked: {e}");
    }
    assert!(
        e.contains("HTTP 500") && e.contains("[internal address]") && e.contains("api_key=[REDACTED]"),
        "{e}"
    );
    Ok(())
}

/// At TRACE, wasmtime's WASI bindings log every import call with its string
/// arguments, Kayako's signed query among them; the host drops those events
/// whatever the filter says, so no level writes a credential to stderr.
#[tokio::test(flavor = "multi_thread")]
async fn trace_logs_hold_no_credential_for_either_provider() -> anyhow::Result<()> {
    let kayako = FakeKayako::start(KayakoOptions::default()).await?;
    let host =
        HostBuilder::kayako(&kayako).arg("--log").arg("trace").env("RUST_LOG", "trace").stdio().await?;
    host.text("get_ticket", json!({ "id": k::LOGIN_TICKET_DISPLAY_ID })).await?;
    host.text("list_reference", json!({ "kind": "statuses" })).await?;
    host.text("search_tickets", json!({ "query": k::HANNAH_EMAIL })).await?;
    let log = host.stderr.text();
    assert!(log.contains("TRACE") && log.lines().count() > 100, "tracing ran at trace level:\n{log}");
    assert!(!log.contains("path_with_query") && !log.contains("wit-bindgen"), "argument dumps are dropped");
    assert_clean(&log, &kayako_secrets(&kayako));

    let gorgias =
        FakeGorgias::start(GorgiasOptions { api_key: KEY.into(), ..GorgiasOptions::default() }).await?;
    let host = HostBuilder::gorgias(&gorgias)
        .env("GORGIAS_API_KEY", KEY)
        .env("HELPDESK_LOG", "trace")
        .stdio()
        .await?;
    host.text("get_ticket", json!({ "id": 4521 })).await?;
    host.text("list_reference", json!({ "kind": "agents" })).await?;
    let log = host.stderr.text();
    assert!(log.contains("TRACE") && log.lines().count() > 100, "tracing ran at trace level");
    let basic = STANDARD.encode(format!("{}:{KEY}", fixtures::EMAIL));
    assert_clean(&log, &[KEY.to_owned(), basic]);
    Ok(())
}
