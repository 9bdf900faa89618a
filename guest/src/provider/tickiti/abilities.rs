//! What the token can do, found by probing where Tickiti has no introspection: Laravel
//! authorises before it validates, so an invalid body (`{}`, or `filters` of the wrong
//! type) to a route answers 403 naming the missing ability, role or plan when it is
//! missing, and 422 when it is present. Nothing is ever written. All probes go out
//! together: one round trip. `check` reports the result; `tools/list` leaves out the
//! tools that can never work with this token.

use serde_json::{Value, json};

use super::Tickiti;
use super::endpoints::routes;
use super::wire::ErrorBody;
use crate::http::{HttpError, Response};
use crate::tool::ToolError;

/// (what, route, body): the ability, role or plan a probe tells about.
const PROBES: [(&str, &str, &str); 15] = [
    ("tickets:read", "tickets/show", "{}"),
    ("tickets:write", "tickets/respond", "{}"),
    ("settings:read", "settings/perspectives/show", "{}"),
    ("settings:write", "settings/watchlists/store", "{}"),
    ("workflow:read", "workflow/queues/show", "{}"),
    ("workflow:write", "workflow/queues/store", "{}"),
    ("reports:read", "reports/volumes", r#"{"filters":0}"#),
    ("mail:read", "mail/outbox", r#"{"filters":0}"#),
    ("mail:write", "mail/send", "{}"),
    ("role:admin", "supervisor/overview", r#"{"filters":0}"#),
    ("role:superuser", "administration/api-keys", r#"{"filters":0}"#),
    ("plan:has_escalations", "workflow/escalations", r#"{"filters":0}"#),
    ("plan:has_interventions", "workflow/interventions", r#"{"filters":0}"#),
    ("plan:has_resolution_tracking", "workflow/resolution-categories", r#"{"filters":0}"#),
    ("plan:has_ai_assistant", "workflow/ai/suggest", "{}"),
];

/// What the probes found; `None` means unknown (the probe could not tell).
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    /// (ability, role or plan, whether the token has it).
    pub found: Vec<(String, Option<bool>)>,
}

impl Scopes {
    fn get(&self, what: &str) -> Option<bool> {
        if what == "role:staff" {
            return Some(true);
        }
        self.found.iter().find(|(w, _)| w == what).and_then(|(_, v)| *v)
    }

    /// Whether a route with these gates can work: `Some(false)` only when a gate is known missing.
    pub fn allows(&self, ability: Option<&str>, role: &str, plan: Option<&str>) -> Option<bool> {
        let gates =
            [ability.map(str::to_owned), Some(format!("role:{role}")), plan.map(|p| format!("plan:{p}"))];
        let mut all = Some(true);
        for g in gates.into_iter().flatten() {
            match self.get(&g) {
                Some(false) => return Some(false),
                None => all = None,
                Some(true) => {}
            }
        }
        all
    }

    /// Abilities (`kind` "ability"), roles ("role") or plan features ("plan") found with `has`.
    pub fn list(&self, kind: &str, has: bool) -> Vec<String> {
        let prefixed = |w: &str| w.starts_with("role:") || w.starts_with("plan:");
        self.found
            .iter()
            .filter(|(w, v)| {
                *v == Some(has)
                    && if kind == "ability" { !prefixed(w) } else { w.starts_with(&format!("{kind}:")) }
            })
            .map(|(w, _)| {
                w.split_once(':').filter(|_| prefixed(w)).map_or_else(|| w.clone(), |(_, n)| n.to_owned())
            })
            .collect()
    }
}

/// Reads one probe's answer.
fn reading(
    what: &str,
    result: Result<Response, HttpError>,
    found: &mut Vec<(String, Option<bool>)>,
) -> Result<(), ToolError> {
    let response = result?;
    let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
    let mut set = |w: String, v: Option<bool>| {
        if !found.iter().any(|(x, _)| *x == w) {
            found.push((w, v));
        }
    };
    match response.status {
        401 => return Err(super::client::failure(&response, &super::client::api_subject("the token check"))),
        422 | 200..=299 => set(what.to_owned(), Some(true)),
        403 => {
            let r = &body.required;
            match (r.get("ability"), r.get("role"), r.get("plan")) {
                (Some(a), ..) => set(a.clone(), Some(false)),
                (None, Some(role), _) => {
                    set(format!("role:{role}"), Some(false));
                    if !what.starts_with("role:") {
                        set(what.to_owned(), Some(true));
                    }
                }
                (None, None, Some(plan)) => {
                    set(format!("plan:{plan}"), Some(false));
                    if !what.starts_with("plan:") {
                        set(what.to_owned(), Some(true));
                    }
                }
                _ => set(what.to_owned(), None),
            }
        }
        _ => set(what.to_owned(), None),
    }
    Ok(())
}

/// Probes every ability, role and plan feature at once.
pub fn probe(t: &Tickiti) -> Result<Scopes, ToolError> {
    let requests = PROBES
        .iter()
        .map(|(_, route, body)| {
            let body: Value = serde_json::from_str(body).unwrap_or_else(|_| json!({}));
            // Every probe is refused before anything happens: safe to resend, never a write.
            t.request(route, &body).read_only()
        })
        .collect();
    let mut found = Vec::new();
    for ((what, ..), result) in PROBES.iter().zip(t.send_all(requests)) {
        reading(what, result, &mut found)?;
    }
    Ok(Scopes { found })
}

/// The unified tools and what each needs: (tool, abilities any of which will do, role).
const TOOLS: [(&str, &[&str], &str); 8] = [
    ("search_tickets", &["tickets:read"], "staff"),
    ("get_ticket", &["tickets:read"], "staff"),
    ("list_tickets", &["tickets:read"], "staff"),
    ("helpdesk_stats", &["reports:read"], "staff"),
    ("list_reference", &["settings:read", "workflow:read"], "staff"),
    ("create_ticket", &["tickets:write"], "staff"),
    ("reply_to_ticket", &["tickets:write"], "staff"),
    ("update_ticket", &["tickets:write"], "admin"),
];

/// Tools that can never work with these scopes (unified ones and `tickiti_<operation>`).
pub fn unusable(scopes: &Scopes) -> Vec<String> {
    let mut out: Vec<String> = TOOLS
        .iter()
        .filter(|(name, abilities, role)| {
            let plan = (*name == "helpdesk_stats").then_some("has_reports");
            abilities.iter().all(|a| scopes.allows(Some(a), role, plan) == Some(false))
        })
        .map(|(name, ..)| (*name).to_owned())
        .collect();
    out.extend(
        routes()
            .iter()
            .filter(|r| scopes.allows(r.ability, r.role, r.plan) == Some(false))
            .map(|r| format!("tickiti_{}", r.endpoint.id)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Result<Response, HttpError> {
        Ok(Response { status, headers: vec![], body: body.as_bytes().to_vec(), retried: vec![] })
    }

    #[test]
    fn a_403_names_what_is_missing_and_422_means_present() {
        let mut found = Vec::new();
        reading("tickets:read", answer(422, "{}"), &mut found).unwrap();
        reading("tickets:write", answer(403, r#"{"required":{"ability":"tickets:write"}}"#), &mut found)
            .unwrap();
        reading("workflow:write", answer(403, r#"{"required":{"role":"admin"}}"#), &mut found).unwrap();
        reading("reports:read", answer(403, r#"{"required":{"plan":"has_reports"}}"#), &mut found).unwrap();
        let s = Scopes { found };
        assert_eq!(s.allows(Some("tickets:read"), "staff", None), Some(true));
        assert_eq!(s.allows(Some("tickets:write"), "staff", None), Some(false));
        assert_eq!(s.allows(Some("workflow:write"), "admin", None), Some(false));
        assert_eq!(s.allows(Some("reports:read"), "staff", Some("has_reports")), Some(false));
        assert_eq!(s.allows(Some("mail:read"), "staff", None), None, "unknown is not never");
        let never = unusable(&s);
        assert!(
            never.contains(&"reply_to_ticket".to_owned()) && never.contains(&"helpdesk_stats".to_owned())
        );
        assert!(!never.contains(&"get_ticket".to_owned()) && !never.contains(&"list_reference".to_owned()));
        assert!(never.contains(&"tickiti_tickets_respond".to_owned()));
        assert!(reading("x", answer(401, "{}"), &mut vec![]).is_err());
    }
}
