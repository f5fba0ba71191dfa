#!/usr/bin/env python3
"""The read block of `bench/run.sh fetch` (FetchBench) on one mailbox, from a raw-socket client, with the server's CPU
split by thread (issue 11: what shares the cores while a fresh server answers its first body fetches).

  bench/read-split.py PORT USER MAILBOX PID [N]      (password "pass")

Steps as FetchBench: SELECT, FETCH 1:* (UID FLAGS), FETCH 1:* (UID), the envelope/bodystructure FETCH twice, N
sequential `UID FETCH n BODY.PEEK[]` (default 1,000), N random ones. At each step's end: wall time, the server's CPU
by thread group from /proc/PID/task/*/stat (C1, C2, GC/VM, the full-text indexer, the read pollers, the carriers of
virtual threads, other; for a process with children, as Dovecot's master, the children as "child"), the client's
own CPU and the server's context switches; a mark after the first 100 fetches of each kind. Then per-fetch wall
times (mean, p50/p90/p99, per 100). RND_FIRST=1 runs the random fetches first; MARKS=FILE appends each step's
wall-clock time to FILE (to split a -Xlog:jit+compilation log or a JFR recording by step).
"""
import os, random, socket, sys, time
port = int(sys.argv[1]); user = sys.argv[2]; mbox = sys.argv[3]; pid = int(sys.argv[4])
n = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
hz = os.sysconf('SC_CLK_TCK')

def group(name):
    if name.startswith('C2 Compiler'): return 'C2'
    if name.startswith('C1 Compiler'): return 'C1'
    if name.startswith('GC Thread') or name.startswith('G1') or name == 'VM Thread': return 'GC/VM'
    if 'indexer' in name: return 'indexer'
    if 'Poller' in name or 'poller' in name: return 'poller'
    if name.startswith('ForkJoinPool') or 'carrier' in name.lower(): return 'carriers'
    return 'other'

def pids_of(p):
    # the process and its children (Dovecot: imap processes under the master)
    out = [p]
    try:
        for t in os.listdir('/proc/%d/task' % p):
            try:
                for c in open('/proc/%d/task/%s/children' % (p, t)).read().split(): out += pids_of(int(c))
            except OSError: pass
    except OSError: pass
    return out

def snap():
    g = {}
    if pid <= 0: return g
    total = 0
    for p in pids_of(pid):
        try:
            s = open('/proc/%d/stat' % p).read()
            rest = s[s.rindex(')') + 2:].split()
            total += int(rest[11]) + int(rest[12]) + int(rest[13]) + int(rest[14])  # incl. waited-for children
        except OSError: pass
        try: tasks = os.listdir('/proc/%d/task' % p)
        except OSError: continue
        for t in tasks:
            try: s = open('/proc/%d/task/%s/stat' % (p, t)).read()
            except OSError: continue
            name = s[s.index('(') + 1:s.rindex(')')]
            rest = s[s.rindex(')') + 2:].split()
            k = group(name) if p == pid else 'child'
            g[k] = g.get(k, 0) + int(rest[11]) + int(rest[12])
    g['total'] = total
    return g

def diff(a, b):
    return {k: (b.get(k, 0) - a.get(k, 0)) / hz for k in set(a) | set(b) if b.get(k, 0) - a.get(k, 0)}

s = socket.create_connection(('127.0.0.1', port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = bytearray()
def readline():
    global buf
    while True:
        i = buf.find(b'\r\n')
        if i >= 0:
            l = bytes(buf[:i]); del buf[:i + 2]; return l
        d = s.recv(1 << 20)
        if not d: raise EOFError
        buf += d
def readn(k):
    global buf
    while len(buf) < k:
        d = s.recv(1 << 20)
        if not d: raise EOFError
        buf += d
    out = bytes(buf[:k]); del buf[:k]; return out
tagn = 0
def cmd(c, lines=None):
    global tagn
    tagn += 1
    tag = b'a%d' % tagn
    s.sendall(tag + b' ' + c.encode() + b'\r\n')
    nbytes = 0
    while True:
        l = readline(); nbytes += len(l) + 2
        while l.endswith(b'}'):
            k = int(l[l.rindex(b'{') + 1:-1]); readn(k); nbytes += k
            l = readline(); nbytes += len(l) + 2
        if l.startswith(tag + b' '):
            if not l.startswith(tag + b' OK'): raise RuntimeError(l)
            return nbytes
        if lines is not None: lines.append(l)

readline()
cmd('LOGIN %s pass' % user)
edges = []
def ctx():
    n = 0
    if pid <= 0: return 0
    for p_ in pids_of(pid):
        try: tasks = os.listdir('/proc/%d/task' % p_)
        except OSError: continue
        for t in tasks:
            try:
                for line in open('/proc/%d/task/%s/status' % (p_, t)):
                    if 'ctxt_switches' in line: n += int(line.split()[1])
            except OSError: pass
    return n
def edge(name):
    if os.environ.get('MARKS'): open(os.environ['MARKS'], 'a').write('%s %.6f\n' % (name, time.time()))
    edges.append((name, time.monotonic(), snap(), time.process_time(), ctx()))
edge('start')
cmd('SELECT ' + mbox); edge('select')
cmd('FETCH 1:* (UID FLAGS)'); edge('flags')
lines = []
cmd('FETCH 1:* (UID)', lines)
uids = []
for l in lines:
    i = l.find(b'UID ')
    if i >= 0: uids.append(int(l[i + 4:].split(b')')[0].split()[0]))
edge('uids')
E = 'FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)'
cmd(E); edge('env1')
cmd('FETCH 1:* (UID FLAGS)'); cmd(E); edge('env2')
res = {}
for kind in (('rnd', 'seq') if os.environ.get('RND_FIRST') else ('seq', 'rnd')):
    rnd = random.Random(99)
    lat = []; tot = 0
    t0 = time.monotonic()
    for i in range(min(n, len(uids))):
        u = uids[i] if kind == 'seq' else uids[rnd.randrange(len(uids))]
        a = time.perf_counter()
        tot += cmd('UID FETCH %d BODY.PEEK[]' % u)
        lat.append((time.perf_counter() - a) * 1e6)
        if i == 99: edge(kind + '100')
    el = time.monotonic() - t0
    res[kind] = (lat, tot, el)
    edge(kind)
edge('end')
s.close()

def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(q * len(xs)))]
print('load %s' % open('/proc/loadavg').read().split()[0:3])
for i in range(1, len(edges)):
    name, t, sn, pt, cx = edges[i]
    d = diff(edges[i - 1][2], sn)
    tot = d.pop('total', 0)
    parts = ' '.join('%s %.3f' % (k, v) for k, v in sorted(d.items(), key=lambda kv: -kv[1]))
    print('%-6s %7.1f ms  server CPU %.3f s  [%s]  client CPU %.3f s  server context switches %d' % (
        name, (t - edges[i - 1][1]) * 1000, tot, parts, pt - edges[i - 1][3], cx - edges[i - 1][4]))
for kind, (lat, tot, el) in res.items():
    k = len(lat)
    print('%s: %d fetches %.1f ms, %.1f MiB/s, per fetch mean %.0f us p50 %.0f p90 %.0f p99 %.0f max %.0f; by 100: %s' % (
        kind, k, el * 1000, tot / 1048576 / el, sum(lat) / k, pct(lat, .5), pct(lat, .9), pct(lat, .99), max(lat),
        ' '.join('%.0f' % (sum(lat[j:j + 100]) / 1000) for j in range(0, k, 100))))
    print('   first 100 by 10 (ms): %s; slowest: %s' % (' '.join('%.1f' % (sum(lat[j:j + 10]) / 1000) for j in range(0, 100, 10)),
        ' '.join('#%d %.1fms' % (j, lat[j] / 1000) for j in sorted(range(k), key=lambda j: -lat[j])[:6])))
