"""Makes the response targets' seed corpus from the real fakes: for each call in
fuzz/src/lib.rs `calls()`, runs the host (stdio) against the provider's demo fake
through record_proxy.py and writes corpus/responses_<p>/call-<i>: the call's
selector byte, status byte 0, then every upstream body it received, joined by
0xFF (the format `call_with_responses` reads). Usage: python3 capture.py HOST_BIN"""
import json, os, re, shutil, signal, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
fuzz = os.path.dirname(here)
root = os.path.dirname(fuzz)
host = sys.argv[1]
src = open(os.path.join(fuzz, "src", "lib.rs")).read()
fixtures = {p: open(os.path.join(root, "fakes", "src", p, "fixtures.rs")).read() for p in ("gorgias", "kayako", "tickiti", "ohd")}

def const(p, name):
    return re.search(name + r': &str =\s*"([^"]*)"', fixtures[p]).group(1)

def calls(variant):
    block = re.search(r"Provider::%s => &\[(.*?)\n        \]" % variant, src, re.S).group(1)
    return re.findall(r'\("(\w+)", r#"(.*?)"#\)', block)

providers = [
    ("gorgias", "Gorgias", "gorgias", lambda u: {"GORGIAS_BASE_URL": u, "GORGIAS_EMAIL": const("gorgias", "EMAIL"), "GORGIAS_API_KEY": const("gorgias", "API_KEY")}),
    ("kayako", "Kayako", "kayako_classic", lambda u: {"KAYAKO_API_URL": u, "KAYAKO_API_KEY": const("kayako", "API_KEY"), "KAYAKO_SECRET_KEY": const("kayako", "SECRET_KEY")}),
    ("tickiti", "Tickiti", "tickiti", lambda u: {"TICKITI_API_BASE": u, "TICKITI_API_TOKEN": const("tickiti", "FULL_TOKEN")}),
    ("ohd", "Ohd", "open_help_desk", lambda u: {"OHD_BASE_URL": u, "OHD_API_KEY": const("ohd", "ADMIN_KEY")}),
]
cache = os.path.join(root, "target", "e2e-cache")
for i, (short, variant, demo, env_of) in enumerate(providers):
    port = 18470 + i
    demo_p = subprocess.Popen([host, "serve", "--demo", demo, "--listen", "127.0.0.1:%d" % (port + 10)],
                              stderr=subprocess.PIPE, text=True, env=dict(os.environ, HELPDESK_CACHE_DIR=cache))
    url = None
    for line in demo_p.stderr:
        m = re.search(r"demo helpdesk at (\S+)", line)
        if m:
            url = m.group(1)
            break
    origin = re.match(r"(https?://[^/]+)", url).group(1)
    rec = tempfile.mkdtemp()
    proxy = subprocess.Popen([sys.executable, os.path.join(here, "record_proxy.py"), origin, str(port), rec])
    time.sleep(0.5)
    out = os.path.join(fuzz, "corpus", "responses_" + short)
    os.makedirs(out, exist_ok=True)
    for n, (tool, args) in enumerate(calls(variant)):
        env = dict(os.environ, HELPDESK_ACCESS_LEVEL="admin", HELPDESK_CONFIRM_WRITES="0", HELPDESK_CACHE_DIR=cache,
                   HELPDESK_PROVIDER=demo, **env_of(url.replace(origin, "http://127.0.0.1:%d" % port)))
        lines = [
            {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "capture", "version": "0"}}},
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": json.loads(args)}},
        ]
        p = subprocess.Popen([host], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        p.stdin.write("".join(json.dumps(l) + "\n" for l in lines))
        p.stdin.flush()
        answer = ""
        for line in p.stdout:
            if '"id":1' in line:
                answer = line
                break
        p.stdin.close()
        p.wait(timeout=10)
        bodies = [open(os.path.join(rec, f), "rb").read() for f in sorted(os.listdir(rec))]
        for f in os.listdir(rec):
            os.remove(os.path.join(rec, f))
        with open(os.path.join(out, "call-%02d" % n), "wb") as f:
            f.write(bytes([n, 0]) + b"\xff".join(bodies))
        print(short, n, tool, len(bodies), "bodies", sum(map(len, bodies)), "bytes", "error" if '"isError":true' in answer else "ok")
    proxy.terminate()
    demo_p.send_signal(signal.SIGTERM)
    demo_p.wait(timeout=10)
    shutil.rmtree(rec)
