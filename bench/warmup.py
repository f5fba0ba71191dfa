"""IMAP client for bench/warmup.sh (loopback only, bounded loops).

  warmup.py stdio-appends N   IMAP commands appending N small messages, for `satchel imap-stdio` (PREAUTH)
  warmup.py warmup PORT PID   two rounds of 1,000 logins then 1,000 FETCHes; prints wall times and the
                              server's CPU seconds (user + system, from /proc), which the machine's load
                              disturbs less than wall times
  warmup.py burst PORT        4 clients APPEND 2,000 messages of ~24 KiB, then one FETCHes them all
"""
import imaplib
import os
import sys
import threading
import time


def message(i, size=600):
    body = ("Line %d of a message that fills the body up to its size.\r\n" % i) * (size // 60)
    return ("From: Bench <bench@example.org>\r\nTo: bench@example.org\r\nSubject: message %d\r\n"
            "Message-ID: <%d@example.org>\r\nContent-Type: text/plain\r\n\r\n%s" % (i, i, body)).encode()


def stdio_appends(n):
    out = sys.stdout.buffer
    for i in range(n):
        m = message(i)
        out.write(b"a%d APPEND INBOX {%d+}\r\n" % (i, len(m)) + m + b"\r\n")
    out.write(b"z LOGOUT\r\n")


ROUNDS = int(os.environ.get("ROUNDS", "2"))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warmup(port, pid):
    results = ["start-up %.2f CPU s" % cpu_seconds(pid)]
    for rnd in range(1, ROUNDS + 1):
        cpu0 = cpu_seconds(pid)
        t0 = time.perf_counter()
        for _ in range(1000):
            c = imaplib.IMAP4("127.0.0.1", port)
            c.login("bench", "bench-secret")
            c.logout()
        t1 = time.perf_counter()
        c = imaplib.IMAP4("127.0.0.1", port)
        c.login("bench", "bench-secret")
        typ, data = c.select("INBOX")
        count = int(data[0])
        t2 = time.perf_counter()
        for i in range(1000):
            typ, _ = c.fetch(str(i % count + 1), "(FLAGS BODY.PEEK[])")
            assert typ == "OK"
        t3 = time.perf_counter()
        c.logout()
        results.append("round %d: 1,000 logins %.2f s, 1,000 FETCHes %.2f s, server %.2f CPU s"
                       % (rnd, t1 - t0, t3 - t2, cpu_seconds(pid) - cpu0))
    return "; ".join(results)


def burst(port):
    def client(k):
        c = imaplib.IMAP4("127.0.0.1", port)
        c.login("bench", "bench-secret")
        for i in range(500):
            typ, _ = c.append("INBOX", None, None, message(k * 1000 + i, 24 * 1024))
            assert typ == "OK"
        c.logout()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    c = imaplib.IMAP4("127.0.0.1", port)
    c.login("bench", "bench-secret")
    c.select("INBOX")
    typ, _ = c.fetch("1:*", "(FLAGS ENVELOPE BODY.PEEK[])")
    assert typ == "OK"
    c.logout()


if __name__ == "__main__":
    cmd, arg = sys.argv[1], int(sys.argv[2])
    pid = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if cmd == "stdio-appends":
        stdio_appends(arg)
    elif cmd == "warmup":
        print(warmup(arg, pid))
    elif cmd == "burst":
        burst(arg)
