namespace Firmware.RealPeer.Tests;

/// <summary>A python3 TCP client run inside the namespace: echo, discard, chargen and refused checks, every wait bounded.</summary>
public static class TcpClientScript
{
    // argv: address port length mode. Exit 0 only when the expectation of the mode holds; every wait is bounded.
    public const string Source = @"
import socket, sys, time
address, port, length, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + 40
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(10)
try:
    s.connect((address, port))
except ConnectionRefusedError:
    print('refused'); sys.exit(0 if mode == 'refused' else 1)
if mode == 'refused':
    print('connected to a port that should be closed'); sys.exit(1)
if mode == 'chargen':
    data = b''
    while len(data) < length and time.monotonic() < deadline:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
    s.close()
    lines = data[:length].split(b'\r\n')[:-1]
    ok = len(lines) > 10 and all(len(l) > 0 and all(32 <= c < 127 for c in l) for l in lines)
    print('chargen ok' if ok else 'chargen bad: %r' % data[:200]); sys.exit(0 if ok else 1)
payload = bytes((i * 31 + 7) & 255 for i in range(length))
if mode == 'discard':
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    rest = s.recv(1)
    print('discarded %d bytes' % length if rest == b'' else 'discard answered: %r' % rest); sys.exit(0 if rest == b'' else 1)
# echo: send and receive at the same time (the device's window is small), then half-close and expect its FIN.
s.setblocking(False)
sent = 0; received = bytearray()
while len(received) < length and time.monotonic() < deadline:
    if sent < length:
        try: sent += s.send(payload[sent:sent + 65536])
        except BlockingIOError: pass
    try:
        chunk = s.recv(65536)
        if not chunk: break
        received += chunk
    except BlockingIOError:
        time.sleep(0.001)
s.settimeout(10)
s.shutdown(socket.SHUT_WR)
tail = s.recv(1)
if bytes(received) != payload:
    print('mismatch: sent %d, got %d bytes, first difference at %s' % (length, len(received), next((i for i in range(min(len(received), length)) if received[i] != payload[i]), min(len(received), length)))); sys.exit(1)
if tail != b'':
    print('extra bytes after the echo'); sys.exit(1)
print('echoed %d bytes' % length)
";
}
