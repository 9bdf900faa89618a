//! The embedded component and how each call runs it: one engine and
//! pre-instantiated component per process, then a fresh `Store` per call with
//! only the configured environment, no filesystem, no sockets, the sandboxed
//! `wasi:http`, a memory limit and a deadline. A trap poisons nothing: the
//! next call gets a new instance.

use std::sync::Arc;
use std::time::Duration;

use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store, StoreLimits,
    StoreLimitsBuilder,
};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use crate::cache::{self, Cache};
use crate::error::HostError;
use crate::sandbox::{Hooks, Observer, Sandbox};
use crate::upstream::Upstream;

/// Host bindings of the `helpdesk` world, generated from `wit/`.
#[allow(missing_docs)]
pub mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "helpdesk",
        exports: { default: async },
        with: {
            "wasi": wasmtime_wasi::p2::bindings,
            "wasi:http": wasmtime_wasi_http::p2::bindings::http,
        },
    });
}

pub use bindings::exports::helpdesk::mcp::tools::{
    CallError, CallNeeds, CheckFailure, CheckFailureKind, ConfigProblem, Content, Service, Tier, Tool,
    ToolResult,
};
use bindings::{Helpdesk, HelpdeskPre};

/// The guest component, built by `build.rs`.
static GUEST_WASM: &[u8] = include_bytes!(env!("HELPDESK_GUEST_WASM_PATH"));
/// Its SHA-256 prefix, computed at build time (names cache entries).
const GUEST_SHA256: &str = env!("HELPDESK_GUEST_WASM_SHA256");
/// How often the deadline clock ticks.
const EPOCH_TICK: Duration = Duration::from_millis(50);

/// Per-store state.
pub struct State {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: Hooks,
    limits: Limits,
}

/// The store's limits, remembering whether the component was refused memory:
/// the allocator then aborts, and that trap is reported as running out of
/// memory rather than as a bug.
struct Limits {
    inner: StoreLimits,
    memory_refused: bool,
}

impl ResourceLimiter for Limits {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.inner.memory_growing(current, desired, maximum)?;
        self.memory_refused |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.inner.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.inner.instances()
    }

    fn tables(&self) -> usize {
        self.inner.tables()
    }

    fn memories(&self) -> usize {
        self.inner.memories()
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: &mut self.hooks }
    }
}

/// The compiled component, ready to instantiate. One per process.
pub struct Code {
    engine: Engine,
    tools: HelpdeskPre<State>,
    proxy: ProxyPre<State>,
}

impl Code {
    /// Compiles (or loads from `cache`) the embedded component.
    pub fn load(cache: &Cache) -> Result<Arc<Self>, HostError> {
        Self::from_wasm(GUEST_WASM, GUEST_SHA256, cache)
    }

    /// The embedded component's bytes (tests inspect its imports).
    pub fn wasm() -> &'static [u8] {
        GUEST_WASM
    }

    /// Compiles `wasm` (identified by `sha` in the cache).
    pub fn from_wasm(wasm: &[u8], sha: &str, cache: &Cache) -> Result<Arc<Self>, HostError> {
        let load = |e: wasmtime::Error| HostError::Load(format!("{e:#}"));
        let engine = engine().map_err(load)?;
        let component = cache::load(&engine, wasm, sha, cache)?;
        let mut linker: Linker<State> = Linker::new(&engine);
        link(&mut linker).map_err(load)?;
        let pre = linker.instantiate_pre(&component).map_err(load)?;
        let tools = HelpdeskPre::new(pre.clone()).map_err(load)?;
        let proxy = ProxyPre::new(pre).map_err(load)?;
        start_epoch_clock(&engine);
        Ok(Arc::new(Self { engine, tools, proxy }))
    }

    /// The environment keys the component reads (run with an empty environment).
    pub async fn config_keys(self: &Arc<Self>) -> Result<Vec<String>, HostError> {
        let rt = Runtime::new(self.clone(), Vec::new(), Sandbox::deny_all(), CallLimits::default(), None);
        let (mut store, instance) = rt.instantiate().await?;
        rt.deadline(instance.helpdesk_mcp_tools().call_config_keys(&mut store)).await
    }

    /// The component's imports, as `namespace:package/interface@version`.
    pub fn imports(&self) -> Vec<String> {
        let component = self.tools.instance_pre().component();
        component.component_type().imports(&self.engine).map(|(name, _)| name.to_owned()).collect()
    }
}

/// Development: set to `perfmap` to profile the component's code with `perf`.
pub const PROFILER_VAR: &str = "HELPDESK_MCP_PROFILER";

/// Component instances alive at once in the pool: above the largest
/// `--max-calls` (1,024), with room for the short admission and start-up
/// instances that run outside a call slot.
const POOLED_INSTANCES: u32 = 1_100;
/// Linear memory a pooled slot keeps mapped between calls (then zeroed with
/// `memset` instead of `madvise`): the pages a typical call touches, so the
/// next call in that slot takes no page faults for them.
const KEEP_RESIDENT: usize = 2 * 1024 * 1024;

/// The engine: epoch deadlines, and instances from a pool. One instance per
/// call is our isolation model; the pool makes that cheap by reusing
/// pre-reserved slots (memory reset between calls, so nothing carries over)
/// instead of mapping and unmapping a fresh 4 GiB reservation every call.
/// Where the pool cannot be reserved (a tight address-space limit) the
/// engine falls back to allocating on demand.
fn engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    // `HELPDESK_MCP_PROFILER=perfmap` names the component's compiled functions
    // for `perf` (/tmp/perf-PID.map), as `wasmtime --profile perfmap` does.
    if std::env::var_os(PROFILER_VAR).is_some_and(|v| v == "perfmap") {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(POOLED_INSTANCES)
        .total_core_instances(POOLED_INSTANCES * 2)
        .total_memories(POOLED_INSTANCES)
        .total_tables(POOLED_INSTANCES * 2)
        .total_stacks(POOLED_INSTANCES)
        .max_memory_size(MEMORY_LIMIT)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(64 * 1024)
        // Where the kernel can say which pages a call dirtied (Linux 6.7+),
        // reset only those instead of the whole resident prefix.
        .pagemap_scan(wasmtime::Enabled::Auto);
    let mut pooled = config.clone();
    pooled.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&pooled).or_else(|e| {
        tracing::warn!("no instance pool ({e:#}); instances are allocated per call");
        Engine::new(&config)
    })
}

/// Links exactly the WASI interfaces the component imports, and nothing
/// else: no filesystem, no sockets. A component asking for more would fail
/// to instantiate rather than get it.
fn link(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    use wasmtime_wasi::cli::{WasiCli, WasiCliView as _};
    use wasmtime_wasi::p2::bindings::cli;
    // io, clocks, random, stdio: the wasi:http/proxy world's interfaces.
    wasmtime_wasi::p2::add_to_linker_proxy_interfaces_async(linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(linker)?;
    // What Rust's std adds on wasip2: environment, exit, terminals.
    cli::environment::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::exit::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::terminal_input::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::terminal_output::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::terminal_stdin::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::terminal_stdout::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    cli::terminal_stderr::add_to_linker::<State, WasiCli>(linker, State::cli)?;
    Ok(())
}

/// Advances the engine's epoch so per-call deadlines can interrupt guest code.
fn start_epoch_clock(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("helpdesk-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(EPOCH_TICK);
            }
        })
        .map(drop)
        .unwrap_or_else(|e| {
            tracing::warn!("no deadline clock ({e}); CPU-bound calls rely on the I/O timeout only")
        });
}

/// One observer that tells both `a` and `b`.
fn both(a: Option<Observer>, b: Option<Observer>) -> Option<Observer> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Arc::new(move |event| {
            a(event);
            b(event);
        })),
        (a, b) => a.or(b),
    }
}

/// Limits of one call.
#[derive(Clone, Copy, Debug)]
pub struct CallLimits {
    /// Wall-clock deadline, I/O waits included.
    pub deadline: Duration,
    /// Linear memory the component may grow to.
    pub memory_bytes: usize,
}

/// Linear memory one call may use. The guest refuses a
/// `HELPDESK_MAX_RESPONSE_BYTES` over an eighth of it (32 MiB): reading,
/// parsing and rendering a body takes a few times its size.
pub const MEMORY_LIMIT: usize = 256 * 1024 * 1024;

impl Default for CallLimits {
    fn default() -> Self {
        Self { deadline: Duration::from_secs(35), memory_bytes: MEMORY_LIMIT }
    }
}

/// The component bound to one configuration: environment, sandbox, limits.
#[derive(Clone)]
pub struct Runtime {
    code: Arc<Code>,
    env: Arc<[(String, String)]>,
    sandbox: Sandbox,
    limits: CallLimits,
    observer: Option<Observer>,
    upstream: Arc<Upstream>,
}

impl Runtime {
    /// Binds `code` to a configuration.
    pub fn new(
        code: Arc<Code>,
        env: Vec<(String, String)>,
        sandbox: Sandbox,
        limits: CallLimits,
        observer: Option<Observer>,
    ) -> Self {
        Self { code, env: env.into(), sandbox, limits, observer, upstream: Arc::default() }
    }

    /// The shared upstream cache and pacer (tests inspect them).
    pub fn upstream(&self) -> &Upstream {
        &self.upstream
    }

    /// The sandbox in force.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The same configuration with another sandbox (e.g. once `describe` named the origin).
    pub fn with_sandbox(&self, sandbox: Sandbox) -> Self {
        Self { sandbox, ..self.clone() }
    }

    fn store(&self) -> Store<State> {
        self.store_observed(None)
    }

    /// A store whose outbound requests are also reported to `extra` (one call's listener).
    fn store_observed(&self, extra: Option<Observer>) -> Store<State> {
        let mut wasi = WasiCtx::builder();
        // Only the configured keys; no args, preopens, network or stdin/stdout.
        wasi.envs(&self.env).inherit_stderr().allow_tcp(false).allow_udp(false).allow_ip_name_lookup(false);
        let state = State {
            wasi: wasi.build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: Hooks::new(
                self.sandbox.clone(),
                self.upstream.clone(),
                both(self.observer.clone(), extra),
            ),
            limits: Limits {
                inner: StoreLimitsBuilder::new().memory_size(self.limits.memory_bytes).instances(8).build(),
                memory_refused: false,
            },
        };
        let mut store = Store::new(&self.code.engine, state);
        store.limiter(|s| &mut s.limits);
        let ticks = self.limits.deadline.as_millis() / EPOCH_TICK.as_millis() + 1;
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        store.epoch_deadline_trap();
        store
    }

    async fn instantiate(&self) -> Result<(Store<State>, Helpdesk), HostError> {
        self.instantiate_observed(None).await
    }

    async fn instantiate_observed(
        &self,
        extra: Option<Observer>,
    ) -> Result<(Store<State>, Helpdesk), HostError> {
        let mut store = self.store_observed(extra);
        let instance = self.deadline(self.code.tools.instantiate_async(&mut store)).await?;
        Ok((store, instance))
    }

    /// Runs `call` under the deadline; a trap or timeout is a [`HostError`].
    async fn deadline<T>(&self, call: impl Future<Output = wasmtime::Result<T>>) -> Result<T, HostError> {
        match tokio::time::timeout(self.limits.deadline, call).await {
            Err(_) => Err(HostError::Deadline(self.limits.deadline)),
            Ok(Err(trap)) => Err(HostError::from_trap(&trap, self.limits.deadline)),
            Ok(Ok(value)) => Ok(value),
        }
    }

    /// WIT `describe`.
    pub async fn describe(&self) -> Result<Result<Service, Vec<ConfigProblem>>, HostError> {
        let (mut store, instance) = self.instantiate().await?;
        self.deadline(instance.helpdesk_mcp_tools().call_describe(&mut store)).await
    }

    /// WIT `list-tools`.
    pub async fn list_tools(&self) -> Result<Vec<Tool>, HostError> {
        let (mut store, instance) = self.instantiate().await?;
        self.deadline(instance.helpdesk_mcp_tools().call_list_tools(&mut store)).await
    }

    /// WIT `needs`: what a call needs before it may run (its tier, and
    /// whether it sends a message the customer sees).
    pub async fn call_needs(
        &self,
        name: &str,
        arguments: &str,
    ) -> Result<Result<CallNeeds, CallError>, HostError> {
        let (mut store, instance) = self.instantiate().await?;
        self.deadline(instance.helpdesk_mcp_tools().call_needs(&mut store, name, &arguments.to_owned())).await
    }

    /// WIT `call-tool`.
    pub async fn call_tool(
        &self,
        name: &str,
        arguments: &str,
    ) -> Result<Result<ToolResult, CallError>, HostError> {
        self.call_tool_observed(name, arguments, None).await
    }

    /// WIT `call-tool`; `observer` also hears this call's upstream requests.
    pub async fn call_tool_observed(
        &self,
        name: &str,
        arguments: &str,
        observer: Option<Observer>,
    ) -> Result<Result<ToolResult, CallError>, HostError> {
        let (mut store, instance) = self.instantiate_observed(observer).await?;
        let result = self
            .deadline(instance.helpdesk_mcp_tools().call_call_tool(&mut store, name, &arguments.to_owned()))
            .await;
        result.map_err(|e| self.out_of_memory(&store, e))
    }

    /// A trap after the store refused to grow memory is the component
    /// running out of it.
    fn out_of_memory(&self, store: &Store<State>, e: HostError) -> HostError {
        match e {
            HostError::Trap(_) if store.data().limits.memory_refused => {
                HostError::OutOfMemory(self.limits.memory_bytes)
            }
            other => other,
        }
    }

    /// WIT `check-connection`.
    pub async fn check(&self) -> Result<Result<String, CheckFailure>, HostError> {
        let (mut store, instance) = self.instantiate().await?;
        let result = self.deadline(instance.helpdesk_mcp_tools().call_check_connection(&mut store)).await;
        result.map_err(|e| self.out_of_memory(&store, e))
    }

    /// Serves one HTTP request through the component's
    /// `wasi:http/incoming-handler`, exactly as `wasmtime serve` does.
    pub async fn handle_http(
        &self,
        request: hyper::Request<wasmtime_wasi_http::p2::body::HyperIncomingBody>,
    ) -> Result<hyper::Response<wasmtime_wasi_http::p2::body::HyperOutgoingBody>, HostError> {
        use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
        let trap = |e: wasmtime::Error| HostError::from_trap(&e, self.limits.deadline);
        let mut store = self.store();
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let req = store.data_mut().http().new_incoming_request(Scheme::Http, request).map_err(trap)?;
        let out = store.data_mut().http().new_response_outparam(sender).map_err(trap)?;
        let proxy = self.code.proxy.clone();
        let limits = self.limits;
        let task = tokio::spawn(async move {
            let run = async {
                let instance = proxy.instantiate_async(&mut store).await?;
                instance.wasi_http_incoming_handler().call_handle(&mut store, req, out).await
            };
            tokio::time::timeout(limits.deadline, run).await
        });
        match receiver.await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(code)) => Err(HostError::Trap(format!("the component answered with an error: {code:?}"))),
            Err(_) => Err(match task.await {
                Ok(Err(_)) => HostError::Deadline(limits.deadline),
                Ok(Ok(Err(e))) => trap(e),
                Ok(Ok(Ok(()))) => HostError::Trap("the component never set a response".into()),
                Err(e) => HostError::Trap(format!("the request task failed: {e}")),
            }),
        }
    }
}
