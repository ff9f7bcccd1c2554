package io.coterie.server.cluster.coordinator;

import io.coterie.ring.membership.BusAddress;
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
        try {
            store.merge(request.key(), request.versions());
            store.awaitDurable();
            writes.increment();
            responder.reply(new byte[0]);
        } catch (StoreFullException e) {
            responder.fail("OOM command not allowed when used memory > 'maxmemory'.");
        } catch (StoreWriteException e) {
            log.error("replica write from {} could not be made durable: {}", from, e.getMessage());
            responder.fail("MISCONF commit log write failed");
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
            ReplicaCodec.Request w = batch.get(i);
            try {
                store.merge(w.key(), w.versions());
                statuses[i] = ReplicaCodec.MERGED;
            } catch (StoreFullException e) {
                statuses[i] = ReplicaCodec.STORE_FULL;
            } catch (StoreWriteException e) {
                log.error("replica write from {} failed: {}", from, e.getMessage());
                statuses[i] = ReplicaCodec.WRITE_FAILED;
            }
        }
        try {
            store.awaitDurable();
        } catch (StoreWriteException e) {
            log.error("replica write batch from {} could not be made durable: {}", from, e.getMessage());
            responder.fail("MISCONF commit log write failed");
            return;
        }
        writes.add(batch.size());
        responder.reply(statuses);
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
