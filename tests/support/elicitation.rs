//! How the tests' clients answer a confirmation question (MCP elicitation):
//! record the question, then accept (with `confirm: true`) or decline as told.

use std::sync::Mutex;

use rmcp::model::{ElicitRequestParams, ElicitResult, ElicitationAction};
use serde_json::json;

/// Records the question's message in `questions` and answers with `answer`
/// (declining when none is given).
pub fn answer(
    answer: Option<&ElicitationAction>,
    questions: &Mutex<Vec<String>>,
    request: ElicitRequestParams,
) -> ElicitResult {
    if let ElicitRequestParams::FormElicitationParams { message, .. } = request
        && let Ok(mut q) = questions.lock()
    {
        q.push(message);
    }
    let action = answer.cloned().unwrap_or(ElicitationAction::Decline);
    let mut result = ElicitResult::new(action.clone());
    if action == ElicitationAction::Accept {
        result.content = Some(json!({ "confirm": true }));
    }
    result
}
