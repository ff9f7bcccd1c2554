package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.Transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Batches produced by a remote source's {@link SourceSessions}, applied to this node's store on the stream executor. */
final class PullLeg implements SessionLeg {

    private final NodeId source;
    private final int[] slots;
    private final Transport bus;
    private final Function<NodeId, BusAddress> addressOf;
    private final RecordApplier applier;
    private final Executor executor;
    private final Clock clock;
    private final long requestTimeoutMs;
    // Owned by the session's current attempt; attempts run one after another, never at once.
    private volatile BusAddress address;
    private volatile long sessionId = -1;
    private volatile long seq;
    // Bumped per attempt, so a batch fetched ahead for a failed attempt cannot move the new attempt's seq.
    private volatile int attempt;

    PullLeg(NodeId source, int[] slots, Transport bus, Function<NodeId, BusAddress> addressOf, RecordApplier applier,
            Executor executor, Clock clock, long requestTimeoutMs) {
        this.source = source;
        this.slots = slots;
        this.bus = bus;
        this.addressOf = addressOf;
        this.applier = applier;
        this.executor = executor;
        this.clock = clock;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public CompletableFuture<Void> open(long resumeCursor) {
        // Resolved per attempt: a source that restarted on a new address is found again through gossip.
        address = addressOf.apply(source);
        if (address == null) {
            throw new StreamException("no bus address known for node " + source);
        }
        sessionId = -1;
        seq = 0;
        attempt++;
        StreamMessage.Open open = new StreamMessage.Open(slots, resumeCursor);
        return bus.request(address, StreamCodec.OPEN_TYPE, StreamCodec.encode(open), requestTimeoutMs)
                .thenAccept(reply -> sessionId = StreamCodec.decodeAs(reply, StreamMessage.Opened.class).sessionId());
    }

    @Override
    public CompletableFuture<StreamMessage.Batch> fetch() {
        long wanted = seq;
        int fetchedFor = attempt;
        StreamMessage.Next next = new StreamMessage.Next(sessionId, wanted);
        // Decoded on the stream executor: a batch is up to a MiB of copying, not work for an event loop.
        return bus.request(address, StreamCodec.NEXT_TYPE, StreamCodec.encode(next), requestTimeoutMs)
                .thenApplyAsync(reply -> {
                    StreamMessage.Batch batch = StreamCodec.decodeAs(reply, StreamMessage.Batch.class);
                    if (fetchedFor != attempt) {
                        throw new StreamException("batch " + wanted + " belongs to an abandoned attempt");
                    }
                    if (batch.seq() != wanted) {
                        throw new StreamException("asked " + source + " for batch " + wanted + ", got " + batch.seq());
                    }
                    seq = wanted + 1;
                    return batch;
                }, executor);
    }

    @Override
    public CompletableFuture<Void> deliver(StreamMessage.Batch batch) {
        return CompletableFuture.runAsync(() -> applier.apply(slots, batch.records(), clock.millis()), executor);
    }

    @Override
    public void abandon() {
        if (sessionId >= 0 && address != null) {
            bus.send(address, StreamCodec.CLOSE_TYPE, StreamCodec.encode(new StreamMessage.Close(sessionId)));
        }
        sessionId = -1;
    }

    @Override
    public String describe() {
        return "pull of " + slots.length + " slots from " + source + (address == null ? "" : " at " + address);
    }
}
