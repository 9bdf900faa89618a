//! Kayako Classic answers in XML (`SWIFT_XML`): every non-empty leaf wrapped in
//! CDATA (a value containing `]]>` split across two sections), empty values as
//! self-closing tags, ids and flags as attributes. This reads any of that into
//! a small element tree with quick-xml. Bytes that are not UTF-8 are replaced
//! (lossy), and malformed documents give an error that never quotes the body.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Deepest nesting accepted; Kayako's documents are at most five levels deep.
const MAX_DEPTH: usize = 64;

/// An XML document that could not be read. Carries a position, never content.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// quick-xml rejected it at this byte offset.
    #[error("malformed XML near byte {0}")]
    Malformed(u64),
    /// The document ended inside an element, or had no element at all.
    #[error("incomplete XML document")]
    Incomplete,
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("XML nested too deeply")]
    TooDeep,
}

/// One element: name, attributes, child elements and its own text (CDATA and
/// text sections joined, entities resolved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// Tag name.
    pub name: String,
    /// Attributes in document order, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Text directly inside this element, untrimmed.
    pub raw_text: String,
}

impl Element {
    /// The element's text, trimmed (empty for `<x />`).
    pub fn text(&self) -> &str {
        self.raw_text.trim()
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child called `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of child `name`, when present and not empty.
    pub fn get(&self, name: &str) -> Option<String> {
        self.child(name).map(Element::text).filter(|t| !t.is_empty()).map(str::to_owned)
    }

    /// Child `name` as a whole number (absent, empty or not a number: `None`).
    pub fn number(&self, name: &str) -> Option<i64> {
        self.child(name).and_then(|c| c.text().parse().ok())
    }

    /// Child `name` as a flag: `1` is true, anything else false.
    pub fn flag(&self, name: &str) -> bool {
        self.number(name).is_some_and(|n| n != 0)
    }
}

thread_local! {
    /// Documents [`check`] parsed, kept for [`parse`] to take: the transport
    /// checks every answer before the provider reads it, and the same bytes
    /// need not be parsed twice. A call reads a few answers at a time.
    static CHECKED: RefCell<VecDeque<(Vec<u8>, Element)>> = const { RefCell::new(VecDeque::new()) };
}

/// Parsed documents kept for [`parse`]; the oldest goes first.
const KEPT: usize = 8;

/// Whether `bytes` is a document [`parse`] accepts. The tree is kept, so the
/// [`parse`] that follows for the same bytes costs a comparison.
pub fn check(bytes: &[u8]) -> Result<(), XmlError> {
    let root = read(bytes)?;
    CHECKED.with_borrow_mut(|kept| {
        if kept.len() >= KEPT {
            kept.pop_front();
        }
        kept.push_back((bytes.to_vec(), root));
    });
    Ok(())
}

/// Parses a whole document and returns its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let checked = CHECKED.with_borrow_mut(|kept| {
        let at = kept.iter().position(|(b, _)| b == bytes)?;
        kept.remove(at).map(|(_, root)| root)
    });
    checked.map_or_else(|| read(bytes), Ok)
}

/// Reads a document into its element tree.
fn read(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|_| XmlError::Malformed(at))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(open(&start, at)?);
            }
            Event::Empty(start) => {
                let element = open(&start, at)?;
                close(element, &mut stack, &mut root, at)?;
            }
            Event::End(_) => {
                let element = stack.pop().ok_or(XmlError::Malformed(at))?;
                close(element, &mut stack, &mut root, at)?;
            }
            Event::Text(t) => {
                let s = t.xml_content().map_err(|_| XmlError::Malformed(at))?;
                push_text(&mut stack, &s, at)?;
            }
            Event::CData(c) => {
                let s = c.decode().map_err(|_| XmlError::Malformed(at))?;
                push_text(&mut stack, &s, at)?;
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<'_, str> = match r.resolve_char_ref() {
                    Ok(Some(ch)) => Cow::Owned(ch.to_string()),
                    Ok(None) => {
                        let name = r.decode().map_err(|_| XmlError::Malformed(at))?;
                        // Unknown named entities (HTML ones) stay as written.
                        resolve_predefined_entity(&name)
                            .map_or_else(|| Cow::Owned(format!("&{name};")), Cow::Borrowed)
                    }
                    Err(_) => return Err(XmlError::Malformed(at)),
                };
                push_text(&mut stack, &resolved, at)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Incomplete);
    }
    root.ok_or(XmlError::Incomplete)
}

fn open(start: &quick_xml::events::BytesStart<'_>, at: u64) -> Result<Element, XmlError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|_| XmlError::Malformed(at))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr.unescape_value().map_err(|_| XmlError::Malformed(at))?.into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs, ..Element::default() })
}

fn close(
    element: Element,
    stack: &mut [Element],
    root: &mut Option<Element>,
    at: u64,
) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        // A second top-level element is not a document.
        None if root.is_some() => return Err(XmlError::Malformed(at)),
        None => *root = Some(element),
    }
    Ok(())
}

fn push_text(stack: &mut [Element], s: &str, at: u64) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(e) => e.raw_text.push_str(s),
        // Text outside the root: only whitespace is allowed there.
        None if s.trim().is_empty() => {}
        None => return Err(XmlError::Malformed(at)),
    }
    Ok(())
}

/// An element as JSON for `call_api`: text leaves become strings, attributes
/// `@name`, repeated children arrays. Values are never coerced to numbers, so
/// `007` and `NaN` survive as written.
pub fn to_json(e: &Element) -> serde_json::Value {
    use serde_json::{Map, Value};
    if e.children.is_empty() && e.attrs.is_empty() {
        return Value::String(e.text().to_owned());
    }
    let mut map = Map::new();
    for (k, v) in &e.attrs {
        map.insert(format!("@{k}"), Value::String(v.clone()));
    }
    for child in &e.children {
        let value = to_json(child);
        match map.get_mut(&child.name) {
            Some(Value::Array(list)) if e.all(&child.name).count() > 1 => list.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(child.name.clone(), value);
            }
        }
    }
    if e.children.is_empty() && !e.text().is_empty() {
        map.insert("#text".into(), Value::String(e.text().to_owned()));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICKETS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets>\n<ticket id=\"7\" flagtype=\"2\">\n<displayid><![CDATA[ABC-123-45678]]></displayid>\n<subject><![CDATA[Code ]]]]><![CDATA[> here & <b>bold</b>]]></subject>\n<ownerstaffname />\n<replies><![CDATA[3]]></replies>\n</ticket>\n</tickets>";

    #[test]
    fn cdata_attributes_and_empties() {
        let root = parse(TICKETS.as_bytes()).unwrap();
        assert_eq!(root.name, "tickets");
        let t = root.child("ticket").unwrap();
        assert_eq!((t.attr("id"), t.attr("flagtype")), (Some("7"), Some("2")));
        assert_eq!(t.get("displayid").as_deref(), Some("ABC-123-45678"));
        assert_eq!(t.get("subject").as_deref(), Some("Code ]]> here & <b>bold</b>"));
        assert!(t.child("ownerstaffname").is_some() && t.get("ownerstaffname").is_none());
        assert_eq!(t.number("replies"), Some(3));
    }

    #[test]
    fn entities_and_empty_roots() {
        let root = parse(b"<x a=\"1 &amp; 2\">A &lt;b&gt; &#233; &nbsp;</x>").unwrap();
        assert_eq!((root.attr("a"), root.text()), (Some("1 & 2"), "A <b> \u{e9} &nbsp;"));
        assert!(parse(b"<tickets/>").unwrap().children.is_empty());
        assert!(parse(b"<tickets>\n</tickets>").unwrap().children.is_empty());
    }

    #[test]
    fn a_checked_document_is_parsed_once_and_the_same() {
        let doc = b"<tickets><ticket id=\"1\"><subject><![CDATA[Hi]]></subject></ticket></tickets>";
        check(doc).unwrap();
        let kept = CHECKED.with_borrow(VecDeque::len);
        let root = parse(doc).unwrap();
        assert_eq!(CHECKED.with_borrow(VecDeque::len), kept - 1, "taken, not copied");
        assert_eq!(root, read(doc).unwrap());
        assert_eq!(parse(doc).unwrap(), root, "a second parse reads again");
        for _ in 0..KEPT + 3 {
            check(b"<a/>").unwrap();
        }
        assert_eq!(CHECKED.with_borrow(VecDeque::len), KEPT, "bounded");
        assert!(check(b"<a>").is_err());
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in [
            &b"<tickets><ticket></tickets>"[..],
            b"<tickets>",
            b"",
            b"Ticket not Found",
            b"<a></a><b></b>",
            b"<a><![CDATA[x</a>",
            b"<a x=1></a>",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert_eq!(parse(deep.as_bytes()), Err(XmlError::TooDeep));
    }

    #[test]
    fn non_utf8_bytes_are_replaced() {
        let root = parse(b"<c><![CDATA[caf\xe9 \xff ok]]></c>").unwrap();
        assert_eq!(root.text(), "caf\u{fffd} \u{fffd} ok");
    }

    #[test]
    fn json_keeps_values_as_text_and_lists_repeats() {
        let root =
            parse(b"<ds><d id=\"1\"><t>007</t></d><d id=\"2\"><t>NaN</t></d><d id=\"3\"/></ds>").unwrap();
        let j = to_json(&root);
        assert_eq!(j["d"][0]["t"], "007");
        assert_eq!(j["d"][1]["@id"], "2");
        assert_eq!(j["d"].as_array().map(Vec::len), Some(3));
    }
}
