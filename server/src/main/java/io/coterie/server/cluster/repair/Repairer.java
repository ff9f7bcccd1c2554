package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.repair.MerkleTree;
import io.coterie.ring.repair.RepairThrottle;
import io.coterie.ring.repair.SharedSlots;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.replica.VersionedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This node's anti-entropy (issue #6, SPEC §2 Failures): the {@link DigestIndex}, the {@link RepairResponder} that
 * answers peers, and repairs this node initiates — every {@code repair-interval-seconds} in the background and at
 * once for {@code CLUSTER REPAIR}. A repair runs one {@link RepairSession} with each live peer that shares slots with
 * this node, one after another, throttled to {@code repair-bytes-per-second}.
 *
 * <p>Threads: one daemon thread ({@code coterie-repair}) builds the index and runs every repair, so repairs never
 * overlap and take at most one core; another ({@code coterie-repair-serve}) answers peers, so two nodes repairing
 * each other at once cannot deadlock.
 */
public final class Repairer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Repairer.class);
    /** Time for gossip to agree on the ring after a restart before the first background repair. */
    static final long FIRST_REPAIR_DELAY_SECONDS = 30;

    private final VersionedStore store;
    private final DigestIndex index;
    private final Transport transport;
    private final TopologySource topology;
    private final Clock clock;
    private final RepairLimits limits;
    private final LongSupplier bytesPerSecond;
    private final LongSupplier intervalSeconds;
    private final RepairSession.Pacer pacer;
    private final RepairStats stats = new RepairStats();
    private final RepairThrottle throttle = new RepairThrottle();
    private final AtomicLong nextSessionId;
    private final ScheduledExecutorService repairThread = Executors.newSingleThreadScheduledExecutor(daemon("coterie-repair"));
    private final ExecutorService serveThread = Executors.newSingleThreadExecutor(daemon("coterie-repair-serve"));
    private final CompletableFuture<Void> indexBuilt;

    private Repairer(VersionedStore store, Transport transport, TopologySource topology, Clock clock, RepairLimits limits,
                     LongSupplier bytesPerSecond, LongSupplier intervalSeconds, RepairSession.Pacer pacer) {
        this.store = store;
        this.transport = transport;
        this.topology = topology;
        this.clock = clock;
        this.limits = limits;
        this.bytesPerSecond = bytesPerSecond;
        this.intervalSeconds = intervalSeconds;
        this.pacer = pacer;
        this.nextSessionId = new AtomicLong(clock.millis());
        this.index = DigestIndex.attach(store, clock);
        new RepairResponder(store, index, topology, clock, stats).register(transport, serveThread);
        this.indexBuilt = CompletableFuture.runAsync(this::buildIndex, repairThread);
    }

    /**
     * Attaches the index to {@code store} (before any other traffic, so no change is missed), builds it in the
     * background, registers the repair handlers on {@code transport}, and schedules background repair.
     *
     * @param bytesPerSecond  {@code repair-bytes-per-second}, read at every payload
     * @param intervalSeconds {@code repair-interval-seconds}, read after every background repair (0 = off)
     */
    public static Repairer start(VersionedStore store, Transport transport, TopologySource topology, Clock clock,
                                 RepairLimits limits, LongSupplier bytesPerSecond, LongSupplier intervalSeconds) {
        return start(store, transport, topology, clock, limits, bytesPerSecond, intervalSeconds, FIRST_REPAIR_DELAY_SECONDS);
    }

    /** As {@link #start}, with the first background repair at most {@code firstRepairDelaySeconds} after start. */
    static Repairer start(VersionedStore store, Transport transport, TopologySource topology, Clock clock,
                          RepairLimits limits, LongSupplier bytesPerSecond, LongSupplier intervalSeconds,
                          long firstRepairDelaySeconds) {
        Repairer r = new Repairer(store, transport, topology, clock, limits, bytesPerSecond, intervalSeconds, Thread::sleep);
        r.scheduleNext(firstRepairDelaySeconds);
        return r;
    }

    /** Runs one repair of slots [{@code firstSlot}, {@code lastSlot}] with every peer now (after any running one). */
    public CompletableFuture<RepairReport> repairNow(int firstSlot, int lastSlot) {
        if (firstSlot < 0 || lastSlot >= HashSlots.SLOT_COUNT || firstSlot > lastSlot) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad slot range " + firstSlot + ".." + lastSlot));
        }
        return indexBuilt.thenApplyAsync(ignored -> repair(firstSlot, lastSlot), repairThread);
    }

    public RepairStats stats() {
        return stats;
    }

    /**
     * Lines for INFO cluster: the totals, whether the index is built, and the root of a Merkle tree over all this
     * node's slots — equal on two nodes that replicate the same slots exactly when their data agrees (how tests and
     * the bench check that a repair left the replicas level).
     */
    public List<String> infoLines() {
        List<String> lines = new ArrayList<>(stats.infoLines());
        lines.add("repair_index_ready:" + (index.ready() ? 1 : 0));
        BitSet all = new BitSet(HashSlots.SLOT_COUNT);
        all.set(0, HashSlots.SLOT_COUNT);
        lines.add("repair_digest_root:" + String.format("%016x", MerkleTree.build(index.digests().snapshot(), all).root()));
        return lines;
    }

    public DigestIndex index() {
        return index;
    }

    @Override
    public void close() {
        repairThread.shutdownNow();
        serveThread.shutdownNow();
    }

    private void buildIndex() {
        long startMs = clock.millis();
        index.build();
        log.info("repair digest index built in {} ms", clock.millis() - startMs);
    }

    private RepairReport repair(int firstSlot, int lastSlot) {
        long startMs = clock.millis();
        Topology t = topology.current();
        List<PeerReport> peers = new ArrayList<>();
        Map<NodeId, String> failures = new LinkedHashMap<>();
        for (Member peer : peersOf(t)) {
            RepairSession session = new RepairSession(store, index, transport, clock, limits, throttle, bytesPerSecond,
                    pacer, nextSessionId.incrementAndGet());
            try {
                peers.add(session.run(t, peer.id(), peer.address().bus(), firstSlot, lastSlot));
            } catch (RepairException | RuntimeException e) {
                log.warn("repair with {} at {} failed: {}", peer.id(), peer.address().bus(), e.getMessage());
                failures.put(peer.id(), e.getMessage());
            }
        }
        RepairReport report = new RepairReport(peers, failures, clock.millis() - startMs);
        stats.repaired(report, clock.millis());
        return report;
    }

    /** Live members other than us that replicate some slot we do. */
    private static List<Member> peersOf(Topology t) {
        List<Member> out = new ArrayList<>();
        for (Member m : t.view().members().values()) {
            if (!m.id().equals(t.self()) && !m.isDown() && t.ring().member(m.id()).isPresent()
                    && !SharedSlots.of(t.ring(), t.replicas(), t.self(), m.id(), 0, HashSlots.SLOT_COUNT - 1).isEmpty()) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * @param atMostSeconds the first background repair runs this soon after start (if repair is on), so a node that
     *                      was down or lost its data catches up without waiting a whole interval
     */
    private void scheduleNext(long atMostSeconds) {
        long seconds = intervalSeconds.getAsLong();
        // Off (0) still re-reads the directive each minute, so CONFIG SET can turn background repair on.
        long delaySeconds = Math.min(atMostSeconds, seconds > 0 ? seconds : 60);
        repairThread.schedule(() -> {
            try {
                if (intervalSeconds.getAsLong() > 0 && index.ready()) {
                    RepairReport report = repair(0, HashSlots.SLOT_COUNT - 1);
                    log.info("background repair: {} peers, {} keys sent, {} received, {} failed", report.peers().size(),
                            report.total(PeerReport::keysSent), report.total(PeerReport::keysReceived), report.failures().size());
                }
            } finally {
                scheduleNext(Long.MAX_VALUE);
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
