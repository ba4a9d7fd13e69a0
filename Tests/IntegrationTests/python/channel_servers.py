#!/usr/bin/python3
"""Servers on loopback that play the notice channels' far ends (issue 13), for ChannelTests.

    channel_servers.py OUTDIR CERT KEY

- SMTP (aiosmtpd) with STARTTLS required and AUTH (user inspectd, password pw-123): each message
  is parsed by Python's `email` package and summarised as one JSON line in OUTDIR/mail.jsonl.
- HTTPS with the same certificate: /wecom, /dingtalk, /feishu, /webhook check the platform's
  documented body and signature and answer as the platform does; each request is one JSON line in
  OUTDIR/http.jsonl with what was wrong (`problems`). The first request to /wecom is answered
  with errcode 45009 (rate limited), as WeCom does, to exercise the retry.
Writes OUTDIR/ports.json once both listen; runs until killed.
"""
import base64, hashlib, hmac, json, os, socket, ssl, sys, threading, time, urllib.parse
import email, email.policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

OUT, CERT, KEY = sys.argv[1], sys.argv[2], sys.argv[3]
SECRETS = {"dingtalk": "SECdingtalk-test", "feishu": "feishu-test-secret", "webhook": "webhook-test-secret"}
lock = threading.Lock()
failed_first = set()


def record(name, obj):
    with lock:
        with open(os.path.join(OUT, name), "a", encoding="utf-8") as f:
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


class Mail:
    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content, policy=email.policy.default)
        plain = m.get_body(preferencelist=("plain",))
        html = m.get_body(preferencelist=("html",))
        record("mail.jsonl", {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]), "cc": str(m["cc"] or ""),
            "message_id": str(m["message-id"]), "date": str(m["date"]), "content_type": m.get_content_type(),
            "plain": plain.get_content() if plain else None, "html": html.get_content() if html else None,
            "raw_subject": envelope.content.split(b"\r\n\r\n")[0].decode("ascii", "replace"),
            "instance": str(m["x-inspectd-instance"] or ""), "received_at": time.time(),
        })
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"inspectd" and auth_data.password == b"pw-123"
    return AuthResult(success=ok)


def sign_b64(key, msg):
    return base64.b64encode(hmac.new(key.encode(), msg.encode(), hashlib.sha256).digest()).decode()


class Robots(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, obj, status=200):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        problems = []
        try:
            body = json.loads(raw)
        except Exception as e:
            body, problems = None, [f"not JSON: {e}"]
        path = url.path.strip("/")
        if body is not None:
            check = getattr(self, "check_" + path, None)
            problems += check(body, query, raw) if check else [f"unknown path {path}"]
        entry = {"path": path, "query": query, "body": body, "problems": problems,
                 "content_type": self.headers.get("Content-Type"), "rejected": False,
                 "instance": self.headers.get("X-Inspectd-Instance", ""), "received_at": time.time()}
        if path == "wecom" and "wecom" not in failed_first:
            failed_first.add("wecom")
            entry["rejected"] = True
            record("http.jsonl", entry)
            return self.answer({"errcode": 45009, "errmsg": "api freq out of limit"})
        record("http.jsonl", entry)
        if problems:
            return self.answer({"errcode": 40035, "errmsg": "; ".join(problems)}, 400)
        if path == "feishu":
            return self.answer({"code": 0, "msg": "success", "data": {}})
        return self.answer({"errcode": 0, "errmsg": "ok"})

    # 企业微信群机器人: {"msgtype":"markdown","markdown":{"content":"…"}}, content ≤ 4096 bytes.
    def check_wecom(self, b, q, raw):
        p = []
        if b.get("msgtype") != "markdown": p.append("msgtype is not markdown")
        c = (b.get("markdown") or {}).get("content")
        if not isinstance(c, str) or not c: p.append("no markdown.content")
        elif len(c.encode()) > 4096: p.append("content over 4096 bytes")
        return p

    # 钉钉自定义机器人: timestamp (ms) and sign = urlencode(base64(HmacSHA256(secret, ts + "\n" + secret))).
    def check_dingtalk(self, b, q, raw):
        p = []
        ts, sign = q.get("timestamp"), q.get("sign")
        if not ts or not ts.isdigit() or len(ts) != 13: p.append(f"timestamp {ts!r} is not milliseconds")
        elif sign != sign_b64(SECRETS["dingtalk"], f"{ts}\n{SECRETS['dingtalk']}"): p.append("bad sign")
        if not q.get("access_token"): p.append("no access_token")
        if b.get("msgtype") != "markdown": p.append("msgtype is not markdown")
        md = b.get("markdown") or {}
        if not md.get("title") or not md.get("text"): p.append("markdown needs title and text")
        at = b.get("at") or {}
        for m in at.get("atMobiles", []):
            if "@" + m not in md.get("text", ""): p.append(f"@{m} is not in the text")
        return p

    # 飞书自定义机器人: timestamp (s), sign = base64(HmacSHA256(key = ts + "\n" + secret, msg = "")).
    def check_feishu(self, b, q, raw):
        p = []
        ts = b.get("timestamp")
        if not isinstance(ts, str) or not ts.isdigit() or len(ts) != 10: p.append(f"timestamp {ts!r} is not seconds as a string")
        else:
            want = base64.b64encode(hmac.new(f"{ts}\n{SECRETS['feishu']}".encode(), b"", hashlib.sha256).digest()).decode()
            if b.get("sign") != want: p.append("bad sign")
        if b.get("msg_type") != "text" or not (b.get("content") or {}).get("text"): p.append("not a text message")
        return p

    # The generic webhook: X-Inspectd-Signature: sha256=hex(HMAC(secret, timestamp + "." + body)).
    def check_webhook(self, b, q, raw):
        p = []
        ts = self.headers.get("X-Inspectd-Timestamp", "")
        want = "sha256=" + hmac.new(SECRETS["webhook"].encode(), ts.encode() + b"." + raw, hashlib.sha256).hexdigest()
        if self.headers.get("X-Inspectd-Signature") != want: p.append("bad signature")
        if not isinstance(b.get("notices"), list) or not b["notices"]: p.append("no notices")
        return p


def free_port():
    # aiosmtpd 1.4 cannot be told port 0: a free one is found first.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(CERT, KEY)
smtp = Controller(Mail(), hostname="127.0.0.1", port=free_port(), tls_context=tls, require_starttls=True,
                  authenticator=authenticate, auth_require_tls=True, auth_required=True)
smtp.start()
httpd = ThreadingHTTPServer(("127.0.0.1", 0), Robots)
httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
with open(os.path.join(OUT, "ports.json.tmp"), "w") as f:
    json.dump({"smtp": smtp.port, "https": httpd.server_address[1]}, f)
os.rename(os.path.join(OUT, "ports.json.tmp"), os.path.join(OUT, "ports.json"))
while True:
    time.sleep(3600)
