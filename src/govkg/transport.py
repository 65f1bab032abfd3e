"""HTTP exchanges with endpoints: each bounded in time, and each failure or odd answer told in one line.

One exchange is a request and its whole answer. Its `timeout` bounds every wait of it: the TCP connection (and
the name lookup) gets at most `min(timeout, CONNECT_TIMEOUT)`, sending the request at most `timeout`, and the
answer, from the moment the request has gone out to its last byte, at most `timeout` in all, so a server that
sends a byte now and then cannot hold the exchange open (urllib's own timeout restarts with every byte).
"""

from __future__ import annotations

import functools
import html
import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any

#: The longest wait for a TCP connection, the host name's lookup included, whatever the exchange's timeout.
CONNECT_TIMEOUT = 10.0
#: Redirects followed for one request (GET, HEAD, and a query's POST, which is sent again to the new address).
MAX_REDIRECTS = 5
#: The most of an error answer that is read: a message shows only its start.
ERROR_BODY_LIMIT = 64 * 1024
#: Characters of an answer a message quotes.
SNIPPET = 60


class NetworkError(Exception):
    """An exchange that got no usable HTTP answer: no connection, no answer in time, a broken answer.

    `transient` failures may go away if the request is sent again (a reset, a connection closed at once).
    """

    def __init__(self, message: str, *, transient: bool = False, timed_out: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
        self.timed_out = timed_out


@dataclass
class Answer:
    """An HTTP answer, whatever its status, with its body (or its first `limit` bytes)."""

    status: int
    reason: str
    headers: Message
    data: bytes
    url: str  # the address that answered, after redirects
    looped: bool = False  # a redirect that urllib stopped following: a loop, or too many

    @property
    def ctype(self) -> str:
        """The media type, lower case, without parameters; empty when the answer has no Content-Type."""
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""

    @property
    def location(self) -> str:
        return urllib.parse.urljoin(self.url, self.headers.get("Location", "")) if "Location" in self.headers else ""


def where(url: str) -> str:
    """An address as messages name it: without its query string (which may hold a graph IRI or a query)."""
    return urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()


def check_url(url: str) -> str | None:
    """What is wrong with an endpoint address, or None."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError as exc:
        return f"{url!r} is not a URL: {exc}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http:// or https:// URL"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return f"{url!r} holds a space or a control character; percent-encode it"
    return None


# ---------------------------------------------------------------- the exchange
def exchange(method: str, url: str, *, timeout: float, body: bytes | None = None,
             headers: dict[str, str] | None = None, passwords: urllib.request.HTTPPasswordMgr | None = None,
             limit: int | None = None) -> Answer:
    """Send one request and read its answer (all of it, or its first `limit` bytes), within the time limits.

    Any HTTP status comes back as an Answer; digest and basic logins are answered from `passwords`; redirects of
    GET, HEAD and POST are followed (a POST is sent again, body and all, to the new address), others come back
    as the 3xx answer. Anything short of an HTTP answer raises NetworkError. urllib's ValueError for a login
    scheme it does not know is left to the caller.
    """
    handlers: list[urllib.request.BaseHandler] = [_HTTP(timeout), _HTTPS(timeout), _Redirects()]
    if passwords is not None:
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return Answer(resp.status, resp.reason, resp.headers, resp.read(limit), resp.url)
    except urllib.error.HTTPError as exc:
        try:
            data = exc.read(min(limit or ERROR_BODY_LIMIT, ERROR_BODY_LIMIT)) if exc.fp else b""
        except (OSError, http.client.HTTPException):
            data = b""  # the status says enough
        looped = 300 <= exc.code < 400 and exc.msg.startswith(urllib.request.HTTPRedirectHandler.inf_msg)
        return Answer(exc.code, exc.msg, exc.headers, data, exc.url, looped)
    except (OSError, http.client.HTTPException) as exc:
        raise _failure(exc, url, timeout, sending=body is not None) from exc


def _failure(exc: BaseException, url: str, timeout: float, sending: bool) -> NetworkError:
    """What went wrong, in one line that names the endpoint."""
    at = where(url)
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        reason: BaseException = exc.reason  # urllib wraps what fails while connecting and sending
        during_send = True
    elif isinstance(exc, urllib.error.URLError):
        return NetworkError(f"cannot reach {at}: {exc.reason}")
    else:
        reason, during_send = exc, False
    parts = urllib.parse.urlsplit(url)
    proxy = _proxy(url)
    reach = f"cannot reach {at} through the proxy {proxy}" if proxy else f"cannot reach {at}"
    peer = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}") if proxy else parts
    if isinstance(reason, _NoConnection):
        return NetworkError(f"{reach}: {reason}", timed_out=True)
    if isinstance(reason, _Overdue):
        if not reason.received:
            return NetworkError(f"{at} did not answer within {timeout:g} s", timed_out=True)
        if not reason.head.startswith(b"HTTP/"):
            return NetworkError(f"{at} is not an HTTP server: it sent {describe_bytes(reason.head, count=False)}",
                                timed_out=True)
        return NetworkError(f"{at} did not finish its answer within {timeout:g} s ({reason.received} bytes came: "
                            f"{describe_bytes(reason.head, count=False)})", timed_out=True)
    if isinstance(reason, TimeoutError):
        what = "take the request" if during_send else "answer"
        return NetworkError(f"{at} did not {what} within {timeout:g} s", timed_out=True)
    if isinstance(reason, ConnectionRefusedError):
        return NetworkError(f"{reach}: connection refused (nothing listens at {peer.hostname}:"
                            f"{peer.port or (443 if peer.scheme == 'https' else 80)})", transient=True)
    if isinstance(reason, http.client.RemoteDisconnected):
        return NetworkError(f"{at} closed the connection without answering", transient=True)
    if isinstance(reason, ConnectionError):
        if during_send and sending:
            return NetworkError(f"{at} closed the connection while the request was going out", transient=True)
        return NetworkError(f"{at} reset the connection", transient=True)
    if isinstance(reason, http.client.IncompleteRead):
        got = len(reason.partial)
        of = f" of {reason.expected + got}" if reason.expected is not None else ""
        return NetworkError(f"{at} broke off its answer after {got}{of} bytes", transient=True)
    if isinstance(reason, http.client.LineTooLong):
        return NetworkError(f"{at} is not an HTTP server: it sent a line longer than HTTP allows ({reason})")
    if isinstance(reason, http.client.BadStatusLine):
        line = str(reason.args[0] if reason.args else "").encode("latin-1", "replace")
        if line[:2] in (b"\x15\x03", b"\x16\x03"):  # a TLS alert or handshake
            return NetworkError(f"{at} speaks HTTPS: use {where(parts._replace(scheme='https').geturl())}")
        return NetworkError(f"{at} is not an HTTP server: it sent {describe_bytes(line, count=False)}")
    if isinstance(reason, http.client.HTTPException):
        return NetworkError(f"{at} sent a broken HTTP answer: {_one_line(str(reason)) or type(reason).__name__}")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return NetworkError(f"{reach}: its TLS certificate is not trusted ({reason.verify_message})")
    if isinstance(reason, ssl.SSLError):
        if "WRONG_VERSION_NUMBER" in str(reason) or "RECORD_LAYER_FAILURE" in str(reason):
            return NetworkError(f"{at} does not speak HTTPS: use {where(parts._replace(scheme='http').geturl())}")
        return NetworkError(f"{reach}: TLS failed ({reason.reason or reason})")
    if isinstance(reason, socket.gaierror):
        return NetworkError(f"{reach}: no address for host {peer.hostname!r} ({reason.strerror})")
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return NetworkError(f"{reach}: {text}", transient=isinstance(reason, ConnectionError))


def _proxy(url: str) -> str | None:
    """The proxy urllib sends a request for `url` through (from http_proxy, https_proxy and no_proxy), or None."""
    parts = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.netloc):
        return None
    return proxy


# ---------------------------------------------------------------- connections with time limits
class _NoConnection(TimeoutError):
    """No TCP connection, or no address for the host, within the connect timeout."""


class _Overdue(TimeoutError):
    """The answer did not come, or did not end, in time: what had come by then."""

    def __init__(self, received: int, head: bytes) -> None:
        super().__init__("overdue")
        self.received = received
        self.head = head


def _resolve(host: str, port: int, seconds: float) -> list[tuple[Any, ...]]:
    """getaddrinfo, which no socket timeout bounds, given at most `seconds` (in a thread it may outlive)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    found: list[Any] = []

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    thread = threading.Thread(target=look_up, daemon=True, name="govkg-getaddrinfo")
    thread.start()
    thread.join(seconds)
    if not found:
        raise _NoConnection(f"no address for host {host!r} within {seconds:g} s")
    if isinstance(found[0], OSError):
        raise found[0]
    return list(found[0])


def _connect(address: tuple[str, int], timeout: object = None, source: object = None, *, connect: float,
             read: float) -> socket.socket:
    """socket.create_connection with the connect timeout for the lookup and the connection together."""
    host, port = address
    deadline = time.monotonic() + connect
    error: OSError | None = None
    for family, kind, proto, _, addr in _resolve(host, port, connect):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock = socket.socket(family, kind, proto)
        sock.settimeout(left)
        try:
            sock.connect(addr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sock.settimeout(read)
        return sock
    if error is None or isinstance(error, TimeoutError):
        raise _NoConnection(f"no connection within {connect:g} s")
    raise error


class _Reader(io.RawIOBase):
    """The socket as an answer is read from it: every read waits at most what is left of the answer's time."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, timeout: float) -> None:
        super().__init__()
        self.raw, self.sock = raw, sock
        self.deadline = time.monotonic() + timeout
        self.received = 0
        self.head = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Overdue(self.received, self.head)
        self.sock.settimeout(left)
        try:
            n = self.raw.readinto(buffer) or 0
        except TimeoutError:
            raise _Overdue(self.received, self.head) from None
        if n and len(self.head) < 256:
            self.head += bytes(memoryview(buffer)[: min(n, 256 - len(self.head))])
        self.received += n
        return n

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


class _Response(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, answer_time: float, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        raw = self.fp.detach()  # the socket's SocketIO: it keeps the socket open until the answer is read
        self.fp = io.BufferedReader(_Reader(raw, sock, answer_time))


def _timed(base: Callable[..., http.client.HTTPConnection], timeout: float) -> Callable[..., http.client.HTTPConnection]:
    def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(*args, **kwargs)
        conn._create_connection = functools.partial(  # type: ignore[attr-defined]
            _connect, connect=min(timeout, CONNECT_TIMEOUT), read=timeout
        )
        conn.response_class = functools.partial(_Response, answer_time=timeout)  # type: ignore[assignment]
        return conn

    return make


class _Timed(urllib.request.AbstractHTTPHandler):
    timeout: float

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> http.client.HTTPResponse:
        return super().do_open(_timed(http_class, self.timeout), req, **kwargs)


class _HTTP(_Timed, urllib.request.HTTPHandler):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout


class _HTTPS(_Timed, urllib.request.HTTPSHandler):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout


class _Redirects(urllib.request.HTTPRedirectHandler):
    """GET and HEAD follow redirects; a query's POST is sent again, body and all (a 303, "see other", is not
    followed); an upload or a delete is not redirected. A login header never goes to another host."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        method = req.get_method()
        if method in ("GET", "HEAD") and code in (301, 302, 303, 307, 308):
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
        elif method == "POST" and code in (301, 302, 307, 308):
            new = urllib.request.Request(newurl, data=req.data, headers=dict(req.headers), method="POST",
                                         origin_req_host=req.origin_req_host, unverifiable=True)
        else:
            return None
        if new is not None and _origin(newurl) != _origin(req.full_url):
            new.remove_header("Authorization")
        return new


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


# ---------------------------------------------------------------- what came back, in a few words
def _one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _quote(text: str, limit: int = SNIPPET) -> str:
    text = _one_line(text)
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'


def is_binary(data: bytes) -> bool:
    """Bytes that are not text: more than a tenth of their start is not UTF-8 or is control characters."""
    head = data[:512].decode("utf-8", "replace")
    odd = sum(1 for c in head if c == "\ufffd" or (not c.isprintable() and c not in "\t\r\n"))
    return odd * 10 > len(head)


def describe_bytes(data: bytes, kind: str = "", count: bool = True) -> str:
    """Bytes from a server, quoted on one line: text as text, anything else as its first bytes in hex."""
    if not data:
        return "nothing"
    if is_binary(data):
        size = f"{len(data)} bytes of " if count else ""
        return f"{size}binary data{kind}: {data[:8].hex(' ')}{' …' if len(data) > 8 else ''}"
    text = _quote(data.decode("utf-8", "replace"))
    return f"{kind.strip(' ()')}: {text}" if kind else text


def is_html(ctype: str, data: bytes) -> bool:
    """A web page: named so, or starting as one."""
    head = data[:512].lstrip().lower()
    return bool(data.strip()) and (ctype in ("text/html", "application/xhtml+xml")
                                   or head.startswith((b"<!doctype html", b"<html")))


def title(data: bytes) -> str:
    """The <title> of an HTML page, on one line; empty when it has none."""
    found = re.search(rb"(?is)<title[^>]*>(.*?)</title", data[:65536])
    return _one_line(html.unescape(found.group(1).decode("utf-8", "replace"))) if found else ""


def describe(ctype: str, data: bytes) -> str:
    """An answer that is not what was asked for, named by what it is: 'an HTML page (text/html): "<title>…"'."""
    kind = f" ({ctype})" if ctype else " (no Content-Type)"
    if not data:
        return f"an empty answer{kind}"
    if is_html(ctype, data):
        name = title(data)
        return f"an HTML page{kind}: " + (f'"<title>{name}</title>"' if name else _quote(data.decode("utf-8", "replace")))
    if is_binary(data):
        return describe_bytes(data, kind)
    return f"{ctype or 'an answer with no Content-Type'}: {_quote(data.decode('utf-8', 'replace'))}"


def error_text(ctype: str, data: bytes, limit: int = 200) -> str:
    """What an error answer says, on one line: an HTML page's text without its tags, or the body's start."""
    if not data or is_binary(data):
        return describe_bytes(data) if data else ""
    text = data.decode("utf-8", "replace")
    if is_html(ctype, data):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
        text = html.unescape(re.sub(r"(?s)<[^>]*>", " ", text))
    text = _one_line(text)
    name = title(data) if is_html(ctype, data) else ""
    if name and text.startswith(f"{name} {name}"):  # the title, then a heading that repeats it
        text = text[len(name) + 1 :]
    return text if len(text) <= limit else text[: limit - 1] + "…"
