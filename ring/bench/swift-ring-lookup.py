#!/usr/bin/python3
# The same ring and lookups as RingLookupBenchmark, on OpenStack Swift's own ring code, for a
# side-by-side number. Needs Debian's python3-swift (apt-get install python3-swift); run it in an
# empty directory: it writes object.ring.gz there.
import time, timeit
from swift.common.ring import RingBuilder, Ring
from swift.common import utils
utils.HASH_PATH_PREFIX = b''
utils.HASH_PATH_SUFFIX = b'bench-suffix'
b = RingBuilder(18, 3, 1)
i = 0
for zone in range(1, 5):
    for host in range(3):
        for disk in range(4):
            b.add_dev({'id': i, 'region': 1, 'zone': zone, 'ip': '10.0.%d.%d' % (zone, host), 'port': 6200,
                       'device': 'sd' + 'abcd'[disk], 'weight': 100 + 50 * disk})
            i += 1
t = time.time(); b.rebalance(seed=42); print('swift rebalance s', round(time.time() - t, 2), 'balance', round(b.get_balance(), 3))
b.get_ring().save('object.ring.gz')
r = Ring('.', ring_name='object')
acct = 'AUTH_7c1f0a3e9b2d4f1a8e6d5c4b3a291807'
names = ['photos/2026/11/img_%d.jpg' % n for n in range(4096)]
n = 200000
k = [0]
def part():
    k[0] = (k[0] + 1) & 4095
    return r.get_part(acct, 'photos', names[k[0]])
def nodes():
    k[0] = (k[0] + 1) & 4095
    return r.get_nodes(acct, 'photos', names[k[0]])
def handoff():
    k[0] = (k[0] + 1) & 4095
    p = r.get_part(acct, 'photos', names[k[0]])
    return next(r.get_more_nodes(p))
for f, cnt in ((part, n), (nodes, n), (handoff, 20000)):
    best = min(timeit.repeat(f, number=cnt, repeat=5))
    print(f.__name__, round(best / cnt * 1e9), 'ns/op')
