namespace Firmware.RealPeer.Tests;

/// <summary>
/// python3 bulk TCP clients run inside the namespace. argv: address port length mode (discard | echo) deadline-seconds.
/// The payload is random.Random(1234).randbytes(length). Prints one result line; exit 0 only on a clean close
/// (EOF from the device, never a reset) with every byte accounted for. Every wait is bounded.
/// </summary>
public static class BulkScript
{
    public const string Source = @"
import hashlib, random, socket, sys, threading, time
address, port, length, mode, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
payload = random.Random(1234).randbytes(length)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(limit)
start = time.monotonic()
try:
    s.connect((address, port))
    if mode == 'discard':
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        sent_s = time.monotonic() - start
        rest = s.recv(1)
        elapsed = time.monotonic() - start
        if rest != b'':
            print('discard answered: %r' % rest); sys.exit(1)
        print('discard sent %d bytes in %.3f s (%.3f MB/s), clean close after %.3f s' % (length, sent_s, length / sent_s / 1e6, elapsed))
        sys.exit(0)
    received = bytearray(); failure = []
    def reader():
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk: return
                received.extend(chunk)
        except Exception as e:
            failure.append(repr(e))
    t = threading.Thread(target=reader); t.start()
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    t.join(limit)
    elapsed = time.monotonic() - start
    if t.is_alive():
        print('echo: no EOF within %.0f s, got %d of %d bytes' % (limit, len(received), length)); sys.exit(1)
    if failure:
        print('echo: reader failed: %s after %d bytes' % (failure[0], len(received))); sys.exit(1)
    sent_hash = hashlib.sha256(payload).hexdigest(); got_hash = hashlib.sha256(received).hexdigest()
    print('echo sent %d bytes sha256 %s, received %d bytes sha256 %s, clean close after %.3f s (%.3f MB/s)' % (length, sent_hash, len(received), got_hash, elapsed, length / elapsed / 1e6))
    sys.exit(0 if sent_hash == got_hash else 1)
except (ConnectionResetError, ConnectionRefusedError, BrokenPipeError, socket.timeout, OSError) as e:
    print('%s failed after %.3f s: %r' % (mode, time.monotonic() - start, e)); sys.exit(1)
";
}
