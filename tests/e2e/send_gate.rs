//! Messages a customer sees are their own gate: the `send` level (readonly <
//! agent < send < admin). At `agent` an assistant may write internal notes,
//! change tickets and log tickets for a customer, but a public reply or an
//! agent-written new ticket is refused before anything is sent; at `send` it
//! goes out, confirmed by the user first where the client can ask. Every path
//! that sets a level agrees: HELPDESK_ACCESS_LEVEL, client keys, the narrowing
//! header, tools/list, tools/call, and the component's own policy.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures as g};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_mcp::cache::Cache;
use helpdesk_mcp::component::{CallLimits, Code, Runtime};
use helpdesk_mcp::sandbox::Sandbox;
use helpdesk_tests::harness::{HostBuilder, cache_dir, scratch_dir, text_of};
use http::{HeaderName, HeaderValue};
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientConfig, ElicitRequestParams,
    ElicitResult, ElicitationAction, ElicitationCapability,
};
use rmcp::service::{RequestContext, RunningService};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt};
use serde_json::{Value, json};

const NEEDS_SEND: &str = "needs the `send` access level";
const AGENT_KEY: &str = "hk_agent_9f8e7d6c5b4a39281706";
const SEND_KEY: &str = "hk_send_1a2b3c4d5e6f7a8b9c0d";

fn public_reply() -> Value {
    json!({ "id": g::REFUND_TICKET_ID, "message": "Your refund is on its way." })
}

fn note() -> Value {
    json!({ "id": g::REFUND_TICKET_ID, "message": "Checked with finance.", "internal": true })
}

fn agent_ticket() -> Value {
    json!({ "customer": g::ALICE_EMAIL, "subject": "Your exchange", "message": "It has shipped.", "from": "agent" })
}

fn logged_ticket() -> Value {
    json!({ "customer": g::ALICE_EMAIL, "subject": "Phone call", "message": "Asked about sizes." })
}

#[tokio::test(flavor = "multi_thread")]
async fn agent_level_writes_notes_and_changes_but_sends_nothing_to_customers() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "agent").stdio().await?;
    let tools = host.client.list_all_tools().await?;
    let reply = tools.iter().find(|t| t.name == "reply_to_ticket").expect("notes stay available");
    assert!(reply.description.as_deref().unwrap_or_default().contains("send access level"), "{reply:?}");

    let e = host.error("reply_to_ticket", public_reply()).await?;
    assert!(e.contains(NEEDS_SEND) && e.contains("internal=true"), "{e}");
    let e = host.error("reply_to_ticket", json!({ "internal": false, "id": 4521, "message": "x" })).await?;
    assert!(e.contains(NEEDS_SEND), "{e}");
    let e = host.error("create_ticket", agent_ticket()).await?;
    assert!(e.contains(NEEDS_SEND), "{e}");
    assert!(fake.control().writes().is_empty(), "nothing reached the helpdesk");

    host.text("reply_to_ticket", note()).await?;
    host.text("create_ticket", logged_ticket()).await?;
    host.text("update_ticket", json!({ "id": g::REFUND_TICKET_ID, "priority": "high" })).await?;
    assert!(fake.control().writes().len() >= 3, "{:?}", fake.control().writes());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn send_level_sends_public_replies_and_agent_tickets() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "send").stdio().await?;
    host.text("reply_to_ticket", public_reply()).await?;
    host.text("create_ticket", agent_ticket()).await?;
    let names: Vec<String> = host.client.list_all_tools().await?.iter().map(|t| t.name.to_string()).collect();
    assert!(!names.contains(&"call_api".to_owned()), "send is below admin: {names:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_agent_level_keeps_posts_to_customers_back() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).env("HELPDESK_ACCESS_LEVEL", "agent").stdio().await?;
    let id = k::INVOICE_TICKET_ID;
    let public = json!({ "id": id, "message": "We refunded you.", "agent": k::STAFF_FULL_NAME });
    let e = host.error("reply_to_ticket", public).await?;
    assert!(e.contains(NEEDS_SEND), "{e}");
    assert!(fake.control().writes().is_empty());
    host.text("reply_to_ticket", json!({ "id": id, "message": "Refund issued.", "internal": true })).await?;
    let send = HostBuilder::kayako(&fake).env("HELPDESK_ACCESS_LEVEL", "send").stdio().await?;
    send.text(
        "reply_to_ticket",
        json!({ "id": id, "message": "We refunded you.", "agent": k::STAFF_FULL_NAME }),
    )
    .await?;
    assert!(
        fake.control().writes().iter().any(|w| w.path == "/Tickets/TicketPost"),
        "{:?}",
        fake.control().writes()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_operations_that_message_customers_need_the_send_level() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let names = |level: &'static str| {
        let builder = HostBuilder::gorgias(&fake)
            .env("HELPDESK_ACCESS_LEVEL", level)
            .env("HELPDESK_TOOLSETS", "tickets,raw");
        async move {
            let host = builder.stdio().await?;
            let names: Vec<String> =
                host.client.list_all_tools().await?.iter().map(|t| t.name.to_string()).collect();
            anyhow::Ok((host, names))
        }
    };
    let (agent, listed) = names("agent").await?;
    assert!(listed.contains(&"gorgias_update_ticket".to_owned()), "{listed:?}");
    assert!(!listed.contains(&"gorgias_create_message".to_owned()), "{listed:?}");
    let e = agent.error("gorgias_create_message", json!({ "ticket_id": 4521 })).await?;
    assert!(e.contains("Unknown tool"), "{e}");
    let (_send, listed) = names("send").await?;
    assert!(listed.contains(&"gorgias_create_message".to_owned()), "{listed:?}");
    Ok(())
}

/// The component's own policy (as under `wasmtime serve` or Spin, with no host
/// checking for it) refuses the same calls.
#[tokio::test(flavor = "multi_thread")]
async fn the_components_own_policy_refuses_sends_below_the_send_level() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let runtime = |level: &str| -> anyhow::Result<Runtime> {
        let env = vec![
            ("GORGIAS_BASE_URL".to_owned(), fake.base_url()),
            ("GORGIAS_EMAIL".to_owned(), g::EMAIL.to_owned()),
            ("GORGIAS_API_KEY".to_owned(), g::API_KEY.to_owned()),
            ("HELPDESK_ACCESS_LEVEL".to_owned(), level.to_owned()),
        ];
        let code = Code::load(&Cache::Dir(cache_dir()))?;
        Ok(Runtime::new(code, env, Sandbox::new(&[fake.origin()])?, CallLimits::default(), None))
    };
    let agent = runtime("agent")?;
    let r = agent
        .call_tool("reply_to_ticket", &public_reply().to_string())
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(r.is_error, "{r:?}");
    let needs = agent
        .call_needs("reply_to_ticket", &public_reply().to_string())
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(needs.customer_visible);
    let needs = agent
        .call_needs("reply_to_ticket", &note().to_string())
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(!needs.customer_visible);
    assert!(fake.control().writes().is_empty());
    let r = agent
        .call_tool("reply_to_ticket", &note().to_string())
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(!r.is_error, "{r:?}");
    let send = runtime("send")?;
    let r = send
        .call_tool("reply_to_ticket", &public_reply().to_string())
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(!r.is_error, "{r:?}");
    Ok(())
}

async fn keyed(
    url: &str,
    key: &str,
    header: Option<&'static str>,
) -> anyhow::Result<RunningService<RoleClient, ()>> {
    let mut custom = HashMap::new();
    if let Some(level) = header {
        custom.insert(HeaderName::from_static("x-helpdesk-access-level"), HeaderValue::from_static(level));
    }
    let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(key).custom_headers(custom);
    Ok(().serve(StreamableHttpClientTransport::from_config(config)).await?)
}

async fn reply(client: &RunningService<RoleClient, ()>, args: Value) -> anyhow::Result<CallToolResult> {
    let args = args.as_object().cloned().unwrap_or_default();
    Ok(client.call_tool(CallToolRequestParams::new("reply_to_ticket").with_arguments(args)).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn client_keys_and_the_header_apply_the_send_level() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let file = scratch_dir("send-keys")?.join("keys");
    std::fs::write(&file, format!("{AGENT_KEY} agent notes-bot\n{SEND_KEY} send Support Claude\n"))?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .env("HELPDESK_MCP_KEYS_FILE", &file.to_string_lossy())
        .http_endpoint()
        .await?;
    let messages = || fake.control().count_writes("POST", "/api/tickets/4521/messages");

    let agent = keyed(&url, AGENT_KEY, None).await?;
    let r = reply(&agent, public_reply()).await?;
    assert!(r.is_error == Some(true) && text_of(&r).contains(NEEDS_SEND), "{}", text_of(&r));
    assert_eq!(messages(), 0);
    assert_ne!(reply(&agent, note()).await?.is_error, Some(true));
    assert_eq!(messages(), 1);
    // The header never widens an agent key...
    let widened = keyed(&url, AGENT_KEY, Some("send")).await?;
    assert_eq!(reply(&widened, public_reply()).await?.is_error, Some(true));
    // ...and narrows a send key.
    let narrowed = keyed(&url, SEND_KEY, Some("agent")).await?;
    assert_eq!(reply(&narrowed, public_reply()).await?.is_error, Some(true));
    assert_eq!(messages(), 1);
    let send = keyed(&url, SEND_KEY, None).await?;
    let r = reply(&send, public_reply()).await?;
    assert_ne!(r.is_error, Some(true), "{}", text_of(&r));
    assert_eq!(messages(), 2);
    Ok(())
}

/// A client that answers confirmations as told and keeps the questions.
#[derive(Clone, Default)]
struct Asker {
    answer: Option<ElicitationAction>,
    questions: Arc<Mutex<Vec<String>>>,
}

impl ClientHandler for Asker {
    fn get_info(&self) -> ClientConfig {
        let mut capabilities = ClientCapabilities::default();
        capabilities.elicitation = Some(ElicitationCapability::default());
        ClientConfig::new(capabilities, rmcp::model::Implementation::new("asker", "0"))
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        Ok(helpdesk_tests::elicitation::answer(self.answer.as_ref(), &self.questions, request))
    }
}

async fn call(
    client: &RunningService<RoleClient, Asker>,
    tool: &'static str,
    args: Value,
) -> anyhow::Result<CallToolResult> {
    let params =
        CallToolRequestParams::new(tool).with_arguments(args.as_object().cloned().unwrap_or_default());
    Ok(client.call_tool(params).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn customer_visible_sends_are_confirmed_by_default() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let session = |answer: ElicitationAction, confirm: &'static str| {
        let builder = HostBuilder::gorgias(&fake)
            .env("HELPDESK_ACCESS_LEVEL", "send")
            .env("HELPDESK_CONFIRM_WRITES", confirm);
        let asker = Asker { answer: Some(answer), ..Asker::default() };
        async move {
            let (url, _log, child) = builder.http_endpoint().await?;
            let client = asker.clone().serve(StreamableHttpClientTransport::from_uri(url)).await?;
            anyhow::Ok((client, asker, child))
        }
    };
    let writes = || fake.control().writes().len();

    let (client, asker, _child) = session(ElicitationAction::Decline, "").await?;
    let r = call(&client, "reply_to_ticket", public_reply()).await?;
    assert!(text_of(&r).contains("Not sent") && text_of(&r).contains("declined"), "{}", text_of(&r));
    let r = call(&client, "create_ticket", agent_ticket()).await?;
    assert_eq!(r.is_error, Some(true));
    let questions = asker.questions.lock().map(|q| q.clone()).unwrap_or_default();
    assert_eq!(questions.len(), 2, "{questions:?}");
    assert!(questions.iter().all(|q| q.contains("customer will see")), "{questions:?}");
    assert_eq!(writes(), 0, "declined: nothing sent");
    // A note is not a send: not asked, written.
    let r = call(&client, "reply_to_ticket", note()).await?;
    assert_ne!(r.is_error, Some(true), "{}", text_of(&r));
    assert_eq!(asker.questions.lock().map(|q| q.len()).unwrap_or(0), 2, "notes are not confirmed");
    assert_eq!(writes(), 1);

    let (client, asker, _child) = session(ElicitationAction::Accept, "").await?;
    let r = call(&client, "reply_to_ticket", public_reply()).await?;
    assert_ne!(r.is_error, Some(true), "{}", text_of(&r));
    assert_eq!(asker.questions.lock().map(|q| q.len()).unwrap_or(0), 1);
    assert_eq!(writes(), 2, "accepted: sent");

    let (client, asker, _child) = session(ElicitationAction::Decline, "0").await?;
    let r =
        call(&client, "reply_to_ticket", json!({ "id": g::BOB_TICKET_ID, "message": "Hello Bob." })).await?;
    assert_ne!(r.is_error, Some(true), "{}", text_of(&r));
    assert_eq!(
        asker.questions.lock().map(|q| q.len()).unwrap_or(0),
        0,
        "HELPDESK_CONFIRM_WRITES=0 never asks"
    );
    Ok(())
}
