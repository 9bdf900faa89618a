//! The tool fixtures that do more than return their content: they log,
//! report progress, sample, elicit, or need a client capability.

#![allow(deprecated)] // MCP logging is current in 2025-11-25.

use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResult, CreateMessageRequestParams, ElicitRequestParams, LoggingLevel,
    LoggingMessageNotificationParam, ProgressNotificationParam, ProgressToken,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};
use serde_json::{Value, json};

use super::{fill, parse, text, vars};

/// Runs the tool fixture `fixture`: static content, or a behaviour that
/// talks to the client.
pub(super) async fn run(
    fixture: &Value,
    request: &CallToolRequestParams,
    context: &RequestContext<RoleServer>,
) -> Result<CallToolResult, ErrorData> {
    let vars = vars(request.arguments.as_ref());
    let peer = &context.peer;
    match fixture["behaviour"].as_str().unwrap_or("static") {
        // In 2026-07-28 a request asks for log messages in its `_meta`.
        "logging" if crate::mcp::is_modern(context) && context.meta.log_level().is_none() => {
            Ok(text("Tool with logging executed successfully".into()))
        }
        "logging" => {
            for (i, message) in ["Tool execution started", "Tool processing data", "Tool execution completed"]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                let param = LoggingMessageNotificationParam::new(LoggingLevel::Info, json!(message));
                let _ = peer.notify_logging_message(param).await;
            }
            Ok(text("Tool with logging executed successfully".into()))
        }
        "progress" => {
            let token = context
                .meta
                .get_progress_token()
                .unwrap_or(ProgressToken(rmcp::model::NumberOrString::Number(0)));
            for step in [0u32, 50, 100] {
                if step > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                let param = ProgressNotificationParam::new(token.clone(), f64::from(step))
                    .with_total(100.0)
                    .with_message(format!("Completed step {step} of 100"));
                let _ = peer.notify_progress(param).await;
            }
            let shown = serde_json::to_value(&token.0).map(|v| v.to_string()).unwrap_or_default();
            Ok(text(shown.trim_matches('"').to_owned()))
        }
        "needs-sampling" if context.client_capabilities().is_none_or(|c| c.sampling.is_none()) => {
            Err(ErrorData::missing_required_client_capability(parse(json!({ "sampling": {} }))?))
        }
        "error" => Ok(CallToolResult::error(vec![rmcp::model::ContentBlock::text(
            "This tool intentionally returns an error for testing",
        )])),
        "echo" => Ok(text(format!(
            "JSON Schema 2020-12 tool called with: {}",
            Value::Object(request.arguments.clone().unwrap_or_default())
        ))),
        "sampling" => {
            let params: CreateMessageRequestParams = parse(json!({
                "messages": [{ "role": "user", "content": { "type": "text", "text": vars.get("prompt").cloned().unwrap_or_default() } }],
                "maxTokens": 100
            }))?;
            Ok(match peer.create_message(params).await {
                Ok(result) => {
                    let reply = serde_json::to_value(&result).unwrap_or_default();
                    let said = reply["content"]["text"].as_str().unwrap_or("No response").to_owned();
                    text(format!("LLM response: {said}"))
                }
                Err(e) => text(format!("Sampling not supported or error: {e}")),
            })
        }
        "elicitation" => {
            let params: ElicitRequestParams = parse(fill(&fixture["elicit"], &vars))?;
            let lead =
                if request.name == "test_elicitation" { "User response" } else { "Elicitation completed" };
            Ok(match peer.create_elicitation(params).await {
                Ok(r) => {
                    let action = serde_json::to_value(&r.action).unwrap_or_default();
                    let content = r.content.clone().unwrap_or_else(|| json!({}));
                    text(format!("{lead}: action={}, content={content}", action.as_str().unwrap_or("?")))
                }
                Err(e) => text(format!("Elicitation not supported or error: {e}")),
            })
        }
        _ => parse(json!({ "content": fill(&fixture["content"], &vars) })),
    }
}
