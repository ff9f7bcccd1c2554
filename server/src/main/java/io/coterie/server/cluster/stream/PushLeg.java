package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.storage.Store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Batches produced by a pass over this node's store (on the stream executor), each sent to the receiver as an
 * {@link StreamMessage.Apply} and counted only once the receiver acknowledges it stored them.
 */
final class PushLeg implements SessionLeg {

    private final NodeId target;
    private final int[] slots;
    private final Store store;
    private final Transport bus;
    private final Function<NodeId, BusAddress> addressOf;
    private final Executor executor;
    private final Clock clock;
    private final StreamLimits limits;
    private final long requestTimeoutMs;
    // Owned by the session's current attempt; attempts run one after another, never at once.
    private volatile BusAddress address;
    private volatile SlotScan scan;

    PushLeg(NodeId target, int[] slots, Store store, Transport bus, Function<NodeId, BusAddress> addressOf,
            Executor executor, Clock clock, StreamLimits limits, long requestTimeoutMs) {
        this.target = target;
        this.slots = slots;
        this.store = store;
        this.bus = bus;
        this.addressOf = addressOf;
        this.executor = executor;
        this.clock = clock;
        this.limits = limits;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public CompletableFuture<Void> open(long resumeCursor) {
        address = addressOf.apply(target);
        if (address == null) {
            throw new StreamException("no bus address known for node " + target);
        }
        scan = new SlotScan(store, slots, resumeCursor);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<StreamMessage.Batch> fetch() {
        SlotScan current = scan;
        return CompletableFuture.supplyAsync(
                () -> current.nextBatch(limits.batchBytesMax(), limits.scanKeysPerBatchMax(), clock.millis()), executor);
    }

    @Override
    public CompletableFuture<Void> deliver(StreamMessage.Batch batch) {
        if (batch.records().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        StreamMessage.Apply apply = new StreamMessage.Apply(slots, batch.records());
        return bus.request(address, StreamCodec.APPLY_TYPE, StreamCodec.encode(apply), requestTimeoutMs)
                .thenAccept(reply -> StreamCodec.decodeAs(reply, StreamMessage.Applied.class));
    }

    @Override
    public void abandon() {
        scan = null;
    }

    @Override
    public String describe() {
        return "push of " + slots.length + " slots to " + target + (address == null ? "" : " at " + address);
    }
}
