package io.coterie.compat.faults;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.sim.history.Op;
import io.coterie.sim.history.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.IntFunction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Client threads doing read-then-maybe-write on registers: each picks a key and a node at random, reads it (recorded),
 * and half the time writes a value never written before over that read's context (recorded with the read as its
 * context). Keys rotate every {@link #KEY_ROTATION_MS} so no key's history grows without bound in a long run.
 *
 * <p>Outcomes: a reply is ok; an error reply (NOQUORUM...) or a failure to connect is fail (the request was refused,
 * or never sent); a timeout or a connection lost mid-request is unknown.
 */
final class Workload {

    static final int KEYS = 8;
    static final long KEY_ROTATION_MS = 15_000;
    private static final long THINK_MS = 5;
    private static final JedisClientConfig CLIENT_CONFIG = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(1_000).socketTimeoutMillis(5_000).build();

    private final KvApi api;
    private final SharedHistory history;
    private final IntFunction<ServerProcess> nodes;
    private final int nodeCount;
    private final int clients;
    private final boolean oneWriterPerKey;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    Workload(KvApi api, SharedHistory history, IntFunction<ServerProcess> nodes, int nodeCount, int clients,
             boolean oneWriterPerKey, long seed) {
        this.api = api;
        this.history = history;
        this.nodes = nodes;
        this.nodeCount = nodeCount;
        this.clients = clients;
        this.oneWriterPerKey = oneWriterPerKey;
        this.seed = seed;
    }

    void start() {
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> new Client(client).run(), "fault-client-" + c);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the clients; each finishes its operation in flight (bounded by the socket timeout). */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    static Jedis connect(ServerProcess node) {
        Jedis jedis = new Jedis(new HostAndPort(node.host(), node.port()), CLIENT_CONFIG);
        jedis.connect();
        return jedis;
    }

    private final class Client {
        private final int id;
        private final Random random;
        private final Jedis[] connections = new Jedis[nodeCount];
        private long written;

        Client(int id) {
            this.id = id;
            this.random = new Random(seed * 1_000 + id);
        }

        void run() {
            try {
                while (!stopped) {
                    int keyIndex = random.nextInt(KEYS);
                    String key = "g" + history.nowMs() / KEY_ROTATION_MS + "k" + keyIndex;
                    int node = random.nextInt(nodeCount);
                    boolean write = (!oneWriterPerKey || keyIndex % clients == id) && random.nextBoolean();
                    ReadAt seen = read(node, key);
                    if (seen != null && write) {
                        write(node, key, seen);
                    }
                    Thread.sleep(THINK_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (Jedis j : connections) {
                    if (j != null) {
                        j.close();
                    }
                }
            }
        }

        private ReadAt read(int node, String key) {
            long op = history.invoke(id, new Op.Read(key));
            Jedis jedis = connection(node, op);
            if (jedis == null) {
                return null;
            }
            try {
                KvApi.Read seen = api.read(jedis, key);
                history.complete(op, new Outcome.ReadOk(seen.values()));
                return new ReadAt(op, seen);
            } catch (RuntimeException e) {
                failed(node, op, e);
                return null;
            }
        }

        /** Writes a fresh value over what {@code seen} saw, recorded with that read as its context. */
        private void write(int node, String key, ReadAt seen) {
            String value = "c" + id + "-" + written++;
            long op = history.invoke(id, new Op.Write(key, value, OptionalLong.of(seen.op())));
            Jedis jedis = connection(node, op);
            if (jedis == null) {
                return;
            }
            try {
                api.write(jedis, key, seen.seen(), value);
                history.complete(op, new Outcome.Ok());
            } catch (RuntimeException e) {
                failed(node, op, e);
            }
        }

        /** The node's connection, opened if needed; null (the operation recorded as failed) if it cannot be. */
        private Jedis connection(int node, long op) {
            if (connections[node] == null) {
                try {
                    connections[node] = connect(nodes.apply(node));
                } catch (RuntimeException e) {
                    history.complete(op, new Outcome.Fail("cannot connect to node " + node + ": " + e.getMessage()));
                    return null;
                }
            }
            return connections[node];
        }

        private void failed(int node, long op, RuntimeException e) {
            if (e instanceof JedisDataException) {
                history.complete(op, new Outcome.Fail(String.valueOf(e.getMessage())));
                return;
            }
            history.complete(op, new Outcome.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage()));
            connections[node].close();
            connections[node] = null;
        }
    }

    /** A successful read: its history id and what it saw. */
    private record ReadAt(long op, KvApi.Read seen) {
    }
}
