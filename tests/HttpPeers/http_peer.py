#!/usr/bin/env python3
"""Raw HTTP clients against the device's web server, for tests/HttpPeers (run by the tests, or by hand).

    python3 http_peer.py pipeline  HOST PORT   requests written in one go, answers parsed by http.client
    python3 http_peer.py slowloris HOST PORT   one header byte a second while another client keeps asking
    python3 http_peer.py errors    HOST PORT   malformed and oversized requests, each on its own connection

Each prints one JSON document of what it saw (statuses, headers, bodies, timings); the C# tests judge it.
Every wait is bounded; exit code 0 unless the client itself failed (connection refused, timeout, ...).
"""
import http.client
import io
import json
import socket
import sys
import threading
import time

TIMEOUT_S = 15


def connect(host, port):
    s = socket.create_connection((host, port), timeout=TIMEOUT_S)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class KeptOpen(io.BufferedReader):
    """A reader http.client cannot close: it closes its file when a response ends, but the next one follows."""

    def close(self):
        pass


class OneFile:
    """Hands http.client the same buffered reader for every response, so none reads ahead into the next."""

    def __init__(self, sock):
        self.file = KeptOpen(socket.SocketIO(sock, 'rb'))

    def makefile(self, *args, **kwargs):
        return self.file


def read_response(reader, method):
    r = http.client.HTTPResponse(reader, method=method)
    r.begin()
    body = r.read()
    return {'status': r.status, 'reason': r.reason, 'version': r.version,
            'headers': [[k, v] for k, v in r.getheaders()], 'body': body.decode('latin-1')}


# ------------------------------------------------------------------------------------------------------- pipeline

def pipeline(host, port):
    """28 requests of 7 kinds (GET, POST with a body, 404, HEAD then GET of one resource, PUT, GET of the pin put)
    in one write, the last with Connection: close: more than the server's 1 KB request buffer, so it must read
    them as it answers them."""
    requests = []
    puts = 0
    for i in range(28):
        kind = i % 7
        if kind == 0:
            requests.append(('GET', '/api/gpio/1', None))
        elif kind == 1:
            requests.append(('POST', '/api/echo', 'request %d' % i))
        elif kind == 2:
            requests.append(('GET', '/no/such/%d' % i, None))
        elif kind == 3:
            requests.append(('HEAD', '/api/gpio', None))
        elif kind == 4:
            requests.append(('GET', '/api/gpio', None))
        elif kind == 5:
            requests.append(('PUT', '/api/gpio/0', '1' if puts % 2 == 0 else '0'))  # ends with 0, as it began
            puts += 1
        else:
            requests.append(('GET', '/api/gpio/0', None))
    wire = b''
    for n, (method, path, body) in enumerate(requests):
        head = '%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: http_peer.py\r\n' % (method, path, host)
        if body is not None:
            head += 'Content-Type: text/plain\r\nContent-Length: %d\r\n' % len(body)
        if n == len(requests) - 1:
            head += 'Connection: close\r\n'
        wire += (head + '\r\n' + (body or '')).encode('ascii')
    s = connect(host, port)
    s.sendall(wire)
    reader = OneFile(s)
    answers = []
    for method, path, body in requests:
        answer = read_response(reader, method)
        answer['request'] = '%s %s' % (method, path) + (' ' + body if body is not None else '')
        answers.append(answer)
    rest = reader.file.read()  # the server's FIN after the last (Connection: close); b'' when nothing follows
    s.close()
    return {'bytesSent': len(wire), 'answers': answers, 'after': rest.decode('latin-1')}


# ------------------------------------------------------------------------------------------------------ slowloris

def simple_get(host, port, path):
    started = time.monotonic()
    c = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
    try:
        c.request('GET', path)
        r = c.getresponse()
        r.read()
        return {'status': r.status, 'seconds': round(time.monotonic() - started, 3)}
    except OSError as e:
        return {'status': 0, 'error': repr(e), 'seconds': round(time.monotonic() - started, 3)}
    finally:
        c.close()


def slowloris(host, port):
    """Trickles a request head one byte a second (never finishing it) until the server answers or 30 s pass;
    meanwhile another client asks for /api/status twice a second on fresh connections."""
    head = ('GET /api/status HTTP/1.1\r\nHost: %s\r\nUser-Agent: slowloris\r\nX-Padding: ' % host).encode('ascii') + b'a' * 64
    s = connect(host, port)
    s.settimeout(1.0)
    done = threading.Event()
    others = []

    def other_client():
        while not done.is_set():
            others.append(simple_get(host, port, '/api/status'))
            done.wait(0.5)

    helper = threading.Thread(target=other_client)
    helper.start()
    started = time.monotonic()
    sent = 0
    received = b''
    closed = False
    send_error = None
    try:
        while time.monotonic() - started < 30:
            if sent < len(head):
                try:
                    s.send(head[sent:sent + 1])
                    sent += 1
                except OSError as e:   # the server closed after its answer: a write may fail
                    send_error = repr(e)
            try:
                chunk = s.recv(4096)
                if not chunk:
                    closed = True
                    break
                received += chunk
            except socket.timeout:
                pass
            except OSError as e:
                send_error = repr(e)
                closed = True
                break
    finally:
        seconds = round(time.monotonic() - started, 3)
        done.set()
        helper.join(TIMEOUT_S + 5)
        s.close()
    status_line = received.split(b'\r\n', 1)[0].decode('latin-1')
    return {'statusLine': status_line, 'response': received.decode('latin-1'), 'bytesTrickled': sent,
            'secondsToClose': seconds, 'closed': closed, 'sendError': send_error, 'others': others}


# --------------------------------------------------------------------------------------------------------- errors

def cases(host):
    h = 'Host: %s\r\n' % host
    return [
        ('no-host-in-1.1', b'GET / HTTP/1.1\r\n\r\n'),
        ('two-hosts', ('GET / HTTP/1.1\r\n' + h + h + '\r\n').encode()),
        ('obs-fold', ('GET / HTTP/1.1\r\n' + h + 'X-Long: a\r\n  folded\r\n\r\n').encode()),
        ('space-before-colon', ('GET / HTTP/1.1\r\nHost : %s\r\n\r\n' % host).encode()),
        ('control-in-value', ('GET / HTTP/1.1\r\n' + h + 'X-Bad: a\x01b\r\n\r\n').encode()),
        ('bad-percent-escape', ('GET /a%zz HTTP/1.1\r\n' + h + '\r\n').encode()),
        ('percent-nul', ('GET /a%00b HTTP/1.1\r\n' + h + '\r\n').encode()),
        ('binary-garbage', bytes(range(1, 32)) + b'\r\n\r\n'),
        ('bad-version', ('GET / HTTP/1.1x\r\n' + h + '\r\n').encode()),
        ('bad-content-length', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 1x\r\n\r\n').encode()),
        ('te-and-content-length', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc').encode()),
        ('target-too-long', ('GET /' + 'a' * 3000 + ' HTTP/1.1\r\n' + h + '\r\n').encode()),
        ('fields-too-large', ('GET / HTTP/1.1\r\n' + h + ''.join('X-Filler-%02d: %s\r\n' % (i, 'b' * 100) for i in range(20)) + '\r\n').encode()),
        ('method-too-long', b'A' * 2000),
        ('body-too-large', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 100000\r\n\r\n').encode()),
        ('body-over-limit', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 600\r\n\r\n' + 'c' * 600).encode()),
        ('expect-100-too-large', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n').encode()),
        ('unknown-method', ('BREW /pot HTTP/1.1\r\n' + h + '\r\n').encode()),
        ('unknown-coding', ('POST /api/echo HTTP/1.1\r\n' + h + 'Transfer-Encoding: gzip\r\n\r\n').encode()),
        ('http-2.0', ('GET / HTTP/2.0\r\n' + h + '\r\n').encode()),
        ('http-0.9', ('GET / HTTP/0.9\r\n' + h + '\r\n').encode()),
        ('unknown-expectation', ('POST /api/echo HTTP/1.1\r\n' + h + 'Content-Length: 2\r\nExpect: tea\r\n\r\nhi').encode()),
        ('method-not-allowed', ('DELETE /api/status HTTP/1.1\r\n' + h + '\r\n').encode()),
        ('not-found', ('GET /no/such/thing HTTP/1.1\r\n' + h + '\r\n').encode()),
    ]


def read_head(s, deadline):
    data = b''
    while b'\r\n\r\n' not in data and time.monotonic() < deadline:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return data, 'reset'
        if not chunk:
            return data, 'eof'
        data += chunk
    return data, None


def errors(host, port):
    """Each case on a fresh connection: the status line, the fields, the body, and what followed on that
    connection: the server's close (and how), or, when it stayed open, a GET /api/gpio/0 answered on it."""
    results = []
    for name, wire in cases(host):
        s = connect(host, port)
        s.settimeout(0.5)
        deadline = time.monotonic() + 10
        try:
            s.sendall(wire)
        except OSError as e:
            results.append({'case': name, 'statusLine': '', 'sendError': repr(e)})
            s.close()
            continue
        data, end = read_head(s, deadline)
        head, _, rest = data.partition(b'\r\n\r\n')
        lines = head.decode('latin-1').split('\r\n')
        fields = [line.split(':', 1) for line in lines[1:] if ':' in line]
        fields = [[k.strip(), v.strip()] for k, v in fields]
        length = 0
        for k, v in fields:
            if k.lower() == 'content-length' and v.isdigit():
                length = int(v)
        while len(rest) < length and end is None and time.monotonic() < deadline:
            try:
                chunk = s.recv(4096)
            except socket.timeout:
                continue
            except ConnectionResetError:
                end = 'reset'
                break
            if not chunk:
                end = 'eof'
                break
            rest += chunk
        body, extra = rest[:length], rest[length:]
        closing = any(k.lower() == 'connection' and v.lower() == 'close' for k, v in fields)
        after = None
        if closing:
            # The server shuts down after a framing error: our next read must be EOF (a FIN, not a RST) soon.
            while end is None and time.monotonic() < deadline:
                try:
                    chunk = s.recv(4096)
                except socket.timeout:
                    continue
                except ConnectionResetError:
                    end = 'reset'
                    break
                if not chunk:
                    end = 'eof'
                    break
                extra += chunk
        elif end is None:
            # Still open: the same connection must serve a good request now.
            s.sendall(('GET /api/gpio/0 HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' % host).encode())
            follow, end = read_head(s, deadline)
            after = follow.split(b'\r\n', 1)[0].decode('latin-1')
        s.close()
        results.append({'case': name, 'statusLine': lines[0], 'fields': fields, 'body': body.decode('latin-1'),
                        'extra': extra.decode('latin-1'), 'end': end, 'followUp': after})
    return {'results': results}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('pipeline', 'slowloris', 'errors'):
        print(__doc__, file=sys.stderr)
        return 2
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    result = {'pipeline': pipeline, 'slowloris': slowloris, 'errors': errors}[mode](host, port)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
