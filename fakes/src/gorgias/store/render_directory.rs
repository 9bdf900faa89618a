//! JSON rendering of the directory objects: account, users, teams, tags, views, custom
//! fields, satisfaction surveys and integrations.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::Store;
use super::model::{CustomField, Integration, Macro, Survey, Tag, Team, User, View};
use crate::gorgias::wire_time::{format, json as time_json};

impl Store {
    pub(crate) fn account_json(&self) -> Value {
        json!({
            "domain": self.account.domain,
            "status": { "status": "active" },
            "created_datetime": format(self.account.created),
            "deactivated_datetime": null,
            "settings": [],
        })
    }

    /// The compact user Gorgias nests in tickets.
    pub(crate) fn user_summary(&self, u: &User) -> Value {
        json!({
            "id": u.id, "email": u.email, "name": u.name(),
            "firstname": u.firstname, "lastname": u.lastname,
        })
    }

    pub(crate) fn user_json(&self, u: &User) -> Value {
        json!({
            "id": u.id, "uri": format!("/api/users/{}/", u.id), "active": true, "bio": u.bio,
            "country": u.country, "email": u.email, "external_id": null,
            "firstname": u.firstname, "lastname": u.lastname, "name": u.name(), "language": "en",
            "meta": { "avatar_url": null }, "role": { "name": u.role }, "timezone": u.timezone,
            "created_datetime": format(u.created), "updated_datetime": format(u.created),
            "deactivated_datetime": null,
        })
    }

    pub(crate) fn team_summary(&self, t: &Team) -> Value {
        json!({ "id": t.id, "name": t.name, "decoration": { "emoji": t.emoji } })
    }

    pub(crate) fn team_json(&self, t: &Team) -> Value {
        let members: Vec<Value> = t
            .member_ids
            .iter()
            .filter_map(|id| self.user(*id))
            .map(|u| json!({ "id": u.id, "email": u.email, "name": u.name(), "meta": null }))
            .collect();
        json!({
            "id": t.id, "uri": format!("/api/teams/{}/", t.id), "name": t.name,
            "description": t.description, "decoration": { "emoji": t.emoji },
            "members": members, "created_datetime": format(t.created),
        })
    }

    pub(crate) fn macro_json(&self, m: &Macro) -> Value {
        json!({
            "id": m.id, "uri": format!("/api/macros/{}/", m.id), "external_id": null, "name": m.name,
            "intent": m.intent, "language": "en", "usage": m.usage, "actions": m.actions,
            "created_datetime": format(m.created), "updated_datetime": format(m.created),
            "archived_datetime": m.archived.map(format),
        })
    }

    pub(crate) fn tag_json(&self, t: &Tag, usage: &HashMap<u64, usize>) -> Value {
        json!({
            "id": t.id, "uri": format!("/api/tags/{}/", t.id), "name": t.name,
            "description": t.description, "decoration": { "color": t.color },
            "usage": usage.get(&t.id).copied().unwrap_or(0),
            "created_datetime": format(t.created), "deleted_datetime": null,
        })
    }

    pub(crate) fn view_json(&self, v: &View) -> Value {
        let teams: Vec<Value> = v
            .team_ids
            .iter()
            .filter_map(|id| self.team(*id))
            .map(|t| json!({ "id": t.id, "name": t.name }))
            .collect();
        json!({
            "id": v.id, "uri": format!("/api/views/{}/", v.id), "name": v.name, "slug": v.slug,
            "type": "ticket-list", "category": if teams.is_empty() { "system" } else { "user" },
            "visibility": if teams.is_empty() { "public" } else { "shared" },
            "filters": v.filters, "search": v.search,
            "order_by": v.order_by, "order_dir": v.order_dir,
            "fields": ["id", "details", "tags", "customer", "assignee_user", "channel", "updated_datetime"],
            "decoration": { "emoji": v.emoji },
            "shared_with_users": [], "shared_with_teams": teams,
            "created_datetime": format(v.created), "deactivated_datetime": null,
        })
    }

    pub(crate) fn custom_field_json(&self, f: &CustomField) -> Value {
        let input = if f.choices.is_empty() {
            json!({ "input_type": "input", "placeholder": null })
        } else {
            json!({ "input_type": "dropdown", "choices": f.choices, "default": null })
        };
        json!({
            "id": f.id, "uri": format!("/api/custom-fields/{}/", f.id),
            "object_type": f.object_type, "label": f.label, "description": f.description,
            "priority": f.priority, "required": f.required,
            "definition": { "data_type": "text", "input_settings": input },
            "external_id": null, "managed_type": f.managed_type,
            "created_datetime": format(f.created), "updated_datetime": format(f.created),
            "deactivated_datetime": null,
        })
    }

    /// The definition subset nested in per-ticket custom field values.
    pub(crate) fn custom_field_ref(&self, f: &CustomField) -> Value {
        let full = self.custom_field_json(f);
        json!({
            "id": f.id, "label": f.label, "object_type": f.object_type,
            "definition": full["definition"], "managed_type": f.managed_type,
        })
    }

    pub(crate) fn survey_json(&self, s: &Survey) -> Value {
        json!({
            "id": s.id, "uri": format!("/api/satisfaction-surveys/{}/", s.id),
            "ticket_id": s.ticket_id, "customer_id": s.customer_id, "score": s.score,
            "body_text": s.body_text, "meta": {},
            "created_datetime": format(s.created), "sent_datetime": format(s.sent),
            "scored_datetime": time_json(s.scored), "should_send_datetime": format(s.sent),
        })
    }

    pub(crate) fn integration_json(&self, i: &Integration) -> Value {
        json!({
            "id": i.id, "uri": format!("/api/integrations/{}/", i.id), "name": i.name,
            "type": i.kind, "description": null, "meta": i.meta, "http": i.http,
            "created_datetime": format(i.created), "updated_datetime": format(i.created),
            "deactivated_datetime": null, "locked_datetime": null,
        })
    }
}
