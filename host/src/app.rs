//! Assembling a running configuration: load the component, ask it which
//! settings it reads, pass those (and only those) in, let it validate them and
//! name the helpdesk origin, then lock the sandbox to that origin.

use std::sync::Arc;
use std::time::Duration;

use crate::cache::Cache;
use crate::component::{CallLimits, Code, Runtime, Service};
use crate::demo::{self, Demo};
use crate::error::HostError;
use crate::policy::Policy;
use crate::sandbox::{Observer, Sandbox};

/// How to start.
#[derive(Clone, Debug)]
pub struct Options {
    /// Serve the built-in demo helpdesk (`Some("gorgias")`).
    pub demo: Option<String>,
    /// Budget of one tool call; the host stops a call 5 s after it.
    pub timeout: Duration,
    /// Where compiled code is cached.
    pub cache: Cache,
}

/// The component loaded and given its environment, not yet validated.
pub struct Prepared {
    /// The component, with a sandbox that allows nothing yet.
    pub runtime: Runtime,
    /// The demo helpdesk, when running one.
    pub demo: Option<Demo>,
    policy: Result<Policy, String>,
}

/// A validated configuration, ready to serve.
pub struct App {
    /// The component, sandboxed to the helpdesk origin.
    pub runtime: Runtime,
    /// The helpdesk it serves.
    pub service: Service,
    /// Which tools clients get.
    pub policy: Policy,
    /// The demo helpdesk, when running one.
    pub demo: Option<Demo>,
}

/// Loads the component and builds its environment from `lookup` (the process
/// environment in production).
pub async fn prepare(
    options: &Options,
    lookup: &dyn Fn(&str) -> Option<String>,
    observer: Option<Observer>,
) -> Result<Prepared, HostError> {
    let started = std::time::Instant::now();
    let code: Arc<Code> = Code::load(&options.cache)?;
    let loaded = started.elapsed();
    let keys = code.config_keys().await?;
    tracing::debug!(
        load_ms = loaded.as_secs_f64() * 1e3,
        keys_ms = (started.elapsed() - loaded).as_secs_f64() * 1e3,
        "component ready"
    );
    let demo = match options.demo.as_deref() {
        None => None,
        Some(provider) => {
            Some(demo::start(provider).await.map_err(|e| HostError::Config(format!("  --demo: {e}")))?)
        }
    };
    let env = guest_env(&keys, lookup, demo.as_ref().map(|d| d.env.as_slice()), options.timeout);
    let limits = CallLimits { deadline: options.timeout + Duration::from_secs(5), ..CallLimits::default() };
    let runtime = Runtime::new(code, env, Sandbox::deny_all(), limits, observer);
    Ok(Prepared { runtime, demo, policy: Policy::from_lookup(lookup) })
}

impl Prepared {
    /// Validates the configuration and sandboxes the component to its origin.
    pub async fn configure(self) -> Result<App, HostError> {
        let started = std::time::Instant::now();
        let described = self.runtime.describe().await?;
        tracing::debug!(describe_ms = started.elapsed().as_secs_f64() * 1e3, "configuration checked");
        let mut problems: Vec<String> = match &described {
            Ok(_) => Vec::new(),
            Err(list) => list.iter().map(|p| format!("  {}: {}", p.key, p.message)).collect(),
        };
        // The component validates the settings it shares with the host policy
        // (`HELPDESK_ACCESS_LEVEL`); a problem it already named is said once.
        if let Err(p) = &self.policy {
            let key = p.split_once(':').map_or(p.as_str(), |(key, _)| key);
            if !problems.iter().any(|q| q.trim_start().starts_with(&format!("{key}:"))) {
                problems.push(format!("  {p}"));
            }
        }
        match (described, self.policy) {
            (Ok(service), Ok(policy)) if problems.is_empty() => {
                let sandbox = Sandbox::new(&service.origins)?;
                Ok(App { runtime: self.runtime.with_sandbox(sandbox), service, policy, demo: self.demo })
            }
            _ => Err(HostError::Config(problems.join("\n"))),
        }
    }

    /// The tool policy (for `tools`, which needs no helpdesk settings).
    pub fn policy(&self) -> Result<&Policy, HostError> {
        self.policy.as_ref().map_err(|p| HostError::Config(format!("  {p}")))
    }
}

/// The component's environment: exactly the keys it declares, from `lookup`,
/// with demo settings replacing the provider's and the timeout it must honour.
pub fn guest_env(
    keys: &[String],
    lookup: &dyn Fn(&str) -> Option<String>,
    demo: Option<&[(String, String)]>,
    timeout: Duration,
) -> Vec<(String, String)> {
    let from_process = |k: &&String| match (k.as_str(), demo) {
        // The host owns the timeout: its deadline comes 5 s after the guest's.
        ("HELPDESK_TIMEOUT_SECS", _) => false,
        (_, None) => true,
        // With a demo, real helpdesk settings must not leak into it.
        ("HELPDESK_PROVIDER", Some(_)) => false,
        (other, Some(_)) => other.starts_with("HELPDESK_"),
    };
    let mut env: Vec<(String, String)> =
        keys.iter().filter(from_process).filter_map(|k| lookup(k).map(|v| (k.clone(), v))).collect();
    if let Some(demo) = demo {
        env.extend(demo.iter().filter(|(k, _)| keys.contains(k)).cloned());
    }
    env.push(("HELPDESK_TIMEOUT_SECS".to_owned(), timeout.as_secs().to_string()));
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        [
            "HELPDESK_PROVIDER",
            "HELPDESK_TIMEOUT_SECS",
            "HELPDESK_ACCESS_LEVEL",
            "GORGIAS_DOMAIN",
            "GORGIAS_API_KEY",
        ]
        .map(String::from)
        .to_vec()
    }

    fn lookup(k: &str) -> Option<String> {
        match k {
            "GORGIAS_DOMAIN" => Some("acme".into()),
            "GORGIAS_API_KEY" => Some("secret".into()),
            "HELPDESK_TIMEOUT_SECS" => Some("999".into()),
            "HELPDESK_PROVIDER" => Some("gorgias".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("nope".into()),
            _ => None,
        }
    }

    #[test]
    fn only_declared_keys_pass_and_the_timeout_is_the_hosts() {
        let env = guest_env(&keys(), &lookup, None, Duration::from_secs(30));
        assert_eq!(
            env,
            [
                ("HELPDESK_PROVIDER".into(), "gorgias".into()),
                ("GORGIAS_DOMAIN".into(), "acme".into()),
                ("GORGIAS_API_KEY".into(), "secret".into()),
                ("HELPDESK_TIMEOUT_SECS".into(), "30".into())
            ]
        );
    }

    #[test]
    fn the_demo_replaces_real_credentials() {
        let demo = [
            ("HELPDESK_PROVIDER".to_owned(), "gorgias".to_owned()),
            ("GORGIAS_API_KEY".to_owned(), "demo".to_owned()),
        ];
        let env = guest_env(&keys(), &lookup, Some(&demo), Duration::from_secs(30));
        assert!(!env.iter().any(|(k, v)| k == "GORGIAS_DOMAIN" || v == "secret"));
        assert!(env.contains(&("GORGIAS_API_KEY".into(), "demo".into())));
    }
}
