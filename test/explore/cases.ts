/**
 * The snippets of issue 19's "Done when", each with the verdict the explorer must give. Small loops keep
 * one schedule short; the races need no more than a few iterations to show.
 */

export const lostUpdate = `import threading

counter = 0

def work():
    global counter
    for _ in range(50):
        counter += 1

threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
`;

export const attributeReadThenWrite = `import threading

class Account:
    def __init__(self):
        self.balance = 100

    def withdraw(self, amount):
        if self.balance >= amount:
            current = self.balance
            self.balance = current - amount
            return True
        return False

account = Account()
results = []
workers = [threading.Thread(target=lambda: results.append(account.withdraw(80))) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(sorted(results), account.balance)
`;

export const dictCheckThenAct = `import threading

cache = {}
computed = []

def get(key):
    if key not in cache:
        computed.append(key)
        cache[key] = key.upper()
    return cache[key]

threads = [threading.Thread(target=get, args=("a",)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("computed", len(computed), "times")
`;

export const twoLockDeadlock = `import threading

fork = threading.Lock()
knife = threading.Lock()

def left():
    with fork:
        with knife:
            pass

def right():
    with knife:
        with fork:
            pass

a = threading.Thread(target=left)
b = threading.Thread(target=right)
a.start(); b.start()
a.join(); b.join()
print("done")
`;

export const twoLocksInOrder = `import threading

fork = threading.Lock()
knife = threading.Lock()
counter = 0

def worker():
    global counter
    for _ in range(50):
        with fork:
            with knife:
                counter += 1

threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
`;

export const queueWithPoisonPills = `import threading, queue

jobs = queue.Queue()
total = []
lock = threading.Lock()

def consumer():
    while True:
        item = jobs.get()
        if item is None:
            break
        with lock:
            total.append(item * 2)

workers = [threading.Thread(target=consumer) for _ in range(2)]
for w in workers:
    w.start()
for n in range(10):
    jobs.put(n)
for _ in workers:
    jobs.put(None)
for w in workers:
    w.join()
print(sum(total))
`;

export const threadPoolCounter = `from concurrent.futures import ThreadPoolExecutor

hits = 0

def hit(_):
    global hits
    seen = hits
    hits = seen + 1

with ThreadPoolExecutor(max_workers=3) as pool:
    list(pool.map(hit, range(6)))
print(hits)
`;

export const conditionHandOff = `import threading

items = []
ready = threading.Condition()

def producer():
    for n in range(3):
        with ready:
            items.append(n)
            ready.notify()

def consumer(out):
    got = 0
    while got < 3:
        with ready:
            if not items:
                ready.wait()
            out.append(items.pop(0))
            got += 1

out = []
c = threading.Thread(target=consumer, args=(out,))
p = threading.Thread(target=producer)
c.start(); p.start()
p.join(); c.join()
print(out)
`;

export const asyncioCounter = `import asyncio

counter = 0

async def bump():
    global counter
    for _ in range(3):
        value = counter
        await asyncio.sleep(0)
        counter = value + 1

async def main():
    await asyncio.gather(bump(), bump())
    print(counter)

asyncio.run(main())
`;

export const asyncioCounterWithLock = `import asyncio

counter = 0

async def bump(lock):
    global counter
    for _ in range(3):
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(bump(lock), bump(lock))
    print(counter)

asyncio.run(main())
`;

/** Every case of the "Done when" with its verdict: the deep check (`npm run bench -- --only explor`) runs them all. */
export const doneWhenCases: readonly {
  readonly name: string;
  readonly code: string;
  readonly verdict: "race" | "deadlock" | "single";
}[] = [
  { name: "lost update", code: lostUpdate, verdict: "race" },
  { name: "attribute read-then-write", code: attributeReadThenWrite, verdict: "race" },
  { name: "dict check-then-act", code: dictCheckThenAct, verdict: "race" },
  { name: "two-lock deadlock", code: twoLockDeadlock, verdict: "deadlock" },
  { name: "two locks in one order", code: twoLocksInOrder, verdict: "single" },
  { name: "queue with poison pills", code: queueWithPoisonPills, verdict: "single" },
  { name: "ThreadPoolExecutor read-then-write", code: threadPoolCounter, verdict: "race" },
  { name: "Condition hand-off", code: conditionHandOff, verdict: "single" },
  { name: "asyncio counter", code: asyncioCounter, verdict: "race" },
  { name: "asyncio.Lock counter", code: asyncioCounterWithLock, verdict: "single" },
];
