//! `{placeholder}` substitution for the conversation templates.

/// Values for the placeholders of one ticket.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fill {
    pairs: Vec<(&'static str, String)>,
}

impl Fill {
    /// Sets (or replaces) one placeholder.
    pub(crate) fn set(&mut self, key: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self.pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => self.pairs.push((key, value)),
        }
    }

    /// Replaces every known `{key}`; unknown ones are left as written.
    pub(crate) fn apply(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    match self.pairs.iter().find(|(k, _)| *k == key) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_keys_only() {
        let mut f = Fill::default();
        f.set("order", "NW-10001");
        f.set("order", "NW-10002");
        assert_eq!(f.apply("Order {order} {unknown} {"), "Order NW-10002 {unknown} {");
    }
}
