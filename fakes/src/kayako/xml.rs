//! The XML writer, byte for byte what SWIFT_XML emits: a declaration, every tag on its own
//! line with no indentation, non-empty values in CDATA, empty values self-closing, and the
//! whole output trimmed. Values are bytes so a stored non-UTF-8 post can be served raw.

/// Builds one XML document.
#[derive(Debug)]
pub(crate) struct Xml {
    buf: Vec<u8>,
}

impl Xml {
    /// Starts a document with `<?xml version="1.0" encoding="UTF-8"?>` and a newline.
    pub(crate) fn new() -> Self {
        Self { buf: b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_vec() }
    }

    /// `<name attr="v">` and a newline (SWIFT_XML::AddParentTag).
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.buf.extend_from_slice(b">\n");
    }

    /// `</name>` and a newline (SWIFT_XML::EndParentTag).
    pub(crate) fn close(&mut self, name: &str) {
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b">\n");
    }

    /// A leaf without attributes (SWIFT_XML::AddTag).
    pub(crate) fn leaf(&mut self, name: &str, value: impl AsRef<[u8]>) {
        self.leaf_with(name, value, &[]);
    }

    /// A numeric leaf (numbers are CDATA too on the wire).
    pub(crate) fn num(&mut self, name: &str, value: impl std::fmt::Display) {
        self.leaf(name, value.to_string());
    }

    /// A leaf with attributes: `<name a="v"><![CDATA[value]]></name>`, or `<name a="v" />`
    /// when the value is empty after stripping control characters.
    pub(crate) fn leaf_with(&mut self, name: &str, value: impl AsRef<[u8]>, attrs: &[(&str, &str)]) {
        let clean = strip_controls(value.as_ref());
        self.start_tag(name, attrs);
        if clean.is_empty() {
            self.buf.extend_from_slice(b" />\n");
            return;
        }
        self.buf.extend_from_slice(b"><![CDATA[");
        push_cdata(&mut self.buf, &clean);
        self.buf.extend_from_slice(b"]]></");
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b">\n");
    }

    /// The document, trimmed like PHP's `trim()` (no trailing newline).
    pub(crate) fn finish(self) -> Vec<u8> {
        let mut buf = self.buf;
        while buf.last().is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\0' | 0x0B)) {
            buf.pop();
        }
        buf
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.buf.push(b'<');
        self.buf.extend_from_slice(name.as_bytes());
        for (key, value) in attrs {
            self.buf.push(b' ');
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.extend_from_slice(b"=\"");
            self.buf.extend_from_slice(html_special_chars(value).as_bytes());
            self.buf.push(b'"');
        }
    }
}

/// Appends `value` for inside CDATA: `]]>` becomes `]]]]><![CDATA[>` so the section survives.
fn push_cdata(buf: &mut Vec<u8>, value: &[u8]) {
    let mut rest = value;
    while let Some(at) = find(rest, b"]]>") {
        buf.extend_from_slice(&rest[..at]);
        buf.extend_from_slice(b"]]]]><![CDATA[>");
        rest = &rest[at + 3..];
    }
    buf.extend_from_slice(rest);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Drops `\x00-\x08 \x0B \x0C \x0E-\x1F \x7F`, as SWIFT_XML does before writing a value.
pub(crate) fn strip_controls(value: &[u8]) -> Vec<u8> {
    value.iter().copied().filter(|b| !matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F)).collect()
}

/// PHP 8 `htmlspecialchars` (ENT_QUOTES): `& < > " '`.
fn html_special_chars(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            c => out.push(c),
        }
    }
    out
}

/// Post `contents` also lose non-printable Unicode (format characters such as zero-width
/// spaces and byte-order marks); bytes that are not UTF-8 are left as they are.
pub(crate) fn printable_contents(value: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(value) {
        Ok(text) => text
            .chars()
            .filter(
                |c| !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'),
            )
            .collect::<String>()
            .into_bytes(),
        Err(_) => value.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(x: Xml) -> String {
        String::from_utf8(x.finish()).unwrap()
    }

    #[test]
    fn writes_swift_xml_layout() {
        let mut x = Xml::new();
        x.open("tickets", &[]);
        x.open("ticket", &[("id", "2"), ("flagtype", "0")]);
        x.leaf("subject", "Hello");
        x.leaf("ownerstaffname", "");
        x.num("replies", 0);
        x.close("ticket");
        x.close("tickets");
        assert_eq!(
            text(x),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets>\n<ticket id=\"2\" flagtype=\"0\">\n\
             <subject><![CDATA[Hello]]></subject>\n<ownerstaffname />\n<replies><![CDATA[0]]></replies>\n\
             </ticket>\n</tickets>"
        );
    }

    #[test]
    fn splits_cdata_terminators_and_strips_controls() {
        let mut x = Xml::new();
        x.leaf("subject", "a]]>b\x07c");
        assert!(text(x).ends_with("<subject><![CDATA[a]]]]><![CDATA[>bc]]></subject>"));
        let mut x = Xml::new();
        x.leaf("e", "\x01\x02");
        assert!(text(x).ends_with("<e />"));
    }

    #[test]
    fn escapes_attributes_and_keeps_raw_bytes() {
        let mut x = Xml::new();
        x.leaf_with("note", b"Caf\xe9", &[("creatorstaffname", "O'Neil & <Co> \"x\"")]);
        let out = x.finish();
        let tail = b"<note creatorstaffname=\"O&#039;Neil &amp; &lt;Co&gt; &quot;x&quot;\"><![CDATA[Caf\xe9]]></note>";
        assert!(out.ends_with(tail));
        assert_eq!(printable_contents("a\u{200B}b\u{FEFF}".as_bytes()), b"ab");
        assert_eq!(printable_contents(b"Caf\xe9"), b"Caf\xe9");
    }
}
