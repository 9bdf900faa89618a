//! What a capable client gets while a tool runs: one log message per upstream
//! request after `logging/setLevel`, progress when it sent a `progressToken`,
//! and a confirmation question before a destructive write — declined means
//! nothing reaches the helpdesk.

#![allow(deprecated)] // MCP logging is current in 2025-11-25.

use std::sync::{Arc, Mutex};

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::HostBuilder;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientInfo, ElicitRequestParams, ElicitResult,
    ElicitationAction, ElicitationCapability, LoggingLevel, LoggingMessageNotificationParam,
    ProgressNotificationParam, SetLevelRequestParams,
};
use rmcp::service::{NotificationContext, RequestContext, RunningService};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt};
use serde_json::{Value, json};

/// A client that records notifications and answers confirmations as told.
#[derive(Clone, Default)]
struct Recorder {
    answer: Option<ElicitationAction>,
    logs: Arc<Mutex<Vec<Value>>>,
    progress: Arc<Mutex<Vec<f64>>>,
    questions: Arc<Mutex<Vec<String>>>,
}

impl ClientHandler for Recorder {
    fn get_info(&self) -> ClientInfo {
        let mut capabilities = ClientCapabilities::default();
        if self.answer.is_some() {
            capabilities.elicitation = Some(ElicitationCapability::default());
        }
        ClientInfo::new(capabilities, rmcp::model::Implementation::new("recorder", "0"))
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        Ok(helpdesk_tests::elicitation::answer(self.answer.as_ref(), &self.questions, request))
    }

    async fn on_logging_message(
        &self,
        params: LoggingMessageNotificationParam,
        _context: rmcp::service::NotificationContext<RoleClient>,
    ) {
        if let Ok(mut l) = self.logs.lock() {
            l.push(serde_json::to_value(&params).unwrap_or_default());
        }
    }

    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        if let Ok(mut p) = self.progress.lock() {
            p.push(params.progress);
        }
    }
}

type Session = RunningService<RoleClient, Recorder>;

async fn over_http(
    builder: HostBuilder,
    recorder: Recorder,
) -> anyhow::Result<(Session, tokio::process::Child)> {
    let (url, _log, child) = builder.http_endpoint().await?;
    let session = recorder.serve(StreamableHttpClientTransport::from_uri(url)).await?;
    Ok((session, child))
}

async fn call(session: &Session, params: Value) -> anyhow::Result<CallToolResult> {
    let params: CallToolRequestParams = serde_json::from_value(params)?;
    Ok(session.call_tool(params).await?)
}

fn text(r: &CallToolResult) -> String {
    r.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn upstream_requests_become_log_messages_after_set_level() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let recorder = Recorder::default();
    let (session, _child) = over_http(HostBuilder::gorgias(&fake), recorder.clone()).await?;
    let id = fixtures::REFUND_TICKET_ID;
    call(&session, json!({ "name": "get_ticket", "arguments": { "id": id } })).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(recorder.logs.lock().map(|l| l.is_empty()).unwrap_or(false), "silent until the client asks");

    session.set_level(SetLevelRequestParams::new(LoggingLevel::Info)).await?;
    call(&session, json!({ "name": "get_ticket", "arguments": { "id": id } })).await?;
    // Notifications precede the result on the wire, but the client handles them on its own task.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let logs = recorder.logs.lock().map(|l| l.clone()).unwrap_or_default();
    let ticket = format!("/api/tickets/{id}");
    let entry = logs.iter().find(|l| l["data"]["path"] == ticket.as_str());
    let Some(entry) = entry else { anyhow::bail!("no log for {ticket}: {logs:?}") };
    assert_eq!(entry["logger"], "helpdesk-mcp.upstream");
    assert_eq!(entry["data"]["method"], "GET");
    assert_eq!(entry["data"]["status"], 200);
    assert!(entry["data"]["ms"].is_u64(), "{entry}");
    let all = serde_json::to_string(&logs)?;
    assert!(!all.contains(fixtures::API_KEY) && !all.to_lowercase().contains("authorization"), "{all}");

    session.set_level(SetLevelRequestParams::new(LoggingLevel::Warning)).await?;
    let before = logs.len();
    call(&session, json!({ "name": "get_ticket", "arguments": { "id": id } })).await?;
    assert_eq!(
        recorder.logs.lock().map(|l| l.len()).unwrap_or(0),
        before,
        "successes are info, below warning"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_progress_token_gets_progress_for_each_upstream_request() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let recorder = Recorder::default();
    let (session, _child) = over_http(HostBuilder::gorgias(&fake), recorder.clone()).await?;
    let r = call(
        &session,
        json!({ "name": "get_ticket", "arguments": { "id": fixtures::LONG_TICKET_ID }, "_meta": { "progressToken": "t1" } }),
    )
    .await?;
    assert_ne!(r.is_error, Some(true), "{}", text(&r));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let progress = recorder.progress.lock().map(|p| p.clone()).unwrap_or_default();
    assert!(progress.len() >= 2, "several requests, several notifications: {progress:?}");
    assert!(progress.windows(2).all(|w| w[1] > w[0]), "progress only grows: {progress:?}");
    Ok(())
}

async fn write_with(
    answer: Option<ElicitationAction>,
    confirm: &str,
) -> anyhow::Result<(usize, usize, String)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let recorder = Recorder { answer, ..Recorder::default() };
    let builder = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_CONFIRM_WRITES", confirm);
    let (session, _child) = over_http(builder, recorder.clone()).await?;
    let r = call(
        &session,
        json!({ "name": "update_ticket", "arguments": { "id": fixtures::REFUND_TICKET_ID, "status": "closed" } }),
    )
    .await?;
    let asked = recorder.questions.lock().map(|q| q.len()).unwrap_or(0);
    Ok((asked, fake.control().writes().len(), text(&r)))
}

#[tokio::test(flavor = "multi_thread")]
async fn destructive_writes_are_confirmed_by_the_user_first() -> anyhow::Result<()> {
    let (asked, writes, said) = write_with(Some(ElicitationAction::Decline), "destructive").await?;
    assert_eq!((asked, writes), (1, 0), "declined: nothing sent ({said})");
    assert!(said.contains("Not sent") && said.contains("declined"), "{said}");

    let (asked, writes, said) = write_with(Some(ElicitationAction::Cancel), "").await?;
    assert_eq!((asked, writes), (1, 0), "cancelled: nothing sent ({said})");

    let (asked, writes, said) = write_with(Some(ElicitationAction::Accept), "destructive").await?;
    assert_eq!(asked, 1);
    assert!(writes >= 1, "accepted: the update is sent ({said})");

    let (asked, writes, _) = write_with(Some(ElicitationAction::Decline), "0").await?;
    assert_eq!(asked, 0, "HELPDESK_CONFIRM_WRITES=0 never asks");
    assert!(writes >= 1);

    let (asked, writes, _) = write_with(None, "destructive").await?;
    assert_eq!(asked, 0, "a client without elicitation is not asked");
    assert!(writes >= 1);
    Ok(())
}
