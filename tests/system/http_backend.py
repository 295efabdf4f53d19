#!/usr/bin/env python3
"""An HTTP backend for the AS gateway's tests and benchmark (docs/application-servers.md).

    http_backend.py PORT [--tls CERT KEY CA]   (--tls: HTTPS requiring a client certificate)

Prints "listening PORT" once it accepts connections. Paths (after an optional /api prefix):
  /echo/...          200, JSON: the method, path, identity headers, body length, SHA-256, body
  /download?n=N      200, N bytes of text/plain (a repeating pattern)
  /status/NNN        NNN, a short text/plain body
  /slow?ms=M         200 after M milliseconds
  anything else      200, "guti=<Iotboot-Guti> received=<the body>" (text/plain), which the UE
                     simulator takes for its application server's answer
"""
import hashlib
import http.server
import json
import ssl
import sys
import time
import urllib.parse

IDENTITY = ("Iotboot-As-Id", "Iotboot-Guti", "Iotboot-Device-Id", "Iotboot-Device-Id-Type", "Forwarded",
            "Content-Type", "Accept")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the tests read the answers
        pass

    def reply(self, status, body, content_type="text/plain; charset=utf-8"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path[4:] if url.path.startswith("/api/") else url.path  # the gateway's base path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/echo"):
            seen = {
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": {h: self.headers[h] for h in IDENTITY if self.headers.get(h) is not None},
                "length": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "body": body.decode("utf-8", "replace") if len(body) <= 256 else "",
            }
            client = self.connection.getpeercert() if hasattr(self.connection, "getpeercert") else None
            if client:
                seen["client"] = [v for k, v in client.get("subjectAltName", ()) if k == "DNS"]
            return self.reply(200, json.dumps(seen), "application/json")
        if path == "/download":
            n = int(query.get("n", ["0"])[0])
            pattern = b"0123456789abcdef"
            return self.reply(200, (pattern * (n // 16 + 1))[:n])
        if path.startswith("/status/"):
            status = int(path.split("/")[2])
            return self.reply(status, "status %d from the backend" % status)
        if path == "/slow":
            print("slow begins", flush=True)
            time.sleep(int(query.get("ms", ["1000"])[0]) / 1000)
            return self.reply(200, "slow")
        return self.reply(200, "guti=%s received=%s" % (self.headers.get("Iotboot-Guti", "?"),
                                                         body.decode("utf-8", "replace")))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


def main():
    port = int(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    if len(sys.argv) >= 6 and sys.argv[2] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        context.load_verify_locations(sys.argv[5])
        context.verify_mode = ssl.CERT_REQUIRED
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("listening %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
