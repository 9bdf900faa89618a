//! Gorgias JSON exactly as the API sends it (developers.gorgias.com), reduced
//! to the fields we use. Everything is `#[serde(default)]`: the API omits and
//! nulls fields freely, and a missing field must never fail a whole page.

use serde::Deserialize;
use serde_json::Value;

/// The list envelope: `{"object":"list","data":[...],"meta":{...}}`. Some
/// endpoints answer a bare array instead; both are accepted.
#[derive(Debug, Default)]
pub struct List<T> {
    /// Items of this page.
    pub data: Vec<T>,
    /// Cursor of the next page (`null` on the last).
    pub next_cursor: Option<String>,
    /// Total items, when reported.
    pub total: Option<u64>,
}

/// Read in one pass: an untagged enum would buffer the whole body as
/// `serde` content first and then read it again, on every list.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Shape<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list envelope ({\"data\": [...]}) or an array")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut data = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
                while let Some(item) = seq.next_element()? {
                    data.push(item);
                }
                Ok(List { data, next_cursor: None, total: None })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                #[derive(Deserialize)]
                #[serde(field_identifier, rename_all = "lowercase")]
                enum Key {
                    Data,
                    Meta,
                    #[serde(other)]
                    Other,
                }
                let (mut data, mut meta) = (None, None);
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Data if data.is_some() => return Err(serde::de::Error::duplicate_field("data")),
                        Key::Meta if meta.is_some() => return Err(serde::de::Error::duplicate_field("meta")),
                        // `null` reads as absent, as everywhere in this file.
                        Key::Data => data = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default()),
                        Key::Meta => meta = Some(map.next_value::<Option<Meta>>()?.unwrap_or_default()),
                        Key::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let meta = meta.unwrap_or_default();
                Ok(List {
                    data: data.unwrap_or_default(),
                    next_cursor: meta.next_cursor.filter(|c| !c.is_empty()),
                    total: meta.total_resources,
                })
            }
        }

        d.deserialize_any(Shape(std::marker::PhantomData))
    }
}

/// Pagination metadata.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// Next page.
    pub next_cursor: Option<String>,
    /// Total items.
    pub total_resources: Option<u64>,
}

/// `{"data":[...]}` without pagination (ticket custom-field values).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Data<T> {
    /// Items.
    pub data: Vec<T>,
}

/// The error body: `{"error":{"msg":"...","data":{...}}}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Inside [`ErrorBody`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ErrorDetail {
    /// Human message.
    pub msg: Option<String>,
}

/// A user, customer or sender reference.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PersonRef {
    /// Id.
    pub id: Option<u64>,
    /// Email.
    pub email: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
}

/// A team reference.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TeamRef {
    /// Id.
    pub id: Option<u64>,
    /// Name.
    pub name: Option<String>,
}

/// A tag.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Tag {
    /// Id.
    pub id: Option<u64>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Tickets using it.
    pub usage: Option<u64>,
}

/// A ticket (`GET /api/tickets/{id}`, list items).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ticket {
    /// Id.
    pub id: u64,
    /// Subject.
    pub subject: Option<String>,
    /// open or closed.
    pub status: Option<String>,
    /// critical, high, normal or low.
    pub priority: Option<String>,
    /// Channel slug.
    pub channel: Option<String>,
    /// Start of the first message.
    pub excerpt: Option<String>,
    /// External reference.
    pub external_id: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Spam flag.
    pub spam: Option<bool>,
    /// Customer.
    pub customer: Option<PersonRef>,
    /// Assigned agent.
    pub assignee_user: Option<PersonRef>,
    /// Assigned team.
    pub assignee_team: Option<TeamRef>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// Messages in the conversation.
    pub messages_count: Option<u32>,
    /// Created.
    pub created_datetime: Option<String>,
    /// Updated.
    pub updated_datetime: Option<String>,
    /// Last message.
    pub last_message_datetime: Option<String>,
    /// Closed.
    pub closed_datetime: Option<String>,
    /// Snoozed until.
    pub snooze_datetime: Option<String>,
    /// In trash since.
    pub trashed_datetime: Option<String>,
    /// Field values with `?relationships=custom_fields`: `{"<field id>": {"id", "value"}}`.
    pub custom_fields: Value,
    /// The ticket's satisfaction survey, if any.
    pub satisfaction_survey: Option<Survey>,
}

/// A satisfaction survey (`/api/satisfaction-surveys`, nested in tickets).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Survey {
    /// Id.
    pub id: Option<u64>,
    /// Ticket surveyed.
    pub ticket_id: Option<u64>,
    /// 1-5, null while unanswered (read as a number: a `4.0` must not fail the ticket).
    pub score: Option<f64>,
    /// The customer's comment.
    pub body_text: Option<String>,
    /// Created.
    pub created_datetime: Option<String>,
    /// Sent.
    pub sent_datetime: Option<String>,
    /// Answered.
    pub scored_datetime: Option<String>,
    /// Due to be sent.
    pub should_send_datetime: Option<String>,
}

/// An attachment.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Attachment {
    /// File name.
    pub name: Option<String>,
}

/// A ticket message.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Message {
    /// Id.
    pub id: u64,
    /// The ticket it belongs to.
    pub ticket_id: Option<u64>,
    /// Subject line (email messages).
    pub subject: Option<String>,
    /// Channel slug; `internal-note` for notes.
    pub channel: Option<String>,
    /// How it was created (`email`, `api`, `rule`, `helpdesk`...).
    pub via: Option<String>,
    /// Whether the customer sees it.
    pub public: Option<bool>,
    /// Sent by an agent.
    pub from_agent: Option<bool>,
    /// Author.
    pub sender: Option<PersonRef>,
    /// Plain body.
    pub body_text: Option<String>,
    /// HTML body.
    pub body_html: Option<String>,
    /// Plain body without the quoted reply.
    pub stripped_text: Option<String>,
    /// HTML body without the quoted reply.
    pub stripped_html: Option<String>,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// Created.
    pub created_datetime: Option<String>,
    /// Sent.
    pub sent_datetime: Option<String>,
}

/// A user (agent).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct User {
    /// Id.
    pub id: u64,
    /// Email.
    pub email: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// Active account.
    pub active: Option<bool>,
    /// Role.
    pub role: Option<Role>,
}

/// A user's role.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Role {
    /// admin, agent, ...
    pub name: Option<String>,
}

/// A team.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Team {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Members.
    pub members: Vec<PersonRef>,
}

/// A saved view.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct View {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// ticket-list, customer-list...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// public, private, shared.
    pub visibility: Option<String>,
    /// Filter expression.
    pub filters: Option<String>,
    /// When it was deactivated.
    pub deactivated_datetime: Option<String>,
}

/// A macro: a canned reply with actions (`GET /api/macros`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Macro {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// The intent it answers, e.g. `shipping/status`.
    pub intent: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// How many times agents applied it.
    pub usage: Option<u64>,
    /// What applying it does, in order.
    pub actions: Vec<MacroAction>,
    /// When it was archived (archived macros are not listed by default).
    pub archived_datetime: Option<String>,
}

/// One action of a macro (`setResponseText`, `addTags`, `setStatus`...).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MacroAction {
    /// Action name.
    pub name: String,
    /// Its arguments (`body_text`/`body_html` for `setResponseText`, `tags`...).
    pub arguments: Option<Value>,
}

/// A custom field definition.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CustomField {
    /// Id.
    pub id: u64,
    /// Ticket or Customer.
    pub object_type: Option<String>,
    /// Label.
    pub label: String,
    /// Type and choices.
    pub definition: Option<FieldDefinition>,
    /// When it was archived.
    pub deactivated_datetime: Option<String>,
}

/// Inside [`CustomField`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FieldDefinition {
    /// text, number, boolean.
    pub data_type: Option<String>,
    /// Input and choices.
    pub input_settings: Option<InputSettings>,
}

/// Inside [`FieldDefinition`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct InputSettings {
    /// input or dropdown.
    pub input_type: Option<String>,
    /// Dropdown choices.
    pub choices: Vec<Value>,
}

/// A ticket's value for one custom field.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FieldValue {
    /// The field.
    pub field: Option<FieldRef>,
    /// The value (string, number, bool or null).
    pub value: Value,
}

/// Inside [`FieldValue`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FieldRef {
    /// Id.
    pub id: Option<u64>,
    /// Label.
    pub label: Option<String>,
}

/// A customer.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Customer {
    /// Id.
    pub id: u64,
    /// Email.
    pub email: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Time zone.
    pub timezone: Option<String>,
    /// Agents' note.
    pub note: Option<String>,
    /// Email addresses, phones, social handles.
    pub channels: Vec<CustomerChannel>,
    /// Free-form custom data.
    pub data: Value,
    /// Data from integrations, keyed by integration id (shop orders live here).
    pub integrations: Value,
    /// Created.
    pub created_datetime: Option<String>,
}

/// One way to reach a customer.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CustomerChannel {
    /// email, phone, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The address or number.
    pub address: Option<String>,
}

/// `GET /api/account`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Account {
    /// Subdomain.
    pub domain: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_envelopes_and_bare_arrays_in_one_pass() {
        let page: List<u32> = serde_json::from_str(
            r#"{"object":"list","uri":"/api/tags","data":[1,2],"meta":{"next_cursor":"abc","total_resources":9,"prev_cursor":null}}"#,
        )
        .unwrap();
        assert_eq!((page.data, page.next_cursor.as_deref(), page.total), (vec![1, 2], Some("abc"), Some(9)));
        let bare: List<u32> = serde_json::from_str("[3]").unwrap();
        assert_eq!((bare.data, bare.next_cursor), (vec![3], None));
        let sparse: List<u32> = serde_json::from_str(r#"{"data":null,"meta":null}"#).unwrap();
        assert!(sparse.data.is_empty() && sparse.total.is_none());
        let last: List<u32> = serde_json::from_str(r#"{"data":[],"meta":{"next_cursor":""}}"#).unwrap();
        assert_eq!(last.next_cursor, None, "an empty cursor is the last page");
        // A bad item fails the page rather than reading as empty.
        assert!(serde_json::from_str::<List<u32>>(r#"{"data":["x"]}"#).is_err());
        assert!(serde_json::from_str::<List<u32>>(r#"{"data":[1],"data":[2]}"#).is_err());
        assert!(serde_json::from_str::<List<u32>>("7").is_err());
    }

    #[test]
    fn lists_accept_the_envelope_and_bare_arrays() {
        let l: List<Tag> = serde_json::from_str(
            r#"{"object":"list","uri":"/api/tags","data":[{"id":1,"name":"urgent"}],"meta":{"prev_cursor":null,"next_cursor":"abc","total_resources":1}}"#,
        )
        .unwrap();
        assert_eq!((l.data.len(), l.next_cursor.as_deref(), l.total), (1, Some("abc"), Some(1)));
        let l: List<Tag> = serde_json::from_str(r#"[{"id":1,"name":"a"},{"id":2,"name":"b"}]"#).unwrap();
        assert_eq!((l.data.len(), l.next_cursor), (2, None));
    }

    #[test]
    fn tickets_tolerate_nulls_and_missing_fields() {
        let t: Ticket = serde_json::from_str(
            r#"{"id":7,"subject":null,"customer":null,"tags":[],"assignee_user":{"id":3}}"#,
        )
        .unwrap();
        assert_eq!(t.id, 7);
        assert!(t.subject.is_none() && t.customer.is_none());
        assert_eq!(t.assignee_user.and_then(|u| u.id), Some(3));
    }

    #[test]
    fn error_bodies_expose_the_message() {
        let e: ErrorBody = serde_json::from_str(r#"{"error":{"msg":"Resource not found."}}"#).unwrap();
        assert_eq!(e.error.msg.as_deref(), Some("Resource not found."));
    }
}
