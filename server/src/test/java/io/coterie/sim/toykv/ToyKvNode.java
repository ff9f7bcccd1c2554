package io.coterie.sim.toykv;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusMessageTypes;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.sim.NodeContext;
import io.coterie.sim.SimNode;
import io.coterie.storage.Record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A naive replicated register for exercising the simulator and checker before the real coordinator (#5) lands: every
 * node replicates every key (N = cluster size), any node coordinates. Writes: apply locally, fsync, send to every
 * other replica, answer after W acks (each replica fsyncs before acking). Reads: ask every replica, answer after R,
 * merge, repair the others. Anti-entropy: once a second push everything to one random peer.
 * Correct when R+W>N and {@link ToyBug#NONE}; the other bugs are deliberate.
 */
final class ToyKvNode implements SimNode {

    static final int REPLICA_WRITE = BusMessageTypes.REPLICA_FIRST;
    static final int REPLICA_READ = BusMessageTypes.REPLICA_FIRST + 1;
    static final int ANTI_ENTROPY = BusMessageTypes.REPAIR_FIRST;
    static final long REPLICA_TIMEOUT_MS = 1_000;
    static final long ANTI_ENTROPY_PERIOD_MS = 1_000;
    private static final byte[] EPOCH_KEY = "toy/epoch".getBytes(StandardCharsets.UTF_8);
    private static final String DATA_PREFIX = "toy/data/";

    private final int writeQuorum;
    private final ToyBug bug;
    private NodeContext ctx;
    private long epoch;
    private long seq;

    ToyKvNode(int writeQuorum, ToyBug bug) {
        this.writeQuorum = writeQuorum;
        this.bug = bug;
    }

    @Override
    public void start(NodeContext context) {
        this.ctx = context;
        Record last = context.store().get(EPOCH_KEY, 0);
        epoch = last == null ? 1 : ByteBuffer.wrap(last.value()).getLong() + 1;
        context.store().put(EPOCH_KEY, Record.of(ByteBuffer.allocate(Long.BYTES).putLong(epoch).array()));
        context.store().awaitDurable();
        context.transport().register(REPLICA_WRITE, Runnable::run, (from, payload, responder) -> onReplicaWrite(payload, responder));
        context.transport().register(REPLICA_READ, Runnable::run, (from, payload, responder) -> onReplicaRead(payload, responder));
        context.transport().register(ANTI_ENTROPY, Runnable::run, (from, payload, responder) -> mergeAll(ToyCodec.decode(payload)));
        scheduleAntiEntropy();
    }

    @Override
    public void crash() {
        ctx = null;
    }

    /** A client command arrived (already on this node's thread). */
    void handle(ToyRequest request, Consumer<ToyRequest.Reply> reply) {
        if (request instanceof ToyRequest.Put put) {
            coordinateWrite(put, reply);
        } else if (request instanceof ToyRequest.Get get) {
            coordinateRead(get, reply);
        } else {
            throw new AssertionError("ToyRequest is sealed");
        }
    }

    private void coordinateWrite(ToyRequest.Put put, Consumer<ToyRequest.Reply> reply) {
        Dot dot = new Dot(ctx.index(), epoch, ++seq);
        ToyState next = local(put.key()).write(dot, put.value(), put.context(), ctx.clock().millis(), bug == ToyBug.LAST_WRITE_WINS);
        store(put.key(), next);
        if (bug == ToyBug.ACK_BEFORE_W) {
            reply.accept(new ToyRequest.Written());
        } else {
            ctx.store().awaitDurable();
        }
        byte[] payload = ToyCodec.encode(List.of(new ToyCodec.KeyState(put.key(), next)));
        Consumer<ToyRequest.Reply> answer = bug == ToyBug.ACK_BEFORE_W ? alreadyAnswered -> { } : reply;
        Quorum quorum = new Quorum(writeQuorum, ctx.peers().size(), () -> answer.accept(new ToyRequest.Written()),
                reason -> answer.accept(new ToyRequest.Failed(reason)));
        quorum.success();
        for (BusAddress peer : others()) {
            ctx.transport().request(peer, REPLICA_WRITE, payload, REPLICA_TIMEOUT_MS)
                    .whenComplete((ok, error) -> quorum.count(error == null));
        }
    }

    private void coordinateRead(ToyRequest.Get get, Consumer<ToyRequest.Reply> reply) {
        String key = get.key();
        ToyState[] merged = {local(key)};
        Quorum quorum = new Quorum(get.replies(), ctx.peers().size(), () -> {
            reply.accept(new ToyRequest.Values(merged[0].values(), merged[0].context()));
            repair(key, merged[0]);
        }, reason -> reply.accept(new ToyRequest.Failed(reason)));
        quorum.success();
        byte[] payload = ToyCodec.encodeKey(key);
        for (BusAddress peer : others()) {
            ctx.transport().request(peer, REPLICA_READ, payload, REPLICA_TIMEOUT_MS).whenComplete((bytes, error) -> {
                if (error == null) {
                    merged[0] = merged[0].merge(ToyCodec.decodeState(bytes), bug == ToyBug.LAST_WRITE_WINS);
                }
                quorum.count(error == null);
            });
        }
    }

    /** Read repair: the merged version goes to this replica and, best effort, to every other. */
    private void repair(String key, ToyState merged) {
        mergeAll(List.of(new ToyCodec.KeyState(key, merged)));
        byte[] payload = ToyCodec.encode(List.of(new ToyCodec.KeyState(key, merged)));
        for (BusAddress peer : others()) {
            ctx.transport().send(peer, ANTI_ENTROPY, payload);
        }
    }

    private void onReplicaWrite(byte[] payload, BusResponder responder) {
        mergeAll(ToyCodec.decode(payload));
        if (bug != ToyBug.ACK_BEFORE_W) {
            ctx.store().awaitDurable();
        }
        responder.reply(new byte[0]);
    }

    private void onReplicaRead(byte[] payload, BusResponder responder) {
        responder.reply(ToyCodec.encodeState(local(ToyCodec.decode(payload).get(0).key())));
    }

    private void mergeAll(List<ToyCodec.KeyState> incoming) {
        for (ToyCodec.KeyState e : incoming) {
            ToyState merged = local(e.key()).merge(e.state(), bug == ToyBug.LAST_WRITE_WINS);
            store(e.key(), merged);
        }
    }

    private void scheduleAntiEntropy() {
        ctx.scheduler().schedule(ANTI_ENTROPY_PERIOD_MS, () -> {
            List<ToyCodec.KeyState> all = new ArrayList<>();
            ctx.store().forEachKey(0, key -> {
                String name = new String(key, StandardCharsets.UTF_8);
                if (name.startsWith(DATA_PREFIX)) {
                    all.add(new ToyCodec.KeyState(name.substring(DATA_PREFIX.length()), local(name.substring(DATA_PREFIX.length()))));
                }
            });
            List<BusAddress> peers = others();
            if (!all.isEmpty() && !peers.isEmpty()) {
                ctx.transport().send(peers.get(ctx.random().nextInt(peers.size())), ANTI_ENTROPY, ToyCodec.encode(all));
            }
            scheduleAntiEntropy();
        });
    }

    /** This replica's version of {@code key}, for the convergence check. */
    ToyState stateOf(String key) {
        return local(key);
    }

    private ToyState local(String key) {
        Record r = ctx.store().get((DATA_PREFIX + key).getBytes(StandardCharsets.UTF_8), 0);
        return r == null ? ToyState.empty() : ToyCodec.decodeState(r.value());
    }

    private void store(String key, ToyState state) {
        ctx.store().put((DATA_PREFIX + key).getBytes(StandardCharsets.UTF_8), Record.of(ToyCodec.encodeState(state)));
    }

    private List<BusAddress> others() {
        List<BusAddress> out = new ArrayList<>(ctx.peers());
        out.remove(ctx.bus());
        return out;
    }

    /** Counts answers until {@code needed} succeeded (quorum reached) or too many failed to get there (NOQUORUM). */
    private static final class Quorum {
        private final int needed;
        private final int total;
        private final Runnable reached;
        private final Consumer<String> missed;
        private int succeeded;
        private int failed;
        private boolean decided;

        Quorum(int needed, int total, Runnable reached, Consumer<String> missed) {
            this.needed = needed;
            this.total = total;
            this.reached = reached;
            this.missed = missed;
        }

        void success() {
            count(true);
        }

        void count(boolean ok) {
            if (ok) {
                succeeded++;
            } else {
                failed++;
            }
            if (decided) {
                return;
            }
            if (succeeded >= needed) {
                decided = true;
                reached.run();
            } else if (total - failed < needed) {
                decided = true;
                missed.accept("NOQUORUM needed " + needed + " got " + succeeded);
            }
        }
    }
}
