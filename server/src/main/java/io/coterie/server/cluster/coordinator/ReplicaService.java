package io.coterie.server.cluster.coordinator;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.LoopTurnEnd;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.StoreFullException;
import io.coterie.storage.StoreWriteException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica side of quorum coordination: answers READs with the stored versions and merges WRITEs
 * (never overwriting newer versions), acknowledging only once the merge is durable. Any node serves
 * both for any key — the coordinator decided it is a replica; a node that is not keeps the copy until
 * anti-entropy or a move settles it.
 */
public final class ReplicaService {

    private static final Logger log = LoggerFactory.getLogger(ReplicaService.class);

    private static final String STORE_FULL = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final String WRITE_FAILED = "MISCONF commit log write failed";

    private final VersionedStore store;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();

    private ReplicaService(VersionedStore store) {
        this.store = store;
    }

    /**
     * @param executor where merges run: they touch the store and may wait for fsync, so never a bus event loop
     *                 unless writes do not wait ({@link io.coterie.server.cluster.StoreWorkExecutor}); reads run
     *                 on the bus event loop itself, a map lookup that never blocks
     */
    public static ReplicaService register(Transport transport, VersionedStore store, Executor executor) {
        ReplicaService service = new ReplicaService(store);
        transport.register(ReplicaCodec.READ_TYPE, Runnable::run, service::read);
        transport.register(ReplicaCodec.WRITE_TYPE, executor, service::write);
        transport.register(ReplicaCodec.WRITE_BATCH_TYPE, executor, service::writeBatch);
        return service;
    }

    public long readsServed() {
        return reads.sum();
    }

    public long writesApplied() {
        return writes.sum();
    }

    private void read(BusAddress from, byte[] payload, BusResponder responder) {
        ReplicaCodec.Request request = decode(from, payload, false, responder);
        if (request != null) {
            reads.increment();
            responder.reply(store.versions(request.key()).encode());
        }
    }

    private void write(BusAddress from, byte[] payload, BusResponder responder) {
        ReplicaCodec.Request request = decode(from, payload, true, responder);
        if (request == null) {
            return;
        }
        byte status = merge(from, request);
        if (status == ReplicaCodec.STORE_FULL) {
            responder.fail(STORE_FULL);
        } else if (status == ReplicaCodec.WRITE_FAILED) {
            responder.fail(WRITE_FAILED);
        } else {
            answerWhenDurable(from, responder, 1, new byte[0]);
        }
    }

    /** Each write merged on its own (one may find the store full); one wait for durability covers them all. */
    private void writeBatch(BusAddress from, byte[] payload, BusResponder responder) {
        List<ReplicaCodec.Request> batch;
        try {
            batch = ReplicaCodec.decodeWriteBatch(payload);
        } catch (MalformedMessageException e) {
            log.warn("malformed replica write batch from {}: {}", from, e.getMessage());
            responder.fail("malformed replica request: " + e.getMessage());
            return;
        }
        byte[] statuses = new byte[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            statuses[i] = merge(from, batch.get(i));
        }
        answerWhenDurable(from, responder, batch.size(), statuses);
    }

    /** One write merged into this replica's copy: {@link ReplicaCodec#MERGED} or why not. */
    private byte merge(BusAddress from, ReplicaCodec.Request write) {
        try {
            store.merge(write.key(), write.versions());
            return ReplicaCodec.MERGED;
        } catch (StoreFullException e) {
            return ReplicaCodec.STORE_FULL;
        } catch (StoreWriteException e) {
            log.error("replica write from {} failed: {}", from, e.getMessage());
            return ReplicaCodec.WRITE_FAILED;
        }
    }

    /**
     * Acknowledges once this thread's merges so far are as durable as appendfsync promises. On a bus event loop that
     * is at the end of its turn, where one write of the commit log covers every batch the turn merged (and the
     * loop's own coordinated writes); elsewhere at once. If the log failed, the writes are refused, not acknowledged.
     */
    private void answerWhenDurable(BusAddress from, BusResponder responder, int merged, byte[] answer) {
        LoopTurnEnd.awaitDurable(store.durabilityMark()).whenComplete((durable, error) -> {
            if (error != null) {
                log.error("replica writes from {} could not be made durable: {}", from, error.getMessage());
                responder.fail(WRITE_FAILED);
            } else {
                writes.add(merged);
                responder.reply(answer);
            }
        });
    }

    private static ReplicaCodec.Request decode(BusAddress from, byte[] payload, boolean withVersions,
                                               BusResponder responder) {
        try {
            return ReplicaCodec.decode(payload, withVersions);
        } catch (MalformedMessageException e) {
            log.warn("malformed replica request from {}: {}", from, e.getMessage());
            responder.fail("malformed replica request: " + e.getMessage());
            return null;
        }
    }
}
