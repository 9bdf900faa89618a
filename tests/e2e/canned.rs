//! Canned responses under one `list_reference` kind on every provider: "which canned
//! replies do we have, and what does the return-label one say?" has one answer everywhere.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures as g};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn gorgias_macros_are_canned_responses_with_their_text() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let before = fake.control().requests().len();
    let all =
        host.structured("list_reference", json!({ "kind": "canned_responses", "format": "json" })).await?;
    assert_eq!(all["total"], g::MACRO_COUNT, "archived macros are left out: {all}");
    assert!(!all.to_string().contains(g::ARCHIVED_MACRO_NAME), "{all}");
    assert_eq!(fake.control().requests().len() - before, 1, "one request lists every macro");
    let items = all["items"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().all(|i| i["text"].as_str().is_some_and(|t| !t.is_empty())), "{all}");
    let label = items.iter().find(|i| i["name"] == g::RETURN_LABEL_MACRO_NAME).cloned().unwrap_or_default();
    assert_eq!(label["id"], g::RETURN_LABEL_MACRO_ID.to_string());
    assert!(label["text"].as_str().unwrap_or("").contains(g::RETURN_LABEL_MACRO_PHRASE), "{label}");
    assert!(
        label["detail"].as_str().unwrap_or("").contains("addTags returns"),
        "other actions named: {label}"
    );

    // Narrowed by words of the name or the text, in markdown with the text quoted.
    let text =
        host.text("list_reference", json!({ "kind": "canned_responses", "search": "return label" })).await?;
    assert!(text.starts_with("1 canned responses:"), "{text}");
    assert!(text.contains(&format!("> Attached is your {}", g::RETURN_LABEL_MACRO_PHRASE)), "{text}");
    let last = fake.control().requests().last().cloned();
    let (path, query) = last.map(|r| (r.path, r.query.unwrap_or_default())).unwrap_or_default();
    assert!(path == "/api/macros" && query.contains("search=return+label"), "{path}?{query}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_says_it_has_no_canned_responses() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).stdio().await?;
    let before = fake.control().requests().len();
    let e = host.error("list_reference", json!({ "kind": "canned_responses" })).await?;
    assert!(e.contains("Kayako Classic has no canned response list") && e.contains("agents"), "{e}");
    assert_eq!(fake.control().requests().len(), before, "refused before any request");
    Ok(())
}
