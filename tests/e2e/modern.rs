//! MCP 2026-07-28 beside 2025-11-25 on the host's front doors: `server/discover`,
//! stateless requests with their `_meta` and headers, cache hints, the revision's
//! errors, and confirmation of customer-visible writes as a signed
//! `InputRequiredResult` round trip (tampered, replayed, expired or declined: nothing sent).

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::HostBuilder;
use helpdesk_tests::modern::{ModernHttp, ModernStdio, request};
use serde_json::{Value, json};

const MESSAGES: &str = "/api/tickets/4521/messages";
const STATE_KEY: &str = "test-state-key-0123456789abcdef0123456789";

async fn fake() -> anyhow::Result<FakeGorgias> {
    Ok(FakeGorgias::start(GorgiasOptions::default()).await?)
}

/// A host that may send public replies, signing confirmations with a known key.
fn sender(fake: &FakeGorgias) -> HostBuilder {
    HostBuilder::gorgias(fake).env("HELPDESK_ACCESS_LEVEL", "send").env("HELPDESK_MCP_STATE_KEY", STATE_KEY)
}

fn public_reply(text: &str) -> Value {
    json!({ "name": "reply_to_ticket", "arguments": { "id": 4521, "message": text } })
}

fn answered(mut params: Value, state: &str, action: &str) -> Value {
    params["requestState"] = json!(state);
    let answer = if action == "accept" {
        json!({ "action": "accept", "content": { "confirm": true } })
    } else {
        json!({ "action": action })
    };
    params["inputResponses"] = json!({ "confirm": answer });
    params
}

fn tool_names(result: &Value) -> Vec<&str> {
    result["tools"].as_array().into_iter().flatten().filter_map(|t| t["name"].as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_2026_client_discovers_lists_and_calls_without_a_session_over_http() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) = sender(&fake).http_endpoint().await?;
    let client = ModernHttp::new(&url);

    let discovered = client.send(1, "server/discover", json!({})).await?;
    let result = discovered.result()?;
    let versions: Vec<&str> =
        result["supportedVersions"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert!(versions.contains(&"2026-07-28") && versions.contains(&"2025-11-25"), "{result}");
    assert!(result["capabilities"]["tools"].is_object(), "{result}");
    assert_eq!(result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "helpdesk-mcp");
    assert!(!discovered.headers.contains_key("mcp-session-id"), "no sessions in 2026-07-28");

    let listed = client.send(2, "tools/list", json!({})).await?;
    let result = listed.result()?;
    assert!(tool_names(result).contains(&"reply_to_ticket"), "{result}");
    assert_eq!(result["ttlMs"], 300_000, "cache hint: {result}");
    assert_eq!(result["cacheScope"], "private", "the list depends on the caller's key");
    assert!(!listed.headers.contains_key("mcp-session-id"));

    let args = json!({ "name": "search_tickets", "arguments": { "query": fixtures::ALICE_EMAIL } });
    let found = client.send(3, "tools/call", args).await?;
    let result = found.result()?;
    assert_ne!(result["isError"], json!(true), "{result}");
    assert!(
        result["content"][0]["text"].as_str().unwrap_or_default().contains(fixtures::REFUND_TICKET_SUBJECT)
    );

    // The revision's errors: an unknown tool is -32602; headers must agree with the body.
    let unknown = client.send(4, "tools/call", json!({ "name": "no_such_tool", "arguments": {} })).await?;
    assert_eq!(unknown.error_code(), Some(-32602), "{:?}", unknown.body);
    let body = request(5, "tools/list", json!({}), true);
    let mismatch = client.send_raw(&body, &[("mcp-method", "tools/call".into())]).await?;
    assert_eq!((mismatch.status, mismatch.error_code()), (400, Some(-32020)), "{:?}", mismatch.body);
    let body = request(6, "tools/call", json!({ "name": "get_ticket", "arguments": { "id": 4521 } }), true);
    let extra = [("mcp-method", "tools/call".into()), ("mcp-name", "search_tickets".into())];
    let wrong_name = client.send_raw(&body, &extra).await?;
    assert_eq!((wrong_name.status, wrong_name.error_code()), (400, Some(-32020)), "{:?}", wrong_name.body);
    let mut bare = request(7, "tools/list", json!({}), true);
    bare["params"]["_meta"].as_object_mut().map(|m| m.remove("io.modelcontextprotocol/clientCapabilities"));
    let missing = client.send_raw(&bare, &[("mcp-method", "tools/list".into())]).await?;
    assert_eq!(missing.error_code(), Some(-32602), "a request without its _meta: {:?}", missing.body);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_2026_client_discovers_lists_and_calls_over_stdio() -> anyhow::Result<()> {
    let fake = fake().await?;
    let mut client = ModernStdio::spawn(sender(&fake).stdio_command())?;
    let discovered = client.send(1, "server/discover", json!({}), true).await?;
    assert!(discovered["result"]["supportedVersions"].to_string().contains("2026-07-28"), "{discovered}");
    let listed = client.send(2, "tools/list", json!({}), true).await?;
    assert!(tool_names(&listed["result"]).contains(&"get_ticket"), "{listed}");
    assert_eq!(listed["result"]["ttlMs"], 300_000, "{listed}");
    let read = client
        .send(3, "tools/call", json!({ "name": "get_ticket", "arguments": { "id": 4521 } }), true)
        .await?;
    assert!(
        read["result"]["content"][0]["text"].as_str().unwrap_or_default().contains(fixtures::ALICE_NAME),
        "{read}"
    );
    let unknown = client.send(4, "tools/call", json!({ "name": "nope", "arguments": {} }), true).await?;
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");

    // Confirmation over stdio: asked, then sent once on a yes.
    let params = public_reply("Your refund was issued today.");
    let asked = client.send(5, "tools/call", params.clone(), true).await?;
    let state = asked["result"]["requestState"].as_str().unwrap_or_default().to_owned();
    assert!(!state.is_empty(), "{asked}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 0);
    let sent = client.send(6, "tools/call", answered(params, &state, "accept"), true).await?;
    assert_ne!(sent["result"]["isError"], json!(true), "{sent}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1);
    client.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_2026_confirmation_is_signed_single_use_and_nothing_is_sent_without_a_yes() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) = sender(&fake).env("HELPDESK_CONFIRM_TTL_SECS", "2").http_endpoint().await?;
    let client = ModernHttp::new(&url);
    let params = public_reply("Hi Alice, your refund of $89.00 was issued today.");
    let writes = || fake.control().count_writes("POST", MESSAGES);

    // First round: the server asks; nothing is sent.
    let asked = client.send(1, "tools/call", params.clone()).await?;
    let result = asked.result()?;
    assert_eq!(result["resultType"], "input_required", "{result}");
    let form = &result["inputRequests"]["confirm"];
    assert_eq!(form["method"], "elicitation/create", "{result}");
    assert!(form["params"]["message"].as_str().unwrap_or_default().contains("customer will see"), "{form}");
    let state = result["requestState"].as_str().unwrap_or_default().to_owned();
    assert_eq!(writes(), 0);

    // Altered state, or the state with other arguments: refused, nothing sent.
    let mut altered = state.clone();
    let last = altered.pop().map_or('A', |c| if c == 'A' { 'B' } else { 'A' });
    altered.push(last);
    let tampered = client.send(2, "tools/call", answered(params.clone(), &altered, "accept")).await?;
    assert_eq!(tampered.error_code(), Some(-32602), "{:?}", tampered.body);
    assert!(tampered.body["error"]["message"].as_str().unwrap_or_default().contains("failed verification"));
    let other = public_reply("Something else entirely.");
    let rebound = client.send(3, "tools/call", answered(other, &state, "accept")).await?;
    assert_eq!(rebound.error_code(), Some(-32602), "{:?}", rebound.body);
    assert_eq!(writes(), 0);

    // Declined: an isError result saying nothing was sent.
    let declined = client.send(4, "tools/call", answered(params.clone(), &state, "decline")).await?;
    let result = declined.result()?;
    assert_eq!(result["isError"], true, "{result}");
    assert!(result["content"][0]["text"].as_str().unwrap_or_default().starts_with("Not sent"), "{result}");
    assert_eq!(writes(), 0);

    // The declined state is used up: replaying it with a yes is refused.
    let replayed = client.send(5, "tools/call", answered(params.clone(), &state, "accept")).await?;
    assert!(
        replayed.body["error"]["message"].as_str().unwrap_or_default().contains("already used"),
        "{:?}",
        replayed.body
    );
    assert_eq!(writes(), 0);

    // A fresh question, answered yes: sent once; the same answer again is a replay.
    let state = client.send(6, "tools/call", params.clone()).await?.result()?["requestState"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sent = client.send(7, "tools/call", answered(params.clone(), &state, "accept")).await?;
    assert_ne!(sent.result()?["isError"], json!(true), "{:?}", sent.body);
    assert_eq!(writes(), 1);
    let again = client.send(8, "tools/call", answered(params.clone(), &state, "accept")).await?;
    assert_eq!(again.error_code(), Some(-32602), "{:?}", again.body);
    assert_eq!(writes(), 1);

    // Expired (the lifetime is 2 s here): refused, nothing sent.
    let state = client.send(9, "tools/call", params.clone()).await?.result()?["requestState"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let late = client.send(10, "tools/call", answered(params.clone(), &state, "accept")).await?;
    assert!(
        late.body["error"]["message"].as_str().unwrap_or_default().contains("expired"),
        "{:?}",
        late.body
    );
    assert_eq!(writes(), 1);

    // A client that cannot answer a form is not asked, exactly as with elicitation today.
    let mut plain = client.clone();
    plain.elicitation = false;
    let internal = json!({ "name": "reply_to_ticket", "arguments": { "id": 4521, "message": "Note.", "internal": true } });
    assert_ne!(plain.send(11, "tools/call", internal).await?.result()?["isError"], json!(true));
    Ok(())
}

/// A 2025-11-25 session on the same server keeps elicitation: the round trip
/// is only for clients of the new revision.
#[tokio::test(flavor = "multi_thread")]
async fn a_2025_session_beside_is_unchanged() -> anyhow::Result<()> {
    let fake = fake().await?;
    let host = sender(&fake).http().await?;
    let info = host.client.peer_info().map(|i| i.protocol_version.to_string());
    assert_eq!(info.as_deref(), Some("2025-11-25"));
    let text = host.text("get_ticket", json!({ "id": 4521 })).await?;
    assert!(text.contains(fixtures::ALICE_NAME));
    Ok(())
}
