//! A hostile upstream that reflects the request's credentials back (the fakes'
//! `Reflect` fault: `Authorization` whole, bare, quoted, `Basic:`-prefixed and
//! decoded, `API-Key:`, the query as sent and decoded) in error messages and in
//! 200 bodies. Nothing the server returns to a readonly client, nor what
//! `check` prints, may carry any of it: not the key, not the Basic token, not
//! Kayako's api key, salts or signatures, in any encoding.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use helpdesk_fakes::gorgias::{self, FakeGorgias, GorgiasOptions};
use helpdesk_fakes::kayako::{self, FakeKayako, KayakoOptions};
use helpdesk_tests::harness::{Host, HostBuilder, scratch_dir, text_of};
use rmcp::ServiceExt as _;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::{Value, json};

const GORGIAS_KEY: &str = "gk_reflect_4f9a1c7e2b8d6053";
const READONLY_CLIENT_KEY: &str = "hk_readonly_reflect_0a1b2c3d4e5f";
/// Statuses whose echo reaches an error message.
const ERROR_STATUSES: [u16; 5] = [400, 403, 404, 422, 500];

/// Every form a credential value can be echoed in.
pub(crate) fn forms(value: &str) -> Vec<String> {
    let form: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    vec![value.to_owned(), form.clone(), form.to_ascii_lowercase()]
}

/// Fails naming the first secret form found in `seen`.
pub(crate) fn assert_clean(seen: &str, secrets: &[String]) {
    for secret in secrets {
        for form in forms(secret) {
            assert!(!seen.contains(&form), "{form:?} (a form of a credential) leaked in:\n{seen}");
        }
    }
}

fn gorgias_secrets() -> Vec<String> {
    vec![GORGIAS_KEY.to_owned(), STANDARD.encode(format!("{}:{GORGIAS_KEY}", gorgias::fixtures::EMAIL))]
}

/// Kayako's fixed keys plus every salt and signature the fake was sent.
pub(crate) fn kayako_secrets(fake: &FakeKayako) -> Vec<String> {
    let mut secrets = vec![kayako::fixtures::API_KEY.to_owned(), kayako::fixtures::SECRET_KEY.to_owned()];
    for request in fake.control().requests() {
        let carried = [request.query.unwrap_or_default(), request.body.unwrap_or_default()].join("&");
        let fields: HashMap<String, String> =
            form_urlencoded::parse(carried.as_bytes()).into_owned().collect();
        secrets.extend(["salt", "signature"].iter().filter_map(|k| fields.get(*k).cloned()));
    }
    assert!(secrets.len() > 2, "the fake saw signed requests");
    secrets
}

/// The text and structured content of a call, whatever its outcome.
async fn seen(host: &Host, tool: &str, args: Value) -> anyhow::Result<(bool, String)> {
    let r = host.call(tool, args).await?;
    let text = text_of(&r) + &r.structured_content.map(|s| s.to_string()).unwrap_or_default();
    Ok((r.is_error == Some(true), text))
}

/// Reflect faults on `path` for each status, calling `tool` under each; returns all output
/// and checks the echo really reached it (so the test cannot pass by the echo being lost).
async fn reflected(
    host: &Host,
    inject: &dyn Fn(u16),
    clear: &dyn Fn(),
    tool: &str,
    args: Value,
) -> anyhow::Result<String> {
    let mut all = String::new();
    for status in ERROR_STATUSES.into_iter().chain([200]) {
        inject(status);
        let (is_error, text) = seen(host, tool, args.clone()).await?;
        clear();
        assert_eq!(is_error, status != 200, "{tool} under a reflected {status}: {text}");
        if status == 200 || status == 500 {
            assert!(
                text.contains("[echo]") && text.contains("[REDACTED]"),
                "{status}: the echo was shown: {text}"
            );
        }
        all.push_str(&text);
    }
    Ok(all)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reflecting_gorgias_never_hands_the_credential_to_a_readonly_client() -> anyhow::Result<()> {
    let fake =
        FakeGorgias::start(GorgiasOptions { api_key: GORGIAS_KEY.into(), ..GorgiasOptions::default() })
            .await?;
    let dir = scratch_dir("reflect-keys")?;
    let keys = dir.join("keys");
    std::fs::write(&keys, format!("{READONLY_CLIENT_KEY} readonly reporting-bot\n"))?;
    let builder = HostBuilder::gorgias(&fake)
        .env("GORGIAS_API_KEY", GORGIAS_KEY)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_MCP_KEYS_FILE", &keys.to_string_lossy());
    let (url, log, _child) = builder.http_endpoint().await?;
    let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(READONLY_CLIENT_KEY);
    let client = ().serve(StreamableHttpClientTransport::from_config(config)).await?;
    let tools: Vec<String> = client.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect();
    assert!(!tools.contains(&"call_api".to_owned()), "a readonly client: {tools:?}");

    let control = fake.control();
    let ticket = "/api/tickets/4521";
    let inject = |status| {
        let kind = gorgias::FaultKind::Reflect { status };
        control.inject(gorgias::Fault::new(ticket, kind).exact().with_method("GET").with_times(5));
    };
    let clear = || control.clear_faults();
    let mut all = String::new();
    for status in ERROR_STATUSES.into_iter().chain([200]) {
        inject(status);
        let params = CallToolRequestParams::new("get_ticket")
            .with_arguments(json!({ "id": 4521 }).as_object().cloned().unwrap_or_default());
        let r = client.call_tool(params).await?;
        clear();
        let text = text_of(&r) + &r.structured_content.map(|s| s.to_string()).unwrap_or_default();
        assert_eq!(r.is_error == Some(true), status != 200, "{status}: {text}");
        if status == 200 || status == 500 {
            assert!(text.contains("[echo]") && text.contains("[REDACTED]"), "{status}: {text}");
        }
        all.push_str(&text);
    }
    all.push_str(&log.text());
    assert_clean(&all, &gorgias_secrets());

    // `check`, against an upstream that reflects into its error and its 200 answer.
    control.inject(gorgias::Fault::new("/api", gorgias::FaultKind::Reflect { status: 500 }).with_times(20));
    let (code, out, err) = builder.run(&["check"]).await?;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("[echo]"), "the echo reached check's diagnosis: {out}");
    control.clear_faults();
    control.inject(gorgias::Fault::new("/api", gorgias::FaultKind::Reflect { status: 200 }).with_times(20));
    let (_, out2, err2) = builder.run(&["check"]).await?;
    assert_clean(&(out + &err + &out2 + &err2), &gorgias_secrets());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reflecting_gorgias_list_stays_clean_over_stdio() -> anyhow::Result<()> {
    let fake =
        FakeGorgias::start(GorgiasOptions { api_key: GORGIAS_KEY.into(), ..GorgiasOptions::default() })
            .await?;
    let host = HostBuilder::gorgias(&fake).env("GORGIAS_API_KEY", GORGIAS_KEY).stdio().await?;
    let control = fake.control();
    let inject = |status| {
        let kind = gorgias::FaultKind::Reflect { status };
        control.inject(gorgias::Fault::new("/api/tickets", kind).exact().with_method("GET").with_times(5));
    };
    let all =
        reflected(&host, &inject, &|| control.clear_faults(), "list_tickets", json!({ "limit": 5 })).await?;
    assert_clean(&(all + &host.stderr.text()), &gorgias_secrets());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reflecting_kayako_never_hands_back_its_key_salts_or_signatures() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let builder = HostBuilder::kayako(&fake);
    let host = builder.stdio().await?;
    let control = fake.control();
    let inject = |status| {
        let kind = kayako::FaultKind::Reflect { status };
        control.inject(kayako::Fault::new("/Tickets/Ticket/", kind).with_method("GET").with_times(5));
    };
    let args = json!({ "id": kayako::fixtures::LOGIN_TICKET_DISPLAY_ID });
    let mut all = reflected(&host, &inject, &|| control.clear_faults(), "get_ticket", args).await?;
    all.push_str(&host.stderr.text());

    control.inject(kayako::Fault::new("/", kayako::FaultKind::Reflect { status: 500 }).with_times(20));
    let (code, out, err) = builder.run(&["check"]).await?;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("[echo]"), "the echo reached check's diagnosis: {out}");
    all.push_str(&(out + &err));
    assert_clean(&all, &kayako_secrets(&fake));
    Ok(())
}
