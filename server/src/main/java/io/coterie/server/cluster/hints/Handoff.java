package io.coterie.server.cluster.hints;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.quorum.HintRef;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VersionDecodeException;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.storage.hints.StoredHint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands hints back to targets the view shows live (Dynamo §4.6): one batch per target at a time, every
 * hint of a batch sent at once through {@link HintDelivery}; a batch that gets through starts the next
 * at once, a failure backs the target off. Owned by the hint thread; delivery results come back to it
 * through {@code onHintThread}.
 */
final class Handoff {

    private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);
    static final long BACKOFF_INITIAL_MS = 1000;
    static final long BACKOFF_MAX_MS = 60_000;

    private final HintLedger ledger;
    private final HintDelivery delivery;
    private final Clock clock;
    private final TopologySource topology;
    private final Consumer<Runnable> onHintThread;
    private final HandoffBackoff backoff = new HandoffBackoff(BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
    private final Set<NodeId> sending = new HashSet<>();
    private long deliveryTimeoutMs;
    private boolean stopped;

    Handoff(HintLedger ledger, HintDelivery delivery, Clock clock, TopologySource topology,
            Consumer<Runnable> onHintThread, long deliveryTimeoutMs) {
        this.ledger = ledger;
        this.delivery = delivery;
        this.clock = clock;
        this.topology = topology;
        this.onHintThread = onHintThread;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    void deliveryTimeoutMs(long ms) {
        this.deliveryTimeoutMs = ms;
    }

    /** Starts a batch for every live target with hints waiting and no backoff pending. */
    void tick(Topology t, long nowMs) {
        for (NodeId target : ledger.targetsWithHintsToSend()) {
            if (isLive(t, target) && backoff.due(target, nowMs)) {
                startBatch(target);
            }
        }
    }

    /** Results still arriving are ignored from now on. */
    void stop() {
        stopped = true;
    }

    private static boolean isLive(Topology t, NodeId target) {
        return t.view().member(target)
                .map(m -> m.liveness() == Liveness.LIVE && m.status() != NodeStatus.LEFT).orElse(false);
    }

    private void startBatch(NodeId target) {
        if (sending.contains(target)) {
            return;
        }
        List<HintRef> batch = ledger.nextBatch(target);
        if (batch.isEmpty()) {
            return;
        }
        sending.add(target);
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        List<Long> lost = new ArrayList<>();
        for (HintRef h : batch) {
            StoredHint stored = ledger.read(target, h.id());
            SiblingSet versions = stored == null ? null : decodeOrNull(stored);
            if (versions == null) {
                lost.add(h.id());
            } else {
                ids.add(h.id());
                results.add(deliverOne(target, stored.key(), versions));
            }
        }
        if (!lost.isEmpty()) {
            ledger.lost(target, lost);
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenRun(() -> onHintThread.accept(() -> batchDone(target, ids, results)));
    }

    /** One hint's delivery as true/false; never completes exceptionally, and gives up after the delivery timeout. */
    private CompletableFuture<Boolean> deliverOne(NodeId target, byte[] key, SiblingSet versions) {
        CompletableFuture<Void> sent;
        try {
            sent = delivery.deliver(target, key, versions);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(deliveryTimeoutMs, TimeUnit.MILLISECONDS).handle((v, err) -> err == null);
    }

    private void batchDone(NodeId target, List<Long> ids, List<CompletableFuture<Boolean>> results) {
        sending.remove(target);
        if (stopped) {
            return;
        }
        List<Long> ok = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            (results.get(i).join() ? ok : failed).add(ids.get(i));
        }
        ledger.delivered(target, ok);
        ledger.handoffFailed(target, failed);
        if (failed.isEmpty()) {
            backoff.succeeded(target);
            if (isLive(topology.current(), target)) {
                startBatch(target);
            }
        } else {
            LOG.info("handoff to {}: {} of {} hints not delivered, retrying later", target, failed.size(), ids.size());
            backoff.failed(target, clock.millis());
        }
    }

    private static SiblingSet decodeOrNull(StoredHint stored) {
        try {
            return SiblingSet.decode(stored.payload());
        } catch (VersionDecodeException e) {
            return null;
        }
    }
}
