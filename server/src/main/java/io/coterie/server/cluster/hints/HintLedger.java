package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.HintAdmission;
import io.coterie.ring.quorum.HintBook;
import io.coterie.ring.quorum.HintLimits;
import io.coterie.ring.quorum.HintRef;
import io.coterie.ring.quorum.PendingHints;
import io.coterie.storage.hints.HintInfo;
import io.coterie.storage.hints.HintStore;
import io.coterie.storage.hints.StoredHint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HintBook} and the durable {@link HintStore} kept in step: whatever the book keeps is on
 * disk under the same id, whatever it drops or hands off is forgotten there, and the counters INFO
 * shows follow both. Owned by the hint thread; {@link #pending()} and {@link #infoLines()} read a
 * snapshot from any thread.
 */
final class HintLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HintLedger.class);

    private final HintStore store;
    private final HintBook book;
    private volatile List<PendingHints> pending = List.of();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Rebuilds the book from what the store reloaded, with the hints' own ids and ages. */
    HintLedger(HintStore store, HintLimits limits) {
        this.store = store;
        this.book = new HintBook(limits);
        Map<String, List<Long>> unusable = new LinkedHashMap<>();
        for (HintInfo info : store.hints()) {
            NodeId target = nodeIdOrNull(info.target());
            if (target == null) {
                unusable.computeIfAbsent(info.target(), t -> new ArrayList<>()).add(info.id());
            } else {
                book.restore(new HintRef(info.id(), target, info.bytes(), info.createdMs()));
            }
        }
        unusable.forEach((target, ids) -> {
            LOG.warn("dropping {} stored hints for '{}', which is not a node id", ids.size(), target);
            forgetStored(target, ids);
        });
        publish();
        if (!pending.isEmpty()) {
            LOG.info("reloaded {} hints for {} nodes", pendingCount(), pending.size());
        }
    }

    private static NodeId nodeIdOrNull(String s) {
        try {
            return new NodeId(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Offers a hint to the book and, if kept, writes it to the OS (not fsynced: {@link #sync}). Older
     * hints the book evicts to make room are forgotten on disk. A failed write is a refusal.
     */
    HintAdmission admit(NodeId home, byte[] key, byte[] payload, long nowMs, long downSinceMs) {
        HintAdmission admission = book.admit(home, (long) key.length + payload.length, nowMs, downSinceMs);
        if (admission instanceof HintAdmission.Refused) {
            dropped.incrementAndGet();
        } else if (admission instanceof HintAdmission.Admitted admitted) {
            HintRef hint = admitted.hint();
            discard(admitted.dropped());
            try {
                store.append(new StoredHint(hint.id(), home.value(), key, payload, hint.createdMs()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not store a hint for {}: {}", home, e.toString());
                book.delivered(home, List.of(hint.id()));
                admission = new HintAdmission.Refused("hint store write failed: " + e.getMessage());
            }
        }
        publish();
        return admission;
    }

    /** fsyncs everything written since the last sync. */
    void sync() throws IOException {
        store.sync();
    }

    /** A hint whose fsync failed is not kept after all: its caller is told it was refused. */
    void unkeep(NodeId target, long id) {
        book.delivered(target, List.of(id));
        forgetStored(target.value(), List.of(id));
        publish();
    }

    /** Hints older than the window are dropped. */
    void expire(long nowMs) {
        discard(book.expire(nowMs));
        publish();
    }

    /** New limits: the oldest hints beyond them are dropped at once. */
    void setLimits(HintLimits limits) {
        discard(book.setLimits(limits));
        publish();
    }

    /** Targets with hints waiting that are not in a batch. */
    List<NodeId> targetsWithHintsToSend() {
        return book.pending().stream().filter(p -> p.count() > p.inFlight()).map(PendingHints::target).toList();
    }

    List<HintRef> nextBatch(NodeId target) {
        List<HintRef> batch = book.nextBatch(target);
        publish();
        return batch;
    }

    /** The hint's key and payload from disk, or null if it cannot be read back (then it is {@link #lost}). */
    StoredHint read(NodeId target, long id) {
        try {
            return store.read(target.value(), id);
        } catch (IOException e) {
            LOG.warn("reading hint {} for {} failed: {}", id, target, e.toString());
            return null;
        }
    }

    /** Handed off: forgotten in the book and on disk. */
    void delivered(NodeId target, List<Long> ids) {
        book.delivered(target, ids);
        forgetStored(target.value(), ids);
        delivered.addAndGet(ids.size());
        publish();
    }

    /** Not handed off this time: pending again. */
    void handoffFailed(NodeId target, List<Long> ids) {
        book.handoffFailed(target, ids);
        publish();
    }

    /** Unreadable on disk: dropped. */
    void lost(NodeId target, List<Long> ids) {
        LOG.warn("{} hints for {} could not be read back from the hint store and are dropped", ids.size(), target);
        book.delivered(target, ids);
        dropped.addAndGet(ids.size());
        forgetStored(target.value(), ids);
        publish();
    }

    /** Hints the book dropped (evicted, expired, limits lowered): counted, and forgotten on disk. */
    private void discard(Collection<HintRef> hints) {
        if (hints.isEmpty()) {
            return;
        }
        dropped.addAndGet(hints.size());
        Map<NodeId, List<Long>> byTarget = new LinkedHashMap<>();
        hints.forEach(h -> byTarget.computeIfAbsent(h.target(), t -> new ArrayList<>()).add(h.id()));
        byTarget.forEach((target, ids) -> forgetStored(target.value(), ids));
    }

    /** A forget that fails only means the hints come back after a restart and are delivered again: harmless. */
    private void forgetStored(String target, List<Long> ids) {
        try {
            store.forget(target, ids);
        } catch (IOException e) {
            LOG.warn("could not record {} hints for {} as done: {}", ids.size(), target, e.toString());
        }
    }

    private void publish() {
        pending = List.copyOf(book.pending());
    }

    private long pendingCount() {
        return pending.stream().mapToLong(PendingHints::count).sum();
    }

    /** CLUSTER HINTS rows, as of the last change. */
    List<PendingHints> pending() {
        return pending;
    }

    /** INFO cluster: hints pending now; delivered and dropped (evicted, refused, expired, unreadable) since start. */
    List<String> infoLines() {
        return List.of("hints_pending:" + pendingCount(), "hints_delivered:" + delivered.get(),
                "hints_dropped:" + dropped.get());
    }

    /** fsyncs and closes the store. */
    @Override
    public void close() throws IOException {
        store.close();
    }
}
