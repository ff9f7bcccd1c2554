package io.coterie.sim.coord;

import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.server.command.Session;
import io.coterie.sim.SimHost;
import io.coterie.sim.Simulation;
import io.coterie.sim.history.History;
import io.coterie.sim.history.Op;
import io.coterie.sim.history.Outcome;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Closed-loop Redis clients of the simulated cluster. Each picks a random node and key and sends, over a fresh
 * connection, {@code CL <level> <command>} — VGET (all siblings), VSET with the context of its own last VGET of the
 * key, VSET with an empty context (a blind write: a new sibling), VDEL with a context, or GET — at QUORUM mostly,
 * sometimes ONE or ALL; on plain keys ({@link #PLAIN_PREFIX}) VGET, GET, SET and DEL instead. Records invocation
 * and completion in the {@link History} (an error reply is a failure; a failed forward, or no reply within the client
 * timeout, is unknown), thinks a little, and goes again. Values are unique.
 */
final class CoordClients {

    /** One-way latency between a client and the node it talks to (a local connection, never partitioned). */
    static final long CLIENT_LINK_MS = 1;
    static final long THINK_MAX_MS = 150;
    /** Keys that take plain SET, GET and DEL instead of VSET and VDEL. */
    static final String PLAIN_PREFIX = "p";

    private record Seen(long readId, byte[] context) {
    }

    private final Simulation sim;
    private final History history;
    private final RandomGenerator random;
    private final List<String> keys;
    private final long timeoutMs;
    private final Map<Integer, Map<String, Seen>> lastRead = new HashMap<>();
    /** Each operation's level, resolved against N: what the checker's quorum-intersection rule needs. */
    private final Map<Long, Integer> required = new HashMap<>();
    private final int replicas;
    private final int[] written;
    private long stopAtMs;

    CoordClients(Simulation sim, History history, RandomGenerator random, int clients, List<String> keys, int replicas,
                 long timeoutMs) {
        this.sim = sim;
        this.history = history;
        this.random = random;
        this.keys = List.copyOf(keys);
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
        this.written = new int[clients];
    }

    /** Replicas an operation's level asked for (absent for the final reads). */
    int requiredOf(long opId) {
        return required.getOrDefault(opId, replicas);
    }

    /** Starts every client; none invokes anything at or after {@code untilMs}. */
    void runUntil(long untilMs) {
        this.stopAtMs = untilMs;
        for (int c = 0; c < written.length; c++) {
            int client = c;
            lastRead.put(client, new HashMap<>());
            sim.loop().after(random.nextLong(THINK_MAX_MS), "client " + client + " starts", () -> next(client));
        }
    }

    private void next(int client) {
        if (sim.nowMs() >= stopAtMs) {
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        Seen seen = lastRead.get(client).get(key);
        ConsistencyLevel level = level();
        double dice = random.nextDouble();
        Op op;
        List<byte[]> command = new ArrayList<>();
        if (key.startsWith(PLAIN_PREFIX)) {
            op = plain(client, key, dice, command);
        } else if (dice < 0.35 || (dice >= 0.85 && seen == null)) {
            op = new Op.Read(key);
            command.addAll(words("VGET", key));
        } else if (dice < 0.75) {
            String value = "c" + client + "-" + (++written[client]);
            boolean blind = seen == null || dice >= 0.68;
            op = new Op.Write(key, value, blind ? OptionalLong.empty() : OptionalLong.of(seen.readId()));
            command.addAll(words("VSET", key));
            command.add(blind ? new byte[0] : seen.context());
            command.add(bytes(value));
        } else if (dice < 0.85) {
            op = new Op.Read(key, false);
            command.addAll(words("GET", key));
        } else {
            op = new Op.Delete(key, OptionalLong.of(seen.readId()));
            command.addAll(words("VDEL", key));
            command.add(seen.context());
        }
        boolean lww = op instanceof Op.Read r && !r.allSiblings();
        long id = history.invoke(client, op, sim.nowMs());
        required.put(id, level.required(replicas));
        call(client, random.nextInt(sim.size()), level, command, reply -> {
            Outcome outcome = outcome(op, lww, reply);
            if (!lww && outcome instanceof Outcome.ReadOk && reply instanceof Reply.Array vget) {
                lastRead.get(client).put(key, new Seen(id, ((Reply.Bulk) vget.elements().get(0)).bytes()));
            }
            history.complete(id, outcome, sim.nowMs());
            sim.loop().after(random.nextLong(THINK_MAX_MS), "client " + client + " thinks", () -> next(client));
        });
    }

    /** Plain Redis commands on a plain key: VGET, GET, SET of a unique value, DEL. */
    private Op plain(int client, String key, double dice, List<byte[]> command) {
        if (dice < 0.25) {
            command.addAll(words("VGET", key));
            return new Op.Read(key);
        } else if (dice < 0.5) {
            command.addAll(words("GET", key));
            return new Op.Read(key, false);
        } else if (dice < 0.85) {
            String value = "c" + client + "-" + (++written[client]);
            command.addAll(words("SET", key, value));
            return new Op.Write(key, value, OptionalLong.empty(), true);
        }
        command.addAll(words("DEL", key));
        return new Op.Delete(key, OptionalLong.empty(), true);
    }

    private ConsistencyLevel level() {
        double dice = random.nextDouble();
        return dice < 0.8 ? ConsistencyLevel.QUORUM : dice < 0.9 ? ConsistencyLevel.ONE : ConsistencyLevel.ALL;
    }

    /**
     * Sends {@code CL level command} to node {@code target} over a new connection; {@code done} is called exactly once:
     * with the reply, or null when refused (crashed node) or unanswered within the client timeout. A reply after the
     * timeout is ignored, as a client that gave up ignores it.
     */
    void call(int client, int target, ConsistencyLevel level, List<byte[]> command, Consumer<Reply> done) {
        boolean[] completed = {false};
        Consumer<Reply> once = reply -> {
            if (!completed[0]) {
                completed[0] = true;
                done.accept(reply);
            }
        };
        List<byte[]> argv = new ArrayList<>(words("CL", level.text()));
        argv.addAll(command);
        SimHost host = sim.host(target);
        String what = new String(command.get(0), StandardCharsets.UTF_8) + " " + new String(command.get(1), StandardCharsets.UTF_8);
        sim.loop().after(CLIENT_LINK_MS, "client " + client + " > " + host + " " + what, () -> {
            boolean accepted = host.submit(() -> {
                CoordinatorSimNode node = sim.node(target, CoordinatorSimNode.class);
                Session session = node.connect(client);
                node.command(session, argv.toArray(new byte[0][]), bytes -> sim.loop().after(CLIENT_LINK_MS,
                        "reply " + host + " > client " + client, () -> once.accept(Reply.parse(bytes))));
            });
            if (!accepted) {
                once.accept(new Reply.Error("connection refused by " + host));
            }
        });
        sim.loop().after(timeoutMs, "client " + client + " timeout", () -> once.accept(null));
    }

    private Outcome outcome(Op op, boolean lww, Reply reply) {
        if (reply == null) {
            return new Outcome.Unknown("no reply within " + timeoutMs + " ms");
        }
        if (reply instanceof Reply.Error e) {
            // A forward that failed after it was sent may still run at the coordinator, later (docs/request-routing.md).
            return e.text().startsWith("ERR forward to ") ? new Outcome.Unknown(e.text()) : new Outcome.Fail(e.text());
        }
        if (lww) {
            String value = ((Reply.Bulk) reply).text();
            return new Outcome.ReadOk(value == null ? List.of() : List.of(value));
        }
        if (op instanceof Op.Read) {
            return new Outcome.ReadOk(values(reply));
        }
        return new Outcome.Ok();
    }

    /** VGET's {@code [context, [value…]]} values. */
    static List<String> values(Reply vget) {
        List<String> values = new ArrayList<>();
        for (Reply r : ((Reply.Array) ((Reply.Array) vget).elements().get(1)).elements()) {
            values.add(((Reply.Bulk) r).text());
        }
        return values;
    }

    static List<byte[]> words(String... words) {
        List<byte[]> out = new ArrayList<>(words.length);
        for (String w : words) {
            out.add(bytes(w));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
