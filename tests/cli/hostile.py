# SPDX-License-Identifier: MIT
"""hostile: unauthenticated clients against a real hub, for the tests.

Loopback only: every connection goes from an address in 127.0.0.0/8 to
127.0.0.1. Each mode is bounded by its arguments and exits on its own.

  hostile.py slow PORT ADDRS PER_ADDR IDLE INTERVAL SECONDS
      ADDRS x PER_ADDR TLS connections (one source address each ADDR),
      each sending one header line every INTERVAL seconds and never
      finishing its headers, plus IDLE TCP connections that never start
      TLS, each opened again when the hub closes it; prints "open N" once
      all are open, then after SECONDS the counts: connections made, how
      many the hub refused or closed, the longest any lived, and how many
      were still open at the end and the oldest of them.
  hostile.py flood PORT KEY N SECONDS
      N concurrent pushes signed with a member's public KEY (base64) but a
      made-up signature, each declaring SYNC_LIMIT_BODY bytes and sending
      all but the last byte, then holding for SECONDS; prints "sent N"
      once all are as far as the hub lets them get, and the answers.
  hostile.py busy PORT ADDRS PER_ADDR BIG SECONDS
      ADDRS x PER_ADDR TLS connections that each ask GET /v1/info once a
      second on one kept-alive connection, opened again when the hub
      closes it, plus BIG connections that send a 1 MiB header line;
      prints "open N" once all are open, then after SECONDS: requests
      sent and answered, connections the hub refused or closed, and how
      the oversized headers were answered.
  hostile.py dupcl PORT
      One push with two different Content-Length headers; prints the
      status line of the answer.
"""
import asyncio
import base64
import os
import ssl
import sys
import time

BODY = 8 * 1024 * 1024  # SYNC_LIMIT_BODY


def make_tls():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


TLS = make_tls()
ATTEMPTS = []  # one item per connection attempt
STILL = []  # ages of the connections still open at the end
OPENING = None  # bounds the handshakes under way at once (set in slow)


def source(i):
    """The i-th source address, from 127.0.1.1 on."""
    return "127.0.%d.%d" % (1 + i // 250, 1 + i % 250)


async def open_conn(port, src, use_tls):
    return await asyncio.wait_for(asyncio.open_connection(
        "127.0.0.1", port, ssl=TLS if use_tls else None,
        local_addr=(src, 0)), 10)


async def slow_one(port, src, use_tls, interval, stop, ready, closed):
    """Holds one slow connection; when the hub closes it, opens another."""
    first = True
    while time.monotonic() < stop:
        try:
            async with OPENING:
                start = time.monotonic()
                ATTEMPTS.append(start)
                r, w = await open_conn(port, src, use_tls)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            closed.append(-1.0)  # refused or dropped before it was open
            if first:
                ready.release()
                return
            await asyncio.sleep(0.5)
            continue
        if first:
            ready.release()
            first = False
        if use_tls:
            w.write(b"POST /v1/push HTTP/1.1\r\nHost: hub\r\n")
        try:
            while time.monotonic() < stop:
                try:
                    data = await asyncio.wait_for(r.read(4096), interval)
                    if not data:
                        break  # the hub closed it
                except asyncio.TimeoutError:
                    if use_tls:
                        w.write(b"X-Slow: 1\r\n")
                        await w.drain()
            else:
                STILL.append(time.monotonic() - start)
                w.close()
                return
        except (OSError, ssl.SSLError):
            pass
        closed.append(time.monotonic() - start)
        w.close()


async def slow(port, addrs, per_addr, idle, interval, seconds):
    global OPENING
    OPENING = asyncio.Semaphore(32)
    stop = time.monotonic() + seconds
    closed = []
    ready = asyncio.Semaphore(0)
    tasks = []
    for a in range(addrs):
        for _ in range(per_addr):
            tasks.append(asyncio.create_task(slow_one(
                port, source(a), True, interval, stop, ready, closed)))
    for i in range(idle):
        # 8 per address: the hub's per-address limit.
        tasks.append(asyncio.create_task(slow_one(
            port, source(addrs + i // 8), False, interval, stop, ready,
            closed)))
    for _ in tasks:
        await ready.acquire()
    print("open %d" % (len(tasks) - closed.count(-1.0)), flush=True)
    await asyncio.gather(*tasks)
    lived = sorted(c for c in closed if c >= 0)
    print("connections %d refused %d closed %d max_lived %.1f "
          "still_open %d max_open %.1f" % (
              len(ATTEMPTS), closed.count(-1.0), len(lived),
              lived[-1] if lived else 0.0, len(STILL),
              max(STILL) if STILL else 0.0), flush=True)


async def flood_one(port, i, key, seconds, results):
    nonce = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    sig = base64.urlsafe_b64encode(os.urandom(64)).decode().rstrip("=")
    head = ("POST /v1/push HTTP/1.1\r\nHost: hub\r\n"
            "Spona-Key: %s\r\nSpona-Time: %d\r\nSpona-Nonce: %s\r\n"
            "Spona-Signature: %s\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (key, int(time.time() * 1000),
                                            nonce, sig, BODY))
    try:
        r, w = await open_conn(port, source(i // 8), True)
        w.write(head.encode())
        chunk = b" " * 65536
        left = BODY - 1
        while left > 0:
            n = min(left, len(chunk))
            w.write(chunk[:n])
            await asyncio.wait_for(w.drain(), 10)
            left -= n
        results[i] = "held"
    except (OSError, asyncio.TimeoutError, ssl.SSLError):
        results[i] = "closed"
        return
    try:
        answer = await asyncio.wait_for(r.read(200), seconds)
        results[i] = answer.split(b"\r\n")[0].decode() or "closed"
    except asyncio.TimeoutError:
        pass
    except (OSError, ssl.SSLError):
        results[i] = "closed"
    w.close()


async def flood(port, key, n, seconds):
    results = {}
    tasks = [asyncio.create_task(flood_one(port, i, key, seconds, results))
             for i in range(n)]
    while len(results) < n:
        await asyncio.sleep(0.1)
    print("sent %d" % n, flush=True)
    await asyncio.gather(*tasks)
    kinds = list(results.values())
    for kind in sorted(set(kinds)):
        print("%d %s" % (kinds.count(kind), kind), flush=True)


async def dupcl(port):
    r, w = await open_conn(port, source(0), True)
    w.write(b"POST /v1/push HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\n"
            b"Content-Length: 40\r\n\r\n{}")
    line = await asyncio.wait_for(r.readline(), 10)
    print(line.decode().strip() or "closed", flush=True)
    w.close()


async def busy_one(port, src, stop, ready, counts):
    """A client that asks /v1/info once a second on a kept-alive
    connection; opens another when the hub closes it."""
    first = True
    while time.monotonic() < stop:
        try:
            async with OPENING:
                r, w = await open_conn(port, src, True)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            counts["refused"] += 1
            if first:
                ready.release()
                first = False
            await asyncio.sleep(0.5)
            continue
        if first:
            ready.release()
            first = False
        try:
            while time.monotonic() < stop:
                w.write(b"GET /v1/info HTTP/1.1\r\nHost: hub\r\n\r\n")
                await w.drain()
                counts["sent"] += 1
                head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 10)
                size = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        size = int(line.split(b":")[1])
                await asyncio.wait_for(r.readexactly(size), 10)
                counts["answered"] += 1
                await asyncio.sleep(1)
        except (OSError, ssl.SSLError, asyncio.TimeoutError,
                asyncio.IncompleteReadError, ValueError):
            pass
        counts["closed"] += 1
        w.close()


async def big_one(port, src, counts):
    """One request whose header line is 1 MiB long."""
    try:
        r, w = await open_conn(port, src, True)
        w.write(b"GET /v1/info HTTP/1.1\r\nX-Big: " + b"a" * (1 << 20) +
                b"\r\n\r\n")
        await asyncio.wait_for(w.drain(), 10)
        line = await asyncio.wait_for(r.readline(), 10)
        counts["big_" + (line.split(b" ")[1].decode() if line else "closed")] \
            = counts.get("big_" + (line.split(b" ")[1].decode()
                                   if line else "closed"), 0) + 1
        w.close()
    except (OSError, ssl.SSLError, asyncio.TimeoutError, IndexError):
        counts["big_closed"] = counts.get("big_closed", 0) + 1


async def busy(port, addrs, per_addr, big, seconds):
    global OPENING
    OPENING = asyncio.Semaphore(32)
    stop = time.monotonic() + seconds
    counts = {"sent": 0, "answered": 0, "refused": 0, "closed": 0}
    ready = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(busy_one(port, source(a), stop, ready,
                                          counts))
             for a in range(addrs) for _ in range(per_addr)]
    for _ in tasks:
        await ready.acquire()
    print("open %d" % (len(tasks) - counts["refused"]), flush=True)
    await asyncio.gather(*[big_one(port, source(addrs + i), counts)
                           for i in range(big)])
    await asyncio.gather(*tasks)
    print(" ".join("%s %d" % kv for kv in sorted(counts.items())),
          flush=True)


def main(argv):
    mode, port = argv[1], int(argv[2])
    if mode == "slow":
        a = [int(x) for x in argv[3:7]]
        asyncio.run(slow(port, a[0], a[1], a[2], a[3], float(argv[7])))
    elif mode == "flood":
        asyncio.run(flood(port, argv[3], int(argv[4]), float(argv[5])))
    elif mode == "busy":
        a = [int(x) for x in argv[3:6]]
        asyncio.run(busy(port, a[0], a[1], a[2], float(argv[6])))
    elif mode == "dupcl":
        asyncio.run(dupcl(port))
    else:
        sys.exit("hostile: unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
