package io.coterie.sim.toykv;

import io.coterie.sim.SimHost;
import io.coterie.sim.Simulation;
import io.coterie.sim.history.History;
import io.coterie.sim.history.Op;
import io.coterie.sim.history.Outcome;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * Closed-loop clients of the toy store: each picks a random node and a random key, reads (VGET at R), writes with the
 * context of its own last read of the key (VSET), writes blind, or deletes with a context (VDEL), records invocation
 * and completion in the {@link History}, thinks a little, and goes again. A request to a crashed node is refused; one
 * that gets no answer within the client timeout is unknown.
 */
final class KvClients {

    /** One-way latency between a client and the node it talks to (a local connection, never partitioned). */
    static final long CLIENT_LINK_MS = 1;
    static final long THINK_MAX_MS = 200;

    private record Seen(long readId, Set<Dot> context) {
    }

    private final Simulation sim;
    private final History history;
    private final RandomGenerator random;
    private final List<String> keys;
    private final int readReplies;
    private final long timeoutMs;
    private final Map<Integer, Map<String, Seen>> lastRead = new HashMap<>();
    private final int[] written;
    private long stopAtMs;

    KvClients(Simulation sim, History history, RandomGenerator random, int clients, List<String> keys, int readReplies, long timeoutMs) {
        this.sim = sim;
        this.history = history;
        this.random = random;
        this.keys = List.copyOf(keys);
        this.readReplies = readReplies;
        this.timeoutMs = timeoutMs;
        this.written = new int[clients];
    }

    /** Starts every client; none invokes anything at or after {@code untilMs}. */
    void runUntil(long untilMs) {
        this.stopAtMs = untilMs;
        for (int c = 0; c < written.length; c++) {
            int client = c;
            sim.loop().after(random.nextLong(THINK_MAX_MS), "client " + client + " starts", () -> next(client));
        }
    }

    private void next(int client) {
        if (sim.nowMs() >= stopAtMs) {
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        Seen seen = lastRead.computeIfAbsent(client, c -> new HashMap<>()).get(key);
        double dice = random.nextDouble();
        Op op;
        ToyRequest request;
        if (dice < 0.45 || (dice >= 0.88 && seen == null)) {
            op = new Op.Read(key);
            request = new ToyRequest.Get(key, readReplies);
        } else if (dice < 0.88) {
            String value = "c" + client + "-" + (++written[client]);
            boolean blind = seen == null || dice >= 0.80;
            op = new Op.Write(key, value, blind ? OptionalLong.empty() : OptionalLong.of(seen.readId()));
            request = new ToyRequest.Put(key, Optional.of(value), blind ? Set.of() : seen.context());
        } else {
            op = new Op.Delete(key, OptionalLong.of(seen.readId()));
            request = new ToyRequest.Put(key, Optional.empty(), seen.context());
        }
        long id = history.invoke(client, op, sim.nowMs());
        call(random.nextInt(sim.size()), request, (outcome, reply) -> {
            if (reply instanceof ToyRequest.Values values) {
                lastRead.get(client).put(key, new Seen(id, values.context()));
            }
            history.complete(id, outcome, sim.nowMs());
            sim.loop().after(random.nextLong(THINK_MAX_MS), "client " + client + " thinks", () -> next(client));
        });
    }

    /**
     * Sends {@code request} to node {@code target}; {@code done} is called exactly once, with the outcome and the reply
     * (null when refused or timed out). A reply after the timeout is ignored, as a client that gave up ignores it.
     */
    void call(int target, ToyRequest request, BiConsumer<Outcome, ToyRequest.Reply> done) {
        boolean[] completed = {false};
        BiConsumer<Outcome, ToyRequest.Reply> once = (outcome, reply) -> {
            if (!completed[0]) {
                completed[0] = true;
                done.accept(outcome, reply);
            }
        };
        SimHost host = sim.host(target);
        sim.loop().after(CLIENT_LINK_MS, "client > " + host + " " + request.getClass().getSimpleName() + " " + request.key(), () -> {
            ToyKvNode node = sim.node(target, ToyKvNode.class);
            boolean accepted = host.submit(() -> node.handle(request, reply ->
                    sim.loop().after(CLIENT_LINK_MS, "reply " + host + " > client", () -> once.accept(outcome(reply), reply))));
            if (!accepted) {
                once.accept(new Outcome.Fail("connection refused by " + host), null);
            }
        });
        sim.loop().after(timeoutMs, "client timeout", () -> once.accept(new Outcome.Unknown("no reply within " + timeoutMs + " ms"), null));
    }

    static Outcome outcome(ToyRequest.Reply reply) {
        if (reply instanceof ToyRequest.Written) {
            return new Outcome.Ok();
        } else if (reply instanceof ToyRequest.Values values) {
            return new Outcome.ReadOk(values.values());
        } else if (reply instanceof ToyRequest.Failed failed) {
            return new Outcome.Fail(failed.reason());
        }
        throw new AssertionError("Reply is sealed");
    }
}
