"""A loopback HTTP proxy that records every upstream response body, in order,
into a directory (000, 001, ...). Used by capture.sh to make the response
targets' seed corpus from the real fakes. Loopback only; stops on SIGTERM."""
import http.server, os, sys, urllib.request, urllib.error, itertools, threading

upstream, port, outdir = sys.argv[1].rstrip("/"), int(sys.argv[2]), sys.argv[3]
counter = itertools.count()
lock = threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    def relay(self):
        n = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(n) if n else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
        req = urllib.request.Request(upstream + self.path, data=body, method=self.command, headers=headers)
        try:
            resp = urllib.request.urlopen(req, timeout=10)
            status, rheaders, data = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            status, rheaders, data = e.code, e.headers, e.read()
        with lock:
            with open(os.path.join(outdir, "%03d" % next(counter)), "wb") as f:
                f.write(data)
        self.send_response(status)
        for k, v in rheaders.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = relay
    def log_message(self, *a):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
