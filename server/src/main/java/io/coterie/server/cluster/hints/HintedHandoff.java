package io.coterie.server.cluster.hints;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.quorum.HintAdmission;
import io.coterie.ring.quorum.HintBook;
import io.coterie.ring.quorum.PendingHints;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.NodeRequests;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.coordinator.HintSink;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.runtime.ExecutorScheduler;
import io.coterie.storage.AppendFsync;
import io.coterie.storage.hints.HintStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hinted handoff (Dynamo §4.6, issue #5): keeps writes for home replicas that are down, durably, within
 * the {@link HintBook}'s limits, and hands them back when gossip shows the replica live again. The
 * coordinator calls {@link #store} (its own hint, {@code StoreHint}) and {@link #sendHintedWrite} (a
 * fallback's, {@code SendHintedWrite}); a fallback's bus handler calls {@link #store} for the hint it
 * is sent.
 *
 * <p>Threads: one hint thread (the {@link Scheduler}) owns the book, the store and the handoff state;
 * the public methods hop onto it. Their futures complete on the hint thread — continue on your own
 * executor. {@link #pending()} and {@link #infoLines()} read a snapshot and never block.
 *
 * <p>Durability: a hint is written to the OS before {@link #store} reports it stored (it survives
 * kill -9); under {@code appendfsync always} it is also fsynced first, by group commit (one fsync for
 * every hint admitted while the previous one ran); under {@code everysec} the tick fsyncs once a
 * second. Restart reloads every hint not yet delivered or dropped.
 */
public final class HintedHandoff implements HintSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HintedHandoff.class);
    /** How often expiry, the everysec fsync and the check for targets live again run. */
    static final long TICK_MS = 1000;
    private static final long CLOSE_WAIT_MS = 10_000;
    /** How a refusal reads on the bus and to a coordinator that is its own fallback. */
    static final String REFUSED = "hint refused: ";

    /** What offering a hint came to: stored, or refused and why (the fallback's bus error text). */
    record Outcome(boolean stored, String reason) {
        static final Outcome STORED = new Outcome(true, "");

        static Outcome refused(String reason) {
            return new Outcome(false, reason);
        }
    }

    /** A stored hint whose caller waits for the next group fsync. */
    private record Awaiting(NodeId target, long id, CompletableFuture<Outcome> result) {}

    private final Scheduler scheduler;
    private final Clock clock;
    private final TopologySource topology;
    private final Transport transport;
    private final Runnable afterClose;

    // Owned by the hint thread (the ledger's snapshots excepted).
    private final HintLedger ledger;
    private final Handoff handoff;
    private final DownSince downSince = new DownSince();
    private final List<Awaiting> awaitingSync = new ArrayList<>();
    private HintSettings settings;
    private boolean syncScheduled;
    private boolean closed;
    private Scheduler.Cancellable nextTick;

    private HintedHandoff(HintStore store, HintSettings settings, Scheduler scheduler, Clock clock,
                          TopologySource topology, Transport transport, HintDelivery delivery, Runnable afterClose) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.topology = topology;
        this.transport = transport;
        this.afterClose = afterClose;
        this.ledger = new HintLedger(store, settings.limits());
        this.handoff = new Handoff(ledger, delivery, clock, topology, this::runOnHintThread, settings.deliveryTimeoutMs());
    }

    /**
     * Starts hinted handoff for a server: opens {@code <dataDir>/hints}, reloads what it holds, registers
     * the HINTED_WRITE bus handler, follows CONFIG SET of the hint directives and {@code appendfsync},
     * and becomes {@link ServerRuntime#hints()} (CLUSTER HINTS) and a source of INFO cluster lines.
     * Call once the transport and topology exist (after ClusterRuntime.start); {@link #close()} before
     * the store closes.
     *
     * @throws UncheckedIOException if the hint directory cannot be opened
     */
    public static HintedHandoff start(ServerRuntime runtime, Transport transport, TopologySource topology,
                                      Path dataDir, HintDelivery delivery) {
        HintStore store;
        try {
            store = HintStore.open(dataDir.resolve("hints"), HintStore.SEGMENT_BYTES_DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the hint store in " + dataDir.resolve("hints") + ": "
                    + e.getMessage(), e);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coterie-hints");
            t.setDaemon(true);
            return t;
        });
        HintedHandoff h = create(store, HintSettings.from(runtime.config()), new ExecutorScheduler(executor),
                runtime.clock(), topology, transport, delivery, executor::shutdown);
        runtime.config().addListener((name, value) -> {
            if (HintSettings.DIRECTIVES.contains(name)) {
                h.reconfigure(HintSettings.from(runtime.config()));
            }
        });
        runtime.hints(h);
        runtime.addClusterInfo(h::infoLines);
        return h;
    }

    /** Wires an open store to a scheduler, clock and bus (tests drive these by hand); the book is rebuilt from the store. */
    static HintedHandoff create(HintStore store, HintSettings settings, Scheduler scheduler, Clock clock,
                                TopologySource topology, Transport transport, HintDelivery delivery,
                                Runnable afterClose) {
        HintedHandoff h = new HintedHandoff(store, settings, scheduler, clock, topology, transport, delivery, afterClose);
        transport.register(HintedWriteCodec.HINTED_WRITE_TYPE, scheduler::execute, h::onHintedWrite);
        h.nextTick = scheduler.schedule(TICK_MS, h::tick);
        return h;
    }

    // ---- the coordinator's API ----

    /**
     * Keeps {@code versions} for {@code key} as a hint for {@code home}. True once it is durable (see the
     * class comment); false when refused: hinted-handoff off, {@code home} down longer than
     * {@code hint-window-seconds}, bigger than {@code hint-bytes-max}, not a member, this node itself, or
     * the hint store failed. Completes on the hint thread.
     */
    @Override
    public CompletableFuture<Boolean> store(NodeId home, byte[] key, SiblingSet versions) {
        return offer(home, key, versions).thenApply(Outcome::stored);
    }

    /**
     * The coordinator's sloppy-quorum write to {@code fallback}, which keeps it as a hint for {@code home}
     * (a bus HINTED_WRITE; this node's own {@link #store} when {@code fallback} is this node). Completes
     * when the fallback has stored it durably; exceptionally with {@link BusException} if it refused or
     * failed, or {@link TimeoutException} after {@code timeoutMs}.
     */
    @Override
    public CompletableFuture<Void> sendHintedWrite(NodeId fallback, NodeId home, byte[] key, SiblingSet versions,
                                                   long timeoutMs) {
        Topology t = topology.current();
        if (fallback.equals(t.self())) {
            return offer(home, key, versions).thenApply(o -> {
                if (!o.stored()) {
                    throw new BusException(REFUSED + o.reason());
                }
                return null;
            });
        }
        return NodeRequests.request(transport, t, fallback, HintedWriteCodec.HINTED_WRITE_TYPE,
                HintedWriteCodec.encode(home, key, versions), timeoutMs).thenApply(reply -> null);
    }

    /** CLUSTER HINTS: per target with anything pending or dropped, by node id. */
    public List<PendingHints> pending() {
        return ledger.pending();
    }

    /** The INFO cluster fields: hints pending now, delivered and dropped (evicted, refused, expired, lost) since start. */
    public List<String> infoLines() {
        return ledger.infoLines();
    }

    /** New directive values (CONFIG SET): applied on the hint thread; lower limits drop the oldest hints at once. */
    public void reconfigure(HintSettings next) {
        runOnHintThread(() -> {
            settings = next;
            ledger.setLimits(next.limits());
            handoff.deliveryTimeoutMs(next.deliveryTimeoutMs());
        });
    }

    // ---- on the hint thread ----

    private CompletableFuture<Outcome> offer(NodeId home, byte[] key, SiblingSet versions) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (!runOnHintThread(() -> admit(home, key, versions, result))) {
            result.complete(Outcome.refused("hinted handoff is shut down"));
        }
        return result;
    }

    private void admit(NodeId home, byte[] key, SiblingSet versions, CompletableFuture<Outcome> result) {
        Outcome refusal = refusal(home);
        if (refusal != null) {
            result.complete(refusal);
            return;
        }
        long nowMs = clock.millis();
        downSince.observe(topology.current().view(), nowMs);
        HintAdmission admission = ledger.admit(home, key, versions.encode(), nowMs, downSince.downSinceMs(home, nowMs));
        if (admission instanceof HintAdmission.Refused r) {
            result.complete(Outcome.refused(r.reason()));
        } else if (settings.fsync() == AppendFsync.ALWAYS) {
            awaitingSync.add(new Awaiting(home, ((HintAdmission.Admitted) admission).hint().id(), result));
            scheduleSync();
        } else {
            result.complete(Outcome.STORED);
        }
    }

    /** Why a hint for {@code home} is not even offered to the book, or null. */
    private Outcome refusal(NodeId home) {
        if (closed) {
            return Outcome.refused("hinted handoff is shut down");
        }
        if (!settings.enabled()) {
            return Outcome.refused("hinted-handoff is off");
        }
        Topology t = topology.current();
        if (home.equals(t.self())) {
            return Outcome.refused("a node keeps no hints for itself");
        }
        if (t.view().member(home).map(m -> m.status() == NodeStatus.LEFT).orElse(true)) {
            return Outcome.refused(home + " is not a member");
        }
        return null;
    }

    /** Group commit: one fsync, queued behind every admission already waiting to run, covers them all. */
    private void scheduleSync() {
        if (!syncScheduled) {
            syncScheduled = true;
            scheduler.execute(this::syncAwaiting);
        }
    }

    private void syncAwaiting() {
        syncScheduled = false;
        if (awaitingSync.isEmpty()) {
            return;
        }
        List<Awaiting> batch = List.copyOf(awaitingSync);
        awaitingSync.clear();
        try {
            ledger.sync();
            batch.forEach(a -> a.result().complete(Outcome.STORED));
        } catch (IOException e) {
            LOG.warn("fsync of the hint store failed; {} hints are not kept: {}", batch.size(), e.toString());
            for (Awaiting a : batch) {
                ledger.unkeep(a.target(), a.id());
                a.result().complete(Outcome.refused("hint store fsync failed: " + e.getMessage()));
            }
        }
    }

    /** The fallback side of {@link #sendHintedWrite}; runs on the hint thread. */
    private void onHintedWrite(BusAddress from, byte[] payload, BusResponder responder) {
        HintedWriteCodec.Request request;
        try {
            request = HintedWriteCodec.decode(payload);
        } catch (MalformedMessageException e) {
            responder.fail("malformed hinted write: " + e.getMessage());
            return;
        }
        offer(request.home(), request.key(), request.versions()).thenAccept(o -> {
            if (o.stored()) {
                responder.reply(HintedWriteCodec.STORED);
            } else {
                responder.fail(REFUSED + o.reason());
            }
        });
    }

    private void tick() {
        if (closed) {
            return;
        }
        long nowMs = clock.millis();
        Topology t = topology.current();
        downSince.observe(t.view(), nowMs);
        ledger.expire(nowMs);
        if (settings.fsync() == AppendFsync.EVERYSEC) {
            try {
                ledger.sync();
            } catch (IOException e) {
                LOG.warn("fsync of the hint store failed: {}", e.toString());
            }
        }
        handoff.tick(t, nowMs);
        nextTick = scheduler.schedule(TICK_MS, this::tick);
    }

    private boolean runOnHintThread(Runnable task) {
        try {
            scheduler.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops handoff, fsyncs and closes the store (hints waiting for an fsync are covered by it), then the hint thread. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (runOnHintThread(() -> {
            closeOnHintThread();
            done.complete(null);
        })) {
            try {
                done.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("hinted handoff did not close cleanly: {}", e.toString());
            }
        }
        afterClose.run();
    }

    private void closeOnHintThread() {
        if (closed) {
            return;
        }
        closed = true;
        handoff.stop();
        if (nextTick != null) {
            nextTick.cancel();
        }
        Outcome outcome = Outcome.STORED;
        try {
            ledger.close();
        } catch (IOException e) {
            LOG.warn("closing the hint store failed: {}", e.toString());
            outcome = Outcome.refused("hint store close failed: " + e.getMessage());
        }
        for (Awaiting a : awaitingSync) {
            a.result().complete(outcome);
        }
        awaitingSync.clear();
    }
}
