# SPDX-License-Identifier: MIT
"""faultproxy: a TCP proxy on loopback that breaks connections, for tests.

  faultproxy.py LISTEN_PORT TARGET_PORT SEED CONTROL_FILE

Forwards 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT (TLS passes
through untouched). While CONTROL_FILE holds "faults", each connection
gets a fault drawn from SEED, in either direction: cut after K bytes
(both sides closed), reset after K bytes (RST), stall after K bytes for 2 s
then close, or none. Once the file holds "clean", connections pass
untouched. Prints one line per connection with its fault; runs until
killed.
"""
import asyncio
import random
import socket
import struct
import sys

FAULTS = ("none", "cut", "reset", "stall")


def reset(w):
    sock = w.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
    w.close()


async def pump(r, w, budget, fault):
    """Copies r to w; after budget bytes applies fault. True: broke it."""
    sent = 0
    while True:
        data = await r.read(16384)
        if not data:
            w.close()
            return False
        if fault != "none" and sent + len(data) > budget:
            w.write(data[:max(0, budget - sent)])
            if fault == "stall":
                await asyncio.sleep(2)
            if fault == "reset":
                reset(w)
            else:
                w.close()
            return True
        w.write(data)
        await w.drain()
        sent += len(data)


async def main(listen, target, seed, control):
    rng = random.Random(seed)
    counter = [0]

    async def handle(cr, cw):
        counter[0] += 1
        try:
            mode = open(control).read().strip()
        except OSError:
            mode = "faults"
        fault = rng.choice(FAULTS) if mode == "faults" else "none"
        up = rng.random() < 0.5          # which direction breaks
        budget = int(10 ** rng.uniform(2, 6.3))  # after how many bytes
        print("conn %d %s %s %d" % (counter[0], fault,
                                    "up" if up else "down", budget),
              flush=True)
        try:
            sr, sw = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            cw.close()
            return
        a = pump(cr, sw, budget, fault if up else "none")
        b = pump(sr, cw, budget, "none" if up else fault)
        done, pending = await asyncio.wait(
            [asyncio.ensure_future(a), asyncio.ensure_future(b)],
            return_when=asyncio.FIRST_COMPLETED)
        broke = any(not t.cancelled() and t.exception() is None and t.result()
                    for t in done)
        if broke:
            reset(cw) if fault == "reset" else cw.close()
            reset(sw) if fault == "reset" else sw.close()
        try:
            await asyncio.wait_for(asyncio.gather(*pending,
                                                  return_exceptions=True), 30)
        except asyncio.TimeoutError:
            pass
        cw.close()
        sw.close()

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                     sys.argv[4]))
