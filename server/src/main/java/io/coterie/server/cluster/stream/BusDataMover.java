package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.placement.Transfer;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@link DataMover} over the cluster bus: pulls for joins and forgets, pushes for leaves, and serves the other
 * nodes' pulls from this node's store. Protocol, apply rule, limits and costs: docs/streaming.md.
 *
 * <p>Threads: every store access — serving batches, applying them, scanning for a push — runs on the stream executor
 * given to {@link #start}, never on a Netty event loop. The caller owns that executor and shuts it down after the
 * transport; {@link #newExecutor()} makes a suitable one.
 */
public final class BusDataMover implements DataMover {

    private static final Logger log = LoggerFactory.getLogger(BusDataMover.class);

    /**
     * The least timeout a server gives stream requests, whatever its client {@code request-timeout-ms}: building one
     * batch examines up to {@code scanKeysPerBatchMax} keys, which took over 2 s on a loaded 2-core machine (a sparse
     * Chronicle map is walked segment by segment), and a timed-out pass starts again from its last resume cursor.
     */
    public static final long BATCH_TIMEOUT_MS_MIN = 10_000;

    private final NodeId self;
    private final Transport bus;
    /** The raw store: sources scan it and pushes read it, so records travel with their versions and tombstones. */
    private final Store store;
    private final Function<NodeId, BusAddress> addressOf;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final long requestTimeoutMs;
    private final StreamLimits limits;
    private final Throttle throttle;
    private final RecordApplier applier;
    private final SourceSessions sources;

    private BusDataMover(NodeId self, Transport bus, VersionedStore store, Function<NodeId, BusAddress> addressOf,
                         ScheduledExecutorService executor, Clock clock, long requestTimeoutMs, StreamLimits limits) {
        this.self = Objects.requireNonNull(self, "self");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.store = Objects.requireNonNull(store, "store").raw();
        this.addressOf = Objects.requireNonNull(addressOf, "addressOf");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be > 0, got " + requestTimeoutMs);
        }
        this.requestTimeoutMs = requestTimeoutMs;
        this.throttle = new Throttle(limits.throttleBytesPerSecond());
        this.applier = new RecordApplier(store);
        this.sources = new SourceSessions(this.store, clock, limits);
    }

    /**
     * Creates the mover and registers its handlers on {@code bus} (the STREAM type range), so this node serves pulls
     * and accepts pushes from then on.
     *
     * @param self             this node: pull moves the transfers to it, push those from it
     * @param store            this node's store: sources read its raw records, arriving records are merged into it
     * @param addressOf        a node's bus address, asked at every attempt (from the current topology)
     * @param executor         runs all store work and the retry and throttle timers; owned by the caller
     * @param requestTimeoutMs timeout of each bus request (one open, one batch, one apply)
     */
    public static BusDataMover start(NodeId self, Transport bus, VersionedStore store, Function<NodeId, BusAddress> addressOf,
                                     ScheduledExecutorService executor, Clock clock, long requestTimeoutMs,
                                     StreamLimits limits) {
        BusDataMover mover = new BusDataMover(self, bus, store, addressOf, executor, clock, requestTimeoutMs, limits);
        mover.register();
        return mover;
    }

    /** Bus addresses from the current topology, asked afresh at every attempt; null (a clear failure) for a non-member. */
    public static Function<NodeId, BusAddress> addressesFrom(TopologySource topology) {
        return id -> topology.current().view().member(id).map(m -> m.address().bus()).orElse(null);
    }

    /** A single daemon thread named coterie-stream: store work for streaming runs here, one batch at a time. */
    public static ScheduledExecutorService newExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coterie-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Fetches every transfer whose {@code to} is this node; transfers to other nodes are not this node's to do. */
    @Override
    public CompletableFuture<MoveReport> pull(List<Transfer> transfers) {
        Map<NodeId, TreeSet<Integer>> bySource = group(transfers, t -> t.to().equals(self), Transfer::from);
        return run(bySource, (source, slots) -> new PullLeg(source, slots, bus, addressOf, applier, executor, clock,
                requestTimeoutMs));
    }

    /** Sends every transfer whose {@code from} is this node; completes when each receiver acknowledged every batch. */
    @Override
    public CompletableFuture<MoveReport> push(List<Transfer> transfers) {
        Map<NodeId, TreeSet<Integer>> byTarget = group(transfers, t -> t.from().equals(self), Transfer::to);
        return run(byTarget, (target, slots) -> new PushLeg(target, slots, store, bus, addressOf, executor, clock,
                limits, requestTimeoutMs));
    }

    /** Pull sessions other nodes hold open on this node (for INFO and tests). */
    public int sourceSessions() {
        return sources.size();
    }

    private interface LegFactory {
        SessionLeg create(NodeId peer, int[] slots);
    }

    private CompletableFuture<MoveReport> run(Map<NodeId, TreeSet<Integer>> byPeer, LegFactory legs) {
        long startMs = clock.millis();
        List<Function<BooleanSupplier, CompletableFuture<MoveReport>>> runs = new ArrayList<>();
        byPeer.forEach((peer, slotSet) -> {
            int[] all = slotSet.stream().mapToInt(Integer::intValue).toArray();
            for (int from = 0; from < all.length; from += limits.slotsPerSessionMax()) {
                int[] slots = Arrays.copyOfRange(all, from, Math.min(all.length, from + limits.slotsPerSessionMax()));
                runs.add(abandoned -> new SessionRun(legs.create(peer, slots), slots.length, limits, throttle, executor,
                        clock, abandoned).start());
            }
        });
        return new BoundedRuns(runs, limits.sessionsInFlightMax()).start()
                .thenApply(r -> new MoveReport(r.slots(), r.keys(), r.bytes(), Math.max(0, clock.millis() - startMs)));
    }

    private static Map<NodeId, TreeSet<Integer>> group(List<Transfer> transfers,
                                                       Predicate<Transfer> mine,
                                                       Function<Transfer, NodeId> peerOf) {
        Map<NodeId, TreeSet<Integer>> byPeer = new TreeMap<>();
        for (Transfer t : transfers) {
            if (mine.test(t)) {
                byPeer.computeIfAbsent(peerOf.apply(t), p -> new TreeSet<>()).add(t.slot());
            }
        }
        return byPeer;
    }

    private void register() {
        bus.register(StreamCodec.OPEN_TYPE, executor, handler(StreamMessage.Open.class, sources::open));
        bus.register(StreamCodec.NEXT_TYPE, executor, handler(StreamMessage.Next.class, sources::next));
        bus.register(StreamCodec.APPLY_TYPE, executor, handler(StreamMessage.Apply.class,
                apply -> new StreamMessage.Applied(applier.apply(apply.slots(), apply.records(), clock.millis()))));
        bus.register(StreamCodec.CLOSE_TYPE, executor, handler(StreamMessage.Close.class, close -> {
            sources.close(close);
            return null;
        }));
    }

    /** Decodes a request of {@code kind}, answers it with {@code serve}'s reply, or with the error that stopped it. */
    private static <T extends StreamMessage> BusHandler handler(Class<T> kind, Function<T, StreamMessage> serve) {
        return (BusAddress from, byte[] payload, BusResponder responder) -> {
            StreamMessage reply;
            try {
                reply = serve.apply(StreamCodec.decodeAs(payload, kind));
            } catch (MalformedMessageException e) {
                log.warn("Dropping a malformed {} from {}: {}", kind.getSimpleName(), from, e.getMessage());
                responder.fail("malformed " + kind.getSimpleName() + ": " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                responder.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
            if (reply != null) {
                responder.reply(StreamCodec.encode(reply));
            }
        };
    }
}
