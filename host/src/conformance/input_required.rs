//! The 2026-07-28 suite's input-required fixtures (`test_input_required_result_*`
//! tools and prompt): each is a table row of rounds (which questions to ask,
//! from `fixtures.json`), run by one engine over the product's own
//! `requestState` sealing ([`Confirmations::seal`] / [`Confirmations::open`]):
//! signed, bound to the caller, tool and arguments, expiring and single-use.

use std::collections::BTreeMap;

use rmcp::model::{
    ClientCapabilities, ElicitResult, ElicitationAction, InputRequiredResult, InputResponses, ListRootsResult,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};
use serde_json::{Value, json};

use super::{DATA, fill, list, parse};
use crate::mcp::round_trip::{self, Confirmations};

/// What a fixture answers this time.
pub enum Step {
    /// Ask (again, or the next round's questions).
    Ask(InputRequiredResult),
    /// Every round answered: the `done` text with the answers filled in.
    Done(String),
}

/// The input-required fixture `name` of the table `key` (`inputRequired` or
/// `inputRequiredPrompts`).
pub fn find(key: &str, name: &str) -> Option<&'static Value> {
    list(key).iter().find(|f| f["name"] == name)
}

/// One question of the table (`asks` in `fixtures.json`).
fn ask(name: &str) -> &'static Value {
    &DATA["asks"][name]
}

/// Whether the client declared the capability an input request's method needs.
fn declared(method: &str, caps: &ClientCapabilities) -> bool {
    match method {
        "elicitation/create" => caps.elicitation.is_some(),
        "sampling/createMessage" => caps.sampling.is_some(),
        "roots/list" => caps.roots.is_some(),
        _ => false,
    }
}

/// The answer to `ask` in `response`, as text, or `None` if it does not answer it
/// (declined, malformed, missing the requested field).
fn answer(ask: &Value, response: &Value) -> Option<String> {
    match ask["method"].as_str()? {
        "elicitation/create" => {
            let result: ElicitResult = serde_json::from_value(response.clone()).ok()?;
            if result.action != ElicitationAction::Accept {
                return None;
            }
            let field = ask["params"]["requestedSchema"]["required"][0].as_str()?;
            let value = result.content?.get(field)?.clone();
            Some(value.as_str().map_or_else(|| value.to_string(), str::to_owned))
        }
        "sampling/createMessage" => {
            let content = &response["content"];
            let text = content["text"].as_str().or_else(|| content[0]["text"].as_str())?;
            Some(text.to_owned())
        }
        "roots/list" => {
            let roots: ListRootsResult = serde_json::from_value(response.clone()).ok()?;
            Some(roots.roots.len().to_string())
        }
        _ => None,
    }
}

/// Runs one request of `fixture`: reads the echoed state (a forged, altered,
/// replayed or expired one is -32602, as the product refuses it), takes the
/// answers to the current round, and either asks the next questions or is done.
/// A fixture marked `signed` only moves on with a verified state.
pub fn step(
    fixture: &Value,
    confirmations: &Confirmations,
    binding: &[u8],
    state: Option<&str>,
    responses: Option<&InputResponses>,
    context: &RequestContext<RoleServer>,
) -> Result<Step, ErrorData> {
    let rounds = fixture["rounds"].as_array().map_or(&[][..], Vec::as_slice);
    let (mut round, mut answers): (usize, BTreeMap<String, String>) = match state {
        Some(state) => {
            let data = confirmations
                .open(state, binding)
                .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
            let answers = serde_json::from_value(data["answers"].clone()).unwrap_or_default();
            (data["round"].as_u64().and_then(|r| usize::try_from(r).ok()).unwrap_or(0), answers)
        }
        None => (0, BTreeMap::new()),
    };
    let caps = context.client_capabilities().unwrap_or_default();
    let Some(questions) = rounds.get(round).and_then(Value::as_object) else {
        return Err(ErrorData::invalid_params("requestState names no round of this fixture", None));
    };
    let asked: Vec<(&String, &Value)> = questions
        .iter()
        .filter_map(|(key, name)| Some((key, ask(name.as_str()?))))
        .filter(|(_, a)| a["method"].as_str().is_some_and(|m| declared(m, &caps)))
        .collect();
    if asked.is_empty() {
        // Nothing this client declared it can answer: the revision's own error.
        let mut required = serde_json::Map::new();
        for name in questions.values().filter_map(Value::as_str) {
            let capability = ask(name)["method"].as_str().and_then(|m| m.split('/').next());
            required.insert(capability.unwrap_or_default().to_owned(), json!({}));
        }
        return Err(ErrorData::missing_required_client_capability(parse(Value::Object(required))?));
    }
    let signed = fixture["signed"].as_bool().unwrap_or(false);
    let given: Option<Vec<(String, String)>> = asked
        .iter()
        .map(|(key, a)| Some(((*key).clone(), answer(a, responses?.get(key.as_str())?)?)))
        .collect();
    // Missing or unusable answers, or a signed fixture answered without its
    // state: ask this round again (SEP-2322 prefers that to an error).
    let Some(given) = given.filter(|_| state.is_some() || !signed) else {
        return ask_round(&rounds[round], round, &answers, confirmations, binding, &caps, signed)
            .map(Step::Ask);
    };
    answers.extend(given);
    round += 1;
    if let Some(next) = rounds.get(round) {
        // The next round's questions, with what was learnt sealed in its state.
        return ask_round(next, round, &answers, confirmations, binding, &caps, true).map(Step::Ask);
    }
    answers.insert("answered".into(), asked.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(","));
    Ok(Step::Done(fill(&fixture["done"], &answers).as_str().unwrap_or_default().to_owned()))
}

/// The `InputRequiredResult` of `round`: its questions the client can answer and,
/// when `seal`, a signed state naming the round and the answers so far.
fn ask_round(
    questions: &Value,
    round: usize,
    answers: &BTreeMap<String, String>,
    confirmations: &Confirmations,
    binding: &[u8],
    caps: &ClientCapabilities,
    seal: bool,
) -> Result<InputRequiredResult, ErrorData> {
    let mut requests = serde_json::Map::new();
    for (key, name) in questions.as_object().into_iter().flatten() {
        let a = ask(name.as_str().unwrap_or_default());
        if a["method"].as_str().is_some_and(|m| declared(m, caps)) {
            requests.insert(key.clone(), a.clone());
        }
    }
    let mut result = json!({ "resultType": "input_required", "inputRequests": requests });
    if seal {
        let state = confirmations
            .seal(json!({ "round": round, "answers": answers }), binding)
            .map_err(|e| ErrorData::internal_error(e, None))?;
        result["requestState"] = json!(state);
    }
    parse(result)
}

/// What a fixture's state is bound to: the caller, the fixture and its arguments.
pub fn binding(
    context: &RequestContext<RoleServer>,
    name: &str,
    arguments: Option<&rmcp::model::JsonObject>,
) -> Vec<u8> {
    let arguments = Value::Object(arguments.cloned().unwrap_or_default()).to_string();
    round_trip::binding(&crate::mcp::caller(context), name, &arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_asks_known_questions_in_valid_input_requests() {
        for key in ["inputRequired", "inputRequiredPrompts"] {
            for fixture in list(key) {
                let rounds = fixture["rounds"].as_array().expect("rounds");
                assert!(!rounds.is_empty() && fixture["done"].is_string(), "{}", fixture["name"]);
                for questions in rounds {
                    for name in questions.as_object().expect("a round is an object").values() {
                        let a = ask(name.as_str().expect("a question name"));
                        let parsed: Result<rmcp::model::InputRequest, _> = serde_json::from_value(a.clone());
                        assert!(parsed.is_ok(), "{}: {name}: {:?}", fixture["name"], parsed.err());
                    }
                }
            }
        }
    }

    #[test]
    fn only_a_real_answer_answers() {
        let name = ask("name");
        assert_eq!(
            answer(name, &json!({ "action": "accept", "content": { "name": "Alice" } })),
            Some("Alice".into())
        );
        assert_eq!(answer(name, &json!({ "action": "decline" })), None);
        assert_eq!(answer(name, &json!({ "action": "accept", "content": { "other": 1 } })), None);
        assert_eq!(answer(name, &json!(12345)), None);
        let sample =
            json!({ "role": "assistant", "content": { "type": "text", "text": "Paris" }, "model": "m" });
        assert_eq!(answer(ask("capital"), &sample), Some("Paris".into()));
        let roots = json!({ "roots": [{ "uri": "file:///a", "name": "A" }] });
        assert_eq!(answer(ask("roots"), &roots), Some("1".into()));
    }
}
