#!/usr/bin/env python3
"""Records RedisGoldenTest's golden file by running scripted and seeded-random string/key commands
against a real redis-server (7.0.15 was used) on 127.0.0.1:PORT:

    redis-server --port 17190 --save '' --appendonly no &
    python3 record_golden.py 17190 > redis-7.0.15-golden.txt

Each output line is "<command> => <reply>". Words are separated by single spaces; '' is the empty
word and '...' quotes a word containing spaces. Replies use RecordingRespWriter.Reply's toString.
Relative expiries make EXPIRETIME/PEXPIRETIME depend on the recording time, so the first line
records the server's clock (# clock-ms) and the replay allows the drift of the recording run.
"""
import itertools
import random
import socket
import sys


class Redis:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def call(self, words):
        args = [w.encode() for w in words]
        msg = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
        self.sock.sendall(msg)
        return self.read()

    def read(self):
        line = self.file.readline()[:-2]
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-", b":"):
            return kind.decode() + rest.decode()
        if kind == b"$":
            n = int(rest)
            return "(nil)" if n < 0 else quote(self.file.read(n + 2)[:-2])
        n = int(rest)
        return "*-1" if n < 0 else "[" + ", ".join(self.read() for _ in range(n)) + "]"


def quote(data):
    out = '"'
    for c in data:
        if c in (34, 92):
            out += "\\" + chr(c)
        elif 0x20 <= c < 0x7F:
            out += chr(c)
        else:
            out += "\\x%02x" % c
    return out + '"'


def split(line):
    words, i = [], 0
    while i < len(line):
        if line[i] == "'":
            j = line.index("'", i + 1)
            words.append(line[i + 1:j])
            i = j + 2
        else:
            j = line.find(" ", i)
            j = len(line) if j < 0 else j
            words.append(line[i:j])
            i = j + 1
    return words


HAND_WRITTEN = """
FLUSHALL
SET k v
SET k v NX
SET k v XX GET
SET k v EX 10 PX 10
SET k v PXAT 1
EXISTS k
SET k 10
INCRBY k -20
DECRBY k -9223372036854775808
INCRBY k 9223372036854775807
SET f 1.5
INCRBYFLOAT f 2.25
INCRBYFLOAT f 1e10
INCRBYFLOAT f 0.333333333333333333333
INCRBYFLOAT f -3000000000.33333333
INCRBYFLOAT g 0x1.8p1
INCRBYFLOAT g 12345678901234567890.123
INCRBYFLOAT h 2.718281828459045235360287
INCRBYFLOAT h 4.9e-17
INCRBYFLOAT i 1e25
INCRBYFLOAT i 1.1
INCRBYFLOAT m 1e4931
INCRBYFLOAT m 1e4931
INCRBYFLOAT n 3.6e-4951
INCRBYFLOAT n 1e-4940
INCRBYFLOAT o 1e-4950
INCRBYFLOAT p 0x1p-16445
INCRBYFLOAT p 0x1p-16446
INCRBYFLOAT q 0x1p16383
INCRBYFLOAT q 0x1p16384
INCRBYFLOAT f nan
INCRBYFLOAT f -inf
SET s1 a
SET s2 b
RENAME s1 s3
RENAMENX s3 s2
RENAMENX s3 s4
MGET s1 s2 s3 s4
SCAN 0 COUNT 0
SCAN abc
SCAN -1 COUNT 0
FLUSHALL
RANDOMKEY
SCAN 0
SET x 1
SCAN 0 TYPE STRING
SCAN 0 TYPE hash
SCAN ''
SET n 007
INCR n
GETRANGE zz 0 -1
APPEND zz ''
EXISTS zz
"""

VALUES = ["", "0", "1", "-1", "10", "1.5", "abc", "9223372036854775807", "-9223372036854775808", "0.1",
          "1e3", " 1", "007", "-0", "3.0", "1e400", "-2.5", "x" * 20]
NUMBERS = ["0", "1", "-1", "5", "100", "-100", "9223372036854775807", "-9223372036854775808", "abc", "1.5", "",
           "4102444800", "4102444800000", "2", "3"]
# Relative times stay far from 0 so that the recording's real clock and the replay's fixed one agree.
RELATIVE = ["0", "-1", "100000", "abc", "9223372036854775807", "1.5", "-9223372036854775808", "9223372036854775"]
ABSOLUTE = ["4102444800", "4102444800000", "1", "-5", "0", "abc", "9223372036854775807", "4102444900"]
SET_OPTIONS = ["NX", "XX", "GET", "KEEPTTL", "EX 100", "PX 100000", "EXAT 4102444800", "PXAT 4102444800000",
               "PXAT 1", "EX 0"]


def word(s):
    return "'" + s + "'" if s == "" or " " in s else s


def random_commands(rnd, count):
    k = lambda: word(rnd.choice(["a", "b", "c", "d", ""]))
    v = lambda: word(rnd.choice(VALUES))
    n = lambda: word(rnd.choice(NUMBERS))
    several = lambda f, lo, hi: " ".join(f() for _ in range(rnd.randint(lo, hi)))
    generators = [
        lambda: f"GET {k()}",
        lambda: f"SET {k()} {v()} " + " ".join(rnd.sample(SET_OPTIONS, rnd.randint(0, 2))),
        lambda: f"SETNX {k()} {v()}",
        lambda: f"{rnd.choice(['SETEX', 'PSETEX'])} {k()} {rnd.choice(RELATIVE)} {v()}",
        lambda: f"GETSET {k()} {v()}",
        lambda: f"GETDEL {k()}",
        lambda: f"GETEX {k()} " + rnd.choice(["", "PERSIST", "EX 100", "PXAT 1", "EXAT 4102444800", "EX 0", "PX abc"]),
        lambda: "MGET " + several(k, 1, 4),
        lambda: "MSET " + several(lambda: f"{k()} {v()}", 1, 3),
        lambda: "MSETNX " + several(lambda: f"{k()} {v()}", 1, 3),
        lambda: f"APPEND {k()} {v()}",
        lambda: f"STRLEN {k()}",
        lambda: f"GETRANGE {k()} {n()} {n()}",
        lambda: f"SETRANGE {k()} {rnd.choice(['0', '1', '3', '-1', 'abc', '10'])} {v()}",
        lambda: f"{rnd.choice(['INCR', 'DECR'])} {k()}",
        lambda: f"{rnd.choice(['INCRBY', 'DECRBY'])} {k()} {n()}",
        lambda: f"INCRBYFLOAT {k()} {word(rnd.choice(NUMBERS + VALUES))}",
        lambda: f"{rnd.choice(['DEL', 'UNLINK', 'EXISTS', 'TOUCH'])} " + several(k, 1, 3),
        lambda: f"TYPE {k()}",
        lambda: f"{rnd.choice(['EXPIRE', 'PEXPIRE'])} {k()} {rnd.choice(RELATIVE)} "
                + " ".join(rnd.sample(["NX", "XX", "GT", "LT"], rnd.randint(0, 2))),
        lambda: f"{rnd.choice(['EXPIREAT', 'PEXPIREAT'])} {k()} {rnd.choice(ABSOLUTE)} "
                + " ".join(rnd.sample(["NX", "XX", "GT", "LT"], rnd.randint(0, 2))),
        lambda: f"{rnd.choice(['PERSIST', 'EXPIRETIME', 'PEXPIRETIME'])} {k()}",
        lambda: f"{rnd.choice(['RENAME', 'RENAMENX'])} {k()} {k()}",
    ]
    return ["FLUSHALL"] + [rnd.choice(generators)().strip() for _ in range(count)]


def option_combinations(rnd, count):
    tokens = ["NX", "XX", "GET", "KEEPTTL", "EX 10", "PX 100000", "EXAT 4102444800", "PXAT 4102444800000",
              "PERSIST", "EX", "FOO", "ex 0", "PXAT 1"]
    combos = [c for n in range(4) for c in itertools.product(tokens, repeat=n)]
    lines = []
    for combo in rnd.sample(combos, count):
        opts = " ".join(combo)
        lines += ["FLUSHALL", "SET k old EXAT 4102444900", f"SET k v {opts}".strip(), "GET k", "EXPIRETIME k",
                  f"GETEX k {opts}".strip(), "EXPIRETIME k"]
    return lines


def main():
    redis = Redis(int(sys.argv[1]))
    rnd = random.Random(20261122)
    lines = [l for l in HAND_WRITTEN.strip().splitlines()] + option_combinations(rnd, 300) + random_commands(rnd, 4000)
    seconds, micros = redis.call(["TIME"])[1:-1].split(", ")
    print(f"# clock-ms {int(seconds.strip(chr(34))) * 1000 + int(micros.strip(chr(34))) // 1000}")
    for line in lines:
        print(f"{line} => {redis.call(split(line))}")


if __name__ == "__main__":
    main()
