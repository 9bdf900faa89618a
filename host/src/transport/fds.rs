//! File descriptors for `serve`: every client connection holds one, and so
//! does every upstream request a tool call makes. Clients must never be able
//! to take the last ones, or accept fails and tool calls cannot reach the
//! helpdesk. So the soft open-file limit is raised to the hard one at start,
//! and client connections are capped below it, keeping a reserve.

/// Descriptors kept for everything but client connections: the runtime, the
/// listener, stdio, the component cache, plus two per concurrent tool call.
pub fn reserve(max_calls: usize) -> u64 {
    32 + 2 * max_calls as u64
}

/// The open-file limit after start-up, and what it was before if raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The soft limit in force (`None`: unknown or unlimited).
    pub soft: Option<u64>,
    /// The soft limit before it was raised, when it was.
    pub raised_from: Option<u64>,
}

/// Raises the soft open-file limit to the hard limit, where it is lower.
#[cfg(unix)]
pub fn raise() -> Limit {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let Rlimit { current, maximum } = getrlimit(Resource::Nofile);
    match (current, maximum) {
        (Some(soft), Some(hard)) if soft < hard => {
            match setrlimit(Resource::Nofile, Rlimit { current: Some(hard), maximum: Some(hard) }) {
                Ok(()) => Limit { soft: Some(hard), raised_from: Some(soft) },
                Err(_) => Limit { soft: Some(soft), raised_from: None },
            }
        }
        (soft, _) => Limit { soft, raised_from: None },
    }
}

/// Raises nothing where there is no such limit.
#[cfg(not(unix))]
pub fn raise() -> Limit {
    Limit { soft: None, raised_from: None }
}

/// Most client connections that leave `reserve` descriptors free under
/// `soft`: `requested`, or fewer when the limit is low. An error when the
/// limit leaves room for almost none.
pub fn connection_cap(requested: usize, soft: Option<u64>, reserve: u64) -> Result<usize, String> {
    let Some(soft) = soft else { return Ok(requested) };
    let room = soft.saturating_sub(reserve);
    if room < 8 {
        return Err(format!(
            "the open-file limit ({soft}) leaves room for {room} client connections once {reserve} are kept \
             for tool calls; raise it (`ulimit -n`) or lower --max-calls"
        ));
    }
    Ok(requested.min(usize::try_from(room).unwrap_or(usize::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_stay_below_the_limit_minus_the_reserve() {
        assert_eq!(connection_cap(256, Some(128), reserve(8)), Ok(128 - 48));
        assert_eq!(connection_cap(256, Some(100_000), reserve(8)), Ok(256));
        assert_eq!(connection_cap(256, None, reserve(8)), Ok(256));
        assert!(connection_cap(256, Some(50), reserve(8)).is_err_and(|e| e.contains("ulimit -n")));
    }
}
