//! Configuration and registration every provider does the same way: reading
//! the API address and secrets from the environment (every problem reported
//! by its key, a secret never echoed), describing the origin for the sandbox,
//! and building the provider over a transport.

use crate::config::{ConfigProblem, Env};
use crate::http::Transport;

use super::api_url::ApiUrl;
use super::upstream::Upstream;
use super::{Helpdesk, Service};

/// A provider's validated configuration.
pub trait ProviderConfig: Sized {
    /// Provider id, as `HELPDESK_PROVIDER` names it.
    const ID: &'static str;
    /// Reads and validates the configuration, reporting every problem by key.
    fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>>;
    /// Where the API is (its origin is what the sandbox allows).
    fn url(&self) -> &ApiUrl;
    /// Human label ("Gorgias account acme (acme.gorgias.com)").
    fn label(&self) -> String;
}

/// A provider built from its configuration and its connection to the API.
pub trait FromConfig: Helpdesk + Sized + 'static {
    /// Its configuration.
    type Config: ProviderConfig;
    /// Builds it.
    fn new(cfg: Self::Config, up: Upstream) -> Self;
}

/// [`super::ProviderEntry::describe`] for any provider: validates and names the origin.
pub fn describe<C: ProviderConfig>(env: &Env) -> Result<Service, Vec<ConfigProblem>> {
    let cfg = C::from_env(env)?;
    Ok(Service { provider: C::ID, label: cfg.label(), origins: vec![cfg.url().origin()] })
}

/// [`super::ProviderEntry::build`] for any provider.
pub fn build<P: FromConfig>(
    env: &Env,
    transport: Box<dyn Transport>,
) -> Result<Box<dyn Helpdesk>, Vec<ConfigProblem>> {
    let cfg = P::Config::from_env(env)?;
    let up = Upstream::new(cfg.url().clone(), transport);
    Ok(Box::new(P::new(cfg, up)))
}

/// Collects configuration problems while reading keys, so that one run
/// reports all of them.
pub struct Reader<'e> {
    env: &'e Env,
    /// Problems found so far.
    pub problems: Vec<ConfigProblem>,
}

impl<'e> Reader<'e> {
    /// A reader over `env`.
    pub fn new(env: &'e Env) -> Self {
        Self { env, problems: Vec::new() }
    }

    /// The raw value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&'e str> {
        self.env.get(key)
    }

    /// Records a problem with `key`.
    pub fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(ConfigProblem::new(key, message));
    }

    /// A required setting; `missing` says what to set it to.
    pub fn required(&mut self, key: &str, missing: &str) -> Option<&'e str> {
        let value = self.env.get(key);
        if value.is_none() {
            self.problem(key, missing);
        }
        value
    }

    /// A required secret (token, key, password): refused when it holds
    /// spaces or control characters, and never echoed, even when malformed.
    pub fn secret(&mut self, key: &str, missing: &str) -> Option<String> {
        match self.required(key, missing)? {
            v if !v.chars().any(|c| c.is_whitespace() || c.is_control()) => Some(v.to_owned()),
            _ => {
                self.problem(key, "contains spaces or control characters; paste the key exactly");
                None
            }
        }
    }

    /// An API address read by `parse`, its problem filed under `key`.
    pub fn url(
        &mut self,
        key: &str,
        missing: &str,
        parse: impl FnOnce(&str) -> Result<ApiUrl, String>,
    ) -> Option<ApiUrl> {
        let raw = self.required(key, missing)?;
        parse(raw).map_err(|m| self.problem(key, m)).ok()
    }

    /// `Ok(value)` when nothing was wrong, else every problem.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<ConfigProblem>> {
        match value {
            Some(v) if self.problems.is_empty() => Ok(v),
            _ => Err(self.problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_reported_and_no_secret_echoed() {
        let env = Env::from_pairs([("X_TOKEN", "sec ret"), ("X_URL", "http://10.0.0.1/")]);
        let mut r = Reader::new(&env);
        let url = r.url("X_URL", "is missing", |raw| ApiUrl::parse(raw, "X_TOKEN"));
        let token = r.secret("X_TOKEN", "is missing");
        let other = r.secret("X_OTHER", "is missing; set it");
        let problems = r.finish(url.zip(token).zip(other)).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["X_URL", "X_TOKEN", "X_OTHER"]);
        assert!(problems.iter().all(|p| !p.message.contains("sec ret")));
    }

    #[test]
    fn a_clean_read_finishes_with_the_value() {
        let env = Env::from_pairs([("X_TOKEN", "t0k3n")]);
        let mut r = Reader::new(&env);
        let token = r.secret("X_TOKEN", "is missing");
        assert_eq!(r.finish(token).unwrap(), "t0k3n");
    }
}
