//! Argument types shared by the tools (output format, lenient ids, date bounds,
//! cursors) and the one place arguments are parsed and schemas generated.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration as Span, NaiveDate, NaiveDateTime, Utc};
use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::ToolError;

/// How a result is rendered in the text content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Compact markdown (default): cheapest for a model to read.
    #[default]
    Markdown,
    /// The structured result as JSON text.
    Json,
}

/// A ticket id as a model may write it: `4521`, `"4521"`, `"#4521"`, `"ticket 4521"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRef(pub String);

impl<'de> Deserialize<'de> for TicketRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = match Value::deserialize(d)? {
            Value::Number(n) if n.is_u64() => n.to_string(),
            Value::String(s) => s,
            _ => return Err(D::Error::custom("expected a ticket id such as 4521 or \"#4521\"")),
        };
        let trimmed = raw.trim();
        let unprefixed = match trimmed.get(..6) {
            Some(word) if word.eq_ignore_ascii_case("ticket") => &trimmed[6..],
            _ => trimmed,
        };
        // Provider-specific forms (e.g. Kayako's ABC-123-45678) keep their case.
        let id = unprefixed.trim().trim_start_matches('#').trim();
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(D::Error::custom(format!("`{raw}` is not a ticket id")));
        }
        Ok(TicketRef(id.to_owned()))
    }
}

impl TicketRef {
    /// The id as a number, for providers with numeric ids.
    pub fn number(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl JsonSchema for TicketRef {
    fn schema_name() -> Cow<'static, str> {
        "TicketRef".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["integer", "string"] })
    }
    fn inline_schema() -> bool {
        true
    }
}

/// An id or name that a model may write as a number (`970240`) or as text
/// (`"970240"`, `"Billing"`). Fields declare it with
/// `#[schemars(with = "IdOrName")]` (or `Option<IdOrName>`, `Vec<IdOrName>`)
/// and stay `String`s: [`parse`] turns integers into strings in exactly the
/// fields whose schema says string-or-integer, so the schema a client reads
/// and the parsing it meets are one rule.
pub struct IdOrName;

impl JsonSchema for IdOrName {
    fn schema_name() -> Cow<'static, str> {
        "IdOrName".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "integer"] })
    }
    fn inline_schema() -> bool {
        true
    }
}

/// Whether a property schema accepts both a string and an integer (directly,
/// or as one branch of an `anyOf`, as an optional one is before tidying).
fn takes_id(schema: &Value) -> bool {
    let direct = schema
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "string") && types.iter().any(|t| t == "integer"));
    direct || schema.get("anyOf").and_then(Value::as_array).is_some_and(|any| any.iter().any(takes_id))
}

/// Writes integers as strings in the id fields of `args` (see [`IdOrName`]).
fn integers_as_ids(args: &mut Value, props: &serde_json::Map<String, Value>) {
    let Value::Object(map) = args else { return };
    let as_text = |v: &mut Value| {
        if let Value::Number(n) = v
            && (n.is_i64() || n.is_u64())
        {
            *v = Value::String(n.to_string());
        }
    };
    for (key, value) in map.iter_mut() {
        let Some(prop) = props.get(key) else { continue };
        if takes_id(prop) {
            as_text(value);
        } else if let (Some(items), Value::Array(values)) = (prop.get("items"), &mut *value)
            && takes_id(items)
        {
            values.iter_mut().for_each(as_text);
        }
    }
}

/// A point in time given as `YYYY-MM-DD`, an ISO date-time, `today`,
/// `yesterday`, or an age such as `7d`, `12h`, `2w` (that long ago). UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When(pub NaiveDateTime);

impl When {
    /// Parses `raw` relative to `now`.
    pub fn parse(raw: &str, now: DateTime<Utc>) -> Option<Self> {
        let s = raw.trim().to_ascii_lowercase();
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0);
        let at = match s.as_str() {
            "now" => Some(now.naive_utc()),
            "today" => midnight(now.date_naive()),
            "yesterday" => midnight(now.date_naive() - Span::days(1)),
            _ => None,
        };
        if let Some(at) = at {
            return Some(When(at));
        }
        if let Some((num, unit)) = s.split_at_checked(s.len().saturating_sub(1))
            && let Ok(n) = num.parse::<i64>()
        {
            let span = match unit {
                "h" => Span::try_hours(n),
                "d" => Span::try_days(n),
                "w" => Span::try_weeks(n),
                _ => None,
            };
            if let Some(span) = span {
                // Checked: an age past the calendar's range is not a date (it panicked).
                return now.naive_utc().checked_sub_signed(span).map(When);
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            return midnight(d).map(When);
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(raw.trim()) {
            return Some(When(dt.with_timezone(&Utc).naive_utc()));
        }
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(raw.trim(), f).ok())
            .map(When)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        When::parse(&raw, crate::clock::now()).ok_or_else(|| {
            D::Error::custom(format!(
                "`{raw}` is not a date; use YYYY-MM-DD, an ISO date-time, today, yesterday, or an age like 7d"
            ))
        })
    }
}

impl JsonSchema for When {
    fn schema_name() -> Cow<'static, str> {
        "When".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
    fn inline_schema() -> bool {
        true
    }
}

/// Where the next page starts. Opaque to the model (base64url JSON); bound to
/// the query that produced it by a fingerprint, so a cursor cannot silently page
/// through a different search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The strategy that produced the page.
    #[serde(rename = "k")]
    pub kind: String,
    /// The helpdesk's own cursor for that page.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
    /// Items of that page already shown.
    #[serde(rename = "s", default)]
    pub skip: usize,
    /// Fingerprint of the query.
    #[serde(rename = "f")]
    pub fingerprint: u32,
}

impl Cursor {
    /// The opaque string handed to the model.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Decodes a cursor and checks it belongs to the query with `fingerprint`.
    pub fn decode(raw: &str, fingerprint: u32) -> Result<Self, ToolError> {
        let bad = || {
            ToolError::invalid(
                "cursor",
                "this is not a cursor returned by this tool; omit it to start from the first page",
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| bad())?;
        let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if cursor.fingerprint != fingerprint {
            return Err(ToolError::invalid(
                "cursor",
                "this cursor belongs to a different query; repeat the same query and filters with it, or omit it",
            ));
        }
        Ok(cursor)
    }
}

/// FNV-1a over the parts that define a query.
pub fn fingerprint(parts: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            hash ^= u32::from(b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

/// Parses tool arguments into `T`, naming the offending field on failure and
/// refusing unknown arguments (a typo must not silently widen a search).
pub fn parse<T: DeserializeOwned + JsonSchema>(mut args: Value) -> Result<T, ToolError> {
    // The schema is the rule, but building it is most of a small call's
    // argument work: it is built only when integers may need to become ids,
    // or when serde cannot name the fields (a flattened struct).
    let names = field_names::<T>();
    let schema = (names.is_none() || has_integers(&args))
        // Untidied: only property names and types are read here.
        .then(|| generator(Contract::Deserialize).into_root_schema_for::<T>().to_value());
    let props = schema.as_ref().and_then(|s| s.get("properties")).and_then(Value::as_object);
    #[cfg(test)]
    if let Some(names) = names {
        let schema = generator(Contract::Deserialize).into_root_schema_for::<T>().to_value();
        let mut from_serde: Vec<&str> = names.to_vec();
        from_serde.sort_unstable();
        let from_schema: Vec<&str> = schema["properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(from_serde, from_schema, "serde and the schema disagree on {}'s fields", T::schema_name());
    }
    if let Some(props) = props {
        integers_as_ids(&mut args, props);
    }
    let known = |key: &str| match (names, props) {
        (Some(names), _) => names.contains(&key),
        (None, Some(props)) => props.contains_key(key),
        (None, None) => true,
    };
    if let Value::Object(map) = &args
        && let Some(unknown) = map.keys().find(|k| !known(k))
    {
        let mut all: Vec<&str> = match (names, props) {
            (Some(names), _) => names.to_vec(),
            (None, Some(props)) => props.keys().map(String::as_str).collect(),
            (None, None) => Vec::new(),
        };
        all.sort_unstable();
        return Err(ToolError::invalid(
            unknown.as_str(),
            format!("unknown argument; this tool takes {}", all.join(", ")),
        ));
    }
    serde_path_to_error::deserialize(&args).map_err(|e| {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        let field = match message.strip_prefix("missing field `") {
            Some(rest) => rest.split('`').next().unwrap_or_default().to_owned(),
            // Flattened fields lose their path; find the argument by elimination.
            None if path == "." => culprit::<T>(&args, &message).unwrap_or_else(|| "arguments".to_owned()),
            None => path,
        };
        ToolError::invalid(field, message)
    })
}

/// Whether any argument is an integer, or a list holding one: only then can
/// [`integers_as_ids`] change anything.
fn has_integers(args: &Value) -> bool {
    let integer = |v: &Value| matches!(v, Value::Number(n) if n.is_i64() || n.is_u64());
    let Value::Object(map) = args else { return false };
    map.values().any(|v| integer(v) || matches!(v, Value::Array(items) if items.iter().any(integer)))
}

/// The argument names `T` reads, as serde's derive lists them (no schema
/// needed), or `None` where serde names none: a struct that flattens
/// another reads a map. Unit tests check these names against the schema.
fn field_names<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    use serde::de::value::Error;

    struct Names<'a>(&'a mut Option<&'static [&'static str]>);

    impl<'de> Deserializer<'de> for Names<'_> {
        type Error = Error;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("field names only"))
        }

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            *self.0 = Some(fields);
            Err(Error::custom("field names only"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut names = None;
    let _ = T::deserialize(Names(&mut names));
    names
}

/// The argument whose removal makes the failure `message` go away: the one a
/// failed parse of flattened fields was about.
fn culprit<T: DeserializeOwned>(args: &Value, message: &str) -> Option<String> {
    let Value::Object(map) = args else { return None };
    map.keys().find_map(|key| {
        let mut without = map.clone();
        without.remove(key);
        match serde_json::from_value::<T>(Value::Object(without)) {
            Ok(_) => Some(key.clone()),
            // Removing a required argument only tells that it is required.
            Err(e) if e.to_string().starts_with(&format!("missing field `{key}`")) => None,
            Err(e) if e.to_string() != message => Some(key.clone()),
            Err(_) => None,
        }
    })
}

fn generator(contract: Contract) -> schemars::SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| {
            s.inline_subschemas = true;
            s.meta_schema = None;
            s.contract = contract;
        })
        .into_generator()
}

/// The JSON Schema of a tool's arguments. Field docs are the descriptions the
/// model reads when it fills them in.
pub fn input_schema<T: JsonSchema>() -> Value {
    tidy(generator(Contract::Deserialize).into_root_schema_for::<T>().to_value(), Nulls::Drop)
}

/// The JSON Schema of a tool's structured output: the top-level fields and
/// their types, without descriptions or nested detail. It is for clients that
/// validate results, and every byte of `tools/list` costs the model context;
/// the field docs live in the code and the markdown explains itself.
///
/// Unlike input schemas, it keeps `null` wherever the type can serialize it:
/// a field that is `None` without `skip_serializing_if` is sent as `null`, and
/// a schema saying `number` there makes strict clients (the Python SDK)
/// reject the whole result.
pub fn output_schema<T: JsonSchema>() -> Value {
    let mut schema = tidy(generator(Contract::Serialize).into_root_schema_for::<T>().to_value(), Nulls::Keep);
    strip_descriptions(&mut schema);
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.values_mut().for_each(shallow);
    }
    schema
}

/// Keeps a field's type (and an array's item type) but not its inner fields.
fn shallow(field: &mut Value) {
    let Value::Object(map) = field else { return };
    // `Option<Struct>` is `anyOf: [{object}, {null}]`: keep the types it allows.
    if !map.contains_key("type")
        && let Some(Value::Array(options)) = map.get("anyOf").or_else(|| map.get("oneOf"))
    {
        let mut types: Option<Vec<Value>> = Some(Vec::new());
        for option in options {
            let allowed = match option.get("type") {
                Some(t @ Value::String(_)) => vec![t.clone()],
                Some(Value::Array(ts)) => ts.clone(),
                // An option of any type: the field may be anything.
                _ => {
                    types = None;
                    break;
                }
            };
            for t in allowed {
                if let Some(types) = types.as_mut()
                    && !types.contains(&t)
                {
                    types.push(t);
                }
            }
        }
        match types {
            Some(types) => {
                map.insert("type".into(), Value::Array(types));
            }
            None => map.clear(),
        }
    }
    for key in ["properties", "required", "additionalProperties", "allOf", "anyOf", "oneOf"] {
        map.remove(key);
    }
    if let Some(Value::Object(items)) = map.get_mut("items") {
        items.retain(|k, _| k == "type");
    }
}

fn strip_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            // `properties` maps names to schemas: a property may be called "description".
            if map.get("description").is_some_and(Value::is_string) {
                map.remove("description");
            }
            map.values_mut().for_each(strip_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

/// Whether a schema keeps the `null` type of optional fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nulls {
    /// Arguments: absent means unset, so `null` only adds bytes.
    Drop,
    /// Results: what serializes as `null` must be declared nullable.
    Keep,
}

/// Drops what clients choke on or do not need: the root title, `null` in
/// optional arguments (see [`Nulls`]), and Rust-specific `format`s
/// (`uint32`...) that strict validators such as Ajv reject.
fn tidy(mut schema: Value, nulls: Nulls) -> Value {
    if let Value::Object(map) = &mut schema {
        // The tool's own description says what the arguments are for.
        map.remove("title");
        map.remove("description");
    }
    simplify(&mut schema, nulls);
    schema
}

fn simplify(value: &mut Value, nulls: Nulls) {
    match value {
        Value::Object(map) => {
            let rust_format = map.get("format").and_then(Value::as_str).is_some_and(|f| {
                f.starts_with("int") || f.starts_with("uint") || f == "double" || f == "float"
            });
            if rust_format {
                map.remove("format");
            }
            if nulls == Nulls::Drop
                && let Some(Value::Array(types)) = map.get_mut("type")
            {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if nulls == Nulls::Drop
                && let Some(Value::Array(any)) = map.get("anyOf")
            {
                let rest: Vec<Value> =
                    any.iter().filter(|s| s.get("type") != Some(&Value::from("null"))).cloned().collect();
                if rest.len() == 1 && rest.len() < any.len() {
                    map.remove("anyOf");
                    if let Value::Object(inner) = &rest[0] {
                        for (k, v) in inner {
                            map.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
            // Documented enum variants become `oneOf` consts; a plain `enum`
            // says the same in a fraction of the bytes (the field's own
            // description lists what the values mean).
            if let Some(Value::Array(options)) = map.get("oneOf") {
                let consts: Option<Vec<Value>> = options.iter().map(|o| o.get("const").cloned()).collect();
                if let Some(values) = consts.filter(|v| v.iter().all(Value::is_string)) {
                    map.remove("oneOf");
                    map.insert("type".into(), "string".into());
                    map.insert("enum".into(), Value::Array(values));
                }
            }
            if nulls == Nulls::Drop
                && let Some(Value::Array(values)) = map.get_mut("enum")
            {
                values.retain(|v| !v.is_null());
            }
            map.values_mut().for_each(|v| simplify(v, nulls));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| simplify(v, nulls)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Sample {
        /// Required id.
        id: TicketRef,
        /// Optional limit.
        limit: Option<u32>,
        since: Option<When>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Flat {
        inner: u32,
        #[serde(flatten)]
        rest: Rest,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Rest {
        when: Option<When>,
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T15:30:00Z").unwrap().with_timezone(&Utc)
    }

    #[test]
    fn ticket_refs_accept_the_forms_models_write() {
        for raw in [json!(4521), json!("4521"), json!("#4521"), json!(" ticket #4521 "), json!("Ticket 4521")]
        {
            let s: Sample = parse(json!({ "id": raw })).unwrap();
            assert_eq!(s.id, TicketRef("4521".into()));
        }
        let s: Sample = parse(json!({ "id": "ABC-123-45678" })).unwrap();
        assert_eq!(s.id.0, "ABC-123-45678");
    }

    #[test]
    fn bad_arguments_name_the_field() {
        let e = parse::<Sample>(json!({ "id": 1, "limit": "many" })).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "limit"), "{e}");
        let e = parse::<Sample>(json!({})).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "id"), "{e}");
        let e = parse::<Sample>(json!({ "id": 1, "lmit": 3 })).unwrap_err();
        assert!(
            matches!(e, ToolError::InvalidArgument { ref field, ref message } if field == "lmit" && message.contains("limit"))
        );
        let e = parse::<Sample>(json!({ "id": 1, "since": "last tuesday" })).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "since"), "{e}");
        let e = parse::<Flat>(json!({ "inner": 1, "when": "someday" })).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "when"), "{e}");
    }

    #[test]
    fn dates_absolute_relative_and_named() {
        let at = |s| When::parse(s, now()).map(|w| w.0.to_string());
        assert_eq!(at("2026-11-01").as_deref(), Some("2026-11-01 00:00:00"));
        assert_eq!(at("2026-11-01T08:30:00Z").as_deref(), Some("2026-11-01 08:30:00"));
        assert_eq!(at("2026-11-01T10:30:00+02:00").as_deref(), Some("2026-11-01 08:30:00"));
        assert_eq!(at("2026-11-01T08:30").as_deref(), Some("2026-11-01 08:30:00"));
        assert_eq!(at("today").as_deref(), Some("2026-11-21 00:00:00"));
        assert_eq!(at("yesterday").as_deref(), Some("2026-11-20 00:00:00"));
        assert_eq!(at("7d").as_deref(), Some("2026-11-14 15:30:00"));
        assert_eq!(at("2w").as_deref(), Some("2026-11-07 15:30:00"));
        assert_eq!(at("12h").as_deref(), Some("2026-11-21 03:30:00"));
        assert_eq!(at("soon"), None);
        assert_eq!(at("d"), None);
    }

    /// Found by the `cursor_time` fuzz target: `99999999999d` overflowed the
    /// subtraction and panicked (a trapped component for a model's `since`).
    #[test]
    fn ages_past_the_calendar_are_not_dates_not_a_panic() {
        for age in ["99999999999d", "9999999999999h", "99999999999w", "-99999999999d"] {
            assert_eq!(When::parse(age, now()), None, "{age}");
        }
    }

    #[test]
    fn cursors_round_trip_and_are_bound_to_their_query() {
        let fp = fingerprint(&["refund", "open"]);
        let c = Cursor { kind: "view".into(), upstream: Some("abc==".into()), skip: 3, fingerprint: fp };
        assert_eq!(Cursor::decode(&c.encode(), fp).unwrap(), c);
        assert!(Cursor::decode(&c.encode(), fingerprint(&["refund", "closed"])).is_err());
        assert!(Cursor::decode("not a cursor", fp).is_err());
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Ids {
        #[schemars(with = "Option<IdOrName>")]
        view: Option<String>,
        #[schemars(with = "Option<Vec<IdOrName>>")]
        tags: Option<Vec<String>>,
        subject: Option<String>,
    }

    #[test]
    fn id_fields_take_integers_and_say_so() {
        let s: Ids = parse(json!({ "view": 970240, "tags": [12, "vip"] })).unwrap();
        assert_eq!(s.view.as_deref(), Some("970240"));
        assert_eq!(s.tags, Some(vec!["12".to_owned(), "vip".to_owned()]));
        let schema = input_schema::<Ids>();
        assert_eq!(schema["properties"]["view"]["type"], json!(["string", "integer"]));
        assert_eq!(schema["properties"]["tags"]["items"]["type"], json!(["string", "integer"]));
        // Only declared id fields are rewritten; other text stays strict.
        let e = parse::<Ids>(json!({ "subject": 5 })).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "subject"), "{e}");
        let e = parse::<Ids>(json!({ "view": 1.5 })).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "view"), "{e}");
    }

    #[derive(Serialize, JsonSchema)]
    #[allow(dead_code)]
    struct Out {
        total: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        previous: Option<f64>,
        inner: Option<Rest2>,
    }

    #[derive(Serialize, JsonSchema)]
    #[allow(dead_code)]
    struct Rest2 {
        n: u32,
    }

    #[test]
    fn output_schemas_declare_the_nulls_results_send() {
        let s = output_schema::<Out>();
        assert_eq!(s["properties"]["total"]["type"], json!(["number", "null"]), "{s}");
        assert_eq!(s["properties"]["inner"]["type"], json!(["object", "null"]), "{s}");
        let required = s["required"].as_array().cloned().unwrap_or_default();
        assert!(required.contains(&json!("total")) && !required.contains(&json!("previous")), "{s}");
    }

    #[test]
    fn schemas_are_inline_without_rust_formats_or_null_types() {
        let s = input_schema::<Sample>();
        let text = s.to_string();
        assert!(!text.contains("uint32") && !text.contains("$defs") && !text.contains("null"), "{text}");
        assert_eq!(s["required"], json!(["id"]));
        assert_eq!(s["properties"]["limit"]["description"], "Optional limit.");
        assert!(s.get("description").is_none());
    }
}
