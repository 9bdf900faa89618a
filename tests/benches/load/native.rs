//! The limit: the same tool logic run natively (the guest crate as an rlib,
//! reaching the fake through a reqwest `Transport`) against the component
//! (the host library's `Runtime`, sandbox and all), each in a child process of
//! this bench so its CPU time is its own. No MCP transport on either side:
//! this isolates what the component costs against plain native code.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::fixtures;
use helpdesk_guest::config::Env;
use helpdesk_guest::http::{HttpError, Limits, Request, Response, Transport};

/// The guest's transport seam, served natively by reqwest on the child's
/// runtime, with the host's reference cache: a GET the guest marks
/// `cache-control: max-age` is answered from memory after the first time, so
/// both sides make the same upstream requests.
struct Native {
    http: reqwest::Client,
    runtime: tokio::runtime::Handle,
    max_body: usize,
    cache: Arc<Mutex<HashMap<String, Response>>>,
}

impl Transport for Native {
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        let sends = requests.into_iter().map(|r| self.send_cached(r));
        self.runtime.block_on(futures::future::join_all(sends))
    }
}

impl Native {
    async fn send_cached(&self, r: Request) -> Result<Response, HttpError> {
        let cacheable = r.method.as_str() == "GET"
            && r.headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("cache-control") && v.starts_with("max-age"));
        let key = format!("{}{}", r.authority, r.path_and_query);
        if cacheable && let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let response = self.send_one(r).await?;
        if cacheable
            && response.is_success()
            && let Ok(mut cache) = self.cache.lock()
        {
            cache.insert(key, response.clone());
        }
        Ok(response)
    }

    async fn send_one(&self, r: Request) -> Result<Response, HttpError> {
        let scheme = match r.scheme {
            helpdesk_guest::http::Scheme::Http => "http",
            helpdesk_guest::http::Scheme::Https => "https",
        };
        let method = http::Method::from_bytes(r.method.as_str().as_bytes())
            .map_err(|_| HttpError::Protocol("method"))?;
        let mut req = self.http.request(method, format!("{scheme}://{}{}", r.authority, r.path_and_query));
        for (k, v) in r.headers {
            req = req.header(k, v);
        }
        if let Some(body) = r.body {
            req = req.body(body);
        }
        let res = req.send().await.map_err(|_| HttpError::Protocol("native send failed"))?;
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = res.bytes().await.map_err(|_| HttpError::Protocol("native body failed"))?;
        if body.len() > self.max_body {
            return Err(HttpError::Protocol("body over the cap"));
        }
        Ok(Response { status, headers, body: body.to_vec(), retried: Vec::new() })
    }
}

fn env(base_url: &str) -> Vec<(String, String)> {
    vec![
        ("GORGIAS_BASE_URL".into(), base_url.into()),
        ("GORGIAS_EMAIL".into(), fixtures::EMAIL.into()),
        ("GORGIAS_API_KEY".into(), fixtures::API_KEY.into()),
    ]
}

/// CPU time of this process so far.
fn own_cpu() -> Duration {
    super::host::cpu_of(std::process::id())
}

/// The child: `calls` get_ticket calls after a warm-up, printing
/// `CPU_US_PER_CALL <n>`. `mode` is `native` or `component`.
pub async fn child(mode: &str, base_url: &str, calls: usize, cache: &std::path::Path) -> Result<()> {
    let arguments = serde_json::json!({ "id": fixtures::REFUND_TICKET_ID }).to_string();
    let (cpu, wall) = match mode {
        "native" => {
            let runtime = tokio::runtime::Handle::current();
            let env = Env::from_pairs(env(base_url));
            tokio::task::spawn_blocking(move || -> Result<(Duration, Duration)> {
                let http = reqwest::Client::new();
                let cache = Arc::default();
                let connect = |limits: Limits| -> Box<dyn Transport> {
                    Box::new(Native {
                        http: http.clone(),
                        runtime: runtime.clone(),
                        max_body: limits.max_body_bytes,
                        cache: Arc::clone(&cache),
                    })
                };
                let call = || -> Result<()> {
                    let r = helpdesk_guest::tool::call("get_ticket", &arguments, &env, &connect)
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    if r.is_error {
                        bail!("native get_ticket failed: {}", r.text);
                    }
                    Ok(())
                };
                timed(calls, call)
            })
            .await??
        }
        "component" => {
            use helpdesk_mcp::component::{CallLimits, Code, Runtime};
            use helpdesk_mcp::sandbox::Sandbox;
            let code = Code::load(&helpdesk_mcp::cache::Cache::Dir(cache.to_owned()))?;
            // The sandbox takes an origin; the base URL carries the API's path.
            let origin = base_url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            let sandbox = Sandbox::new(&[origin]).map_err(|e| anyhow::anyhow!("{e}"))?;
            let rt = Runtime::new(code, env(base_url), sandbox, CallLimits::default(), None);
            for _ in 0..20 {
                rt.call_tool("get_ticket", &arguments).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            }
            let (cpu, wall) = (own_cpu(), std::time::Instant::now());
            for _ in 0..calls {
                let r =
                    rt.call_tool("get_ticket", &arguments).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
                if r.is_error {
                    bail!("component get_ticket failed");
                }
            }
            (own_cpu().saturating_sub(cpu), wall.elapsed())
        }
        other => bail!("unknown mode {other}"),
    };
    println!("CPU_US_PER_CALL {:.1}", cpu.as_secs_f64() * 1e6 / calls as f64);
    println!("WALL_US_PER_CALL {:.1}", wall.as_secs_f64() * 1e6 / calls as f64);
    Ok(())
}

fn timed(calls: usize, call: impl Fn() -> Result<()>) -> Result<(Duration, Duration)> {
    for _ in 0..20 {
        call()?;
    }
    let (cpu, wall) = (own_cpu(), std::time::Instant::now());
    for _ in 0..calls {
        call()?;
    }
    Ok((own_cpu().saturating_sub(cpu), wall.elapsed()))
}

/// What one child measured: CPU and wall time per call (µs), upstream requests per call.
pub struct Measured {
    /// CPU µs per call.
    pub cpu_us: f64,
    /// Wall µs per call.
    pub wall_us: f64,
    /// Upstream requests per call.
    pub upstream: f64,
}

/// Runs one child in `mode` against the fake at `base_url`.
pub async fn measure(
    mode: &str,
    fake: &helpdesk_fakes::gorgias::FakeGorgias,
    calls: usize,
    cache: &std::path::Path,
) -> Result<Measured> {
    let exe = std::env::current_exe()?;
    fake.control().reset_requests();
    let out = tokio::process::Command::new(exe)
        .args(["--native-child", mode, &fake.base_url(), &calls.to_string(), &cache.display().to_string()])
        .output()
        .await
        .context("run the baseline child")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let value =
        |key: &str| text.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.trim().parse().ok());
    let (Some(cpu_us), Some(wall_us)) = (value("CPU_US_PER_CALL"), value("WALL_US_PER_CALL")) else {
        bail!("the {mode} child printed no figure: {text}{}", String::from_utf8_lossy(&out.stderr));
    };
    let upstream = fake.control().request_count() as f64 / (calls + 20) as f64;
    Ok(Measured { cpu_us, wall_us, upstream })
}
