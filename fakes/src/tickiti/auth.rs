//! Sanctum personal-access tokens: `Authorization: Bearer <token>`, each with abilities
//! (`tickets:write` implies `tickets:read`), the role of the staff user it belongs to, and
//! the checks in Laravel's order: ability, then role; the plan gate follows in the gate.

/// One token the install accepts.
#[derive(Clone, Debug)]
pub struct Token {
    /// The secret value clients send.
    pub value: String,
    /// Abilities, e.g. `tickets:read`, `reports:read`; `*` grants every ability.
    pub abilities: Vec<String>,
    /// Role of the token's user: `staff`, `admin` or `superuser`.
    pub role: &'static str,
    /// Whether the user is a sysadmin (a flag beside the role).
    pub sysadmin: bool,
}

impl Token {
    /// A token with these abilities and role.
    pub fn new(value: &str, abilities: &[&str], role: &'static str) -> Self {
        Self {
            value: value.to_owned(),
            abilities: abilities.iter().map(|a| (*a).to_owned()).collect(),
            role,
            sysadmin: false,
        }
    }

    /// Whether it holds `ability` (`x:write` implies `x:read`).
    pub fn can(&self, ability: &str) -> bool {
        let write = ability.strip_suffix(":read").map(|family| format!("{family}:write"));
        self.abilities.iter().any(|a| a == "*" || a == ability || write.as_deref() == Some(a.as_str()))
    }

    /// Whether its role reaches `needed` (staff < admin < superuser; `sysadmin` is the flag).
    pub fn reaches(&self, needed: &str) -> bool {
        let rank = |r: &str| match r {
            "staff" => 0,
            "admin" => 1,
            "superuser" => 2,
            _ => 3,
        };
        if needed == "sysadmin" {
            return self.sysadmin;
        }
        rank(self.role) >= rank(needed)
    }
}

/// The token a request presents, if it is one the install knows.
pub(crate) fn find<'t>(tokens: &'t [Token], authorization: Option<&str>) -> Option<&'t Token> {
    let presented = authorization?.strip_prefix("Bearer ")?.trim();
    tokens.iter().find(|t| !presented.is_empty() && t.value == presented)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_implies_read_and_roles_rank() {
        let t = Token::new("x", &["tickets:write"], "admin");
        assert!(t.can("tickets:read") && t.can("tickets:write") && !t.can("reports:read"));
        assert!(
            t.reaches("staff") && t.reaches("admin") && !t.reaches("superuser") && !t.reaches("sysadmin")
        );
        assert!(find(std::slice::from_ref(&t), Some("Bearer x")).is_some());
        assert!(find(std::slice::from_ref(&t), Some("Basic x")).is_none());
    }
}
