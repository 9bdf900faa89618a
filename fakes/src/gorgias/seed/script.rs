//! The shape of a conversation: which kind of message comes at each position, so threads
//! read naturally (question, answer, follow-up, resolution, thanks) whatever their length.

/// What a message does in the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Opener,
    Reply,
    Followup,
    Nudge,
    Checkin,
    Resolution,
    Closer,
    Thanks,
}

impl Role {
    /// Whether an agent writes this message.
    pub(crate) fn by_agent(self) -> bool {
        matches!(self, Role::Reply | Role::Checkin | Role::Resolution | Role::Closer)
    }
}

/// Roles for `n` messages. Unanswered tickets only hold customer messages. Closed ones
/// put any back-and-forth (nudges, check-ins) first, then the follow-up, the resolution,
/// the customer's thanks and, when the agent speaks last, a closing line.
pub(crate) fn script(n: usize, open: bool, answered: bool) -> Vec<Role> {
    let n = n.max(1);
    if !answered {
        return (0..n).map(|i| if i == 0 { Role::Opener } else { Role::Nudge }).collect();
    }
    let filler = |i: usize| if i % 2 == 1 { Role::Checkin } else { Role::Nudge };
    if open || n < 3 {
        return (0..n)
            .map(|i| match i {
                0 => Role::Opener,
                1 => Role::Reply,
                2 => Role::Followup,
                i => filler(i),
            })
            .collect();
    }
    let ending: &[Role] = match n {
        3 => &[Role::Thanks],
        4 => &[Role::Followup, Role::Resolution],
        _ if n % 2 == 1 => &[Role::Followup, Role::Resolution, Role::Thanks],
        _ => &[Role::Followup, Role::Resolution, Role::Thanks, Role::Closer],
    };
    let mut roles = vec![Role::Opener, Role::Reply];
    roles.extend((2..n - ending.len()).map(filler));
    roles.extend_from_slice(ending);
    roles
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    #[test]
    fn conversations_have_a_natural_shape() {
        assert_eq!(script(1, true, true), vec![Opener]);
        assert_eq!(script(2, false, true), vec![Opener, Reply]);
        assert_eq!(script(3, false, true), vec![Opener, Reply, Thanks]);
        assert_eq!(script(4, false, true), vec![Opener, Reply, Followup, Resolution]);
        assert_eq!(script(5, false, true), vec![Opener, Reply, Followup, Resolution, Thanks]);
        assert_eq!(script(6, false, true), vec![Opener, Reply, Followup, Resolution, Thanks, Closer]);
        assert_eq!(
            script(8, false, true),
            vec![Opener, Reply, Nudge, Checkin, Followup, Resolution, Thanks, Closer]
        );
        assert_eq!(script(7, false, true), vec![Opener, Reply, Nudge, Checkin, Followup, Resolution, Thanks]);
        assert_eq!(script(5, true, true), vec![Opener, Reply, Followup, Checkin, Nudge]);
        assert_eq!(script(2, true, false), vec![Opener, Nudge]);
        for n in 1..13 {
            let roles = script(n, n % 2 == 0, true);
            assert!(roles.iter().enumerate().all(|(i, r)| r.by_agent() == (i % 2 == 1)));
        }
    }
}
