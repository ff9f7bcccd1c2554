package io.coterie.server.cluster.coordinator;

import io.coterie.ring.Clock;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.server.dispatch.DelegatingStore;
import io.coterie.storage.DurabilityMark;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.StoreWriteException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static io.coterie.server.cluster.runtime.Views.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replica acknowledges writes only once they are durable, and on an event loop it waits until the end of the loop's
 * turn to do so, so one write of the commit log covers the turn.
 */
class ReplicaServiceTest {

    private static final BusAddress COORDINATOR = new BusAddress("127.0.0.1", 17002);

    /** A loop like the bus's: NIO, so it runs end-of-turn tasks every turn. */
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = loops.next();
    /** What happened, in order: the store's durability waits and the answers the coordinator got. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Records when a durability mark is awaited; throws instead if {@code logFails}. */
    private final class WatchedStore extends DelegatingStore {
        private final boolean logFails;

        WatchedStore(boolean logFails) {
            super(new InMemoryStore());
            this.logFails = logFails;
        }

        @Override
        public DurabilityMark durabilityMark() {
            return () -> {
                if (logFails) {
                    throw new StoreWriteException("commit log write failed: disk gone", null);
                }
                events.add("durable");
            };
        }
    }

    /** The handlers the service registers, run on their executors as the bus would. */
    private static final class RegisteringBus extends TransportStub {
        final Map<Integer, BusHandler> handlers = new HashMap<>();

        @Override
        public void register(int type, Executor executor, BusHandler handler) {
            handlers.put(type, (from, payload, responder) -> executor.execute(() -> handler.handle(from, payload, responder)));
        }
    }

    private final class RecordingResponder implements BusResponder {
        @Override
        public void reply(byte[] payload) {
            events.add("reply " + payload.length);
        }

        @Override
        public void fail(String message) {
            events.add("fail " + message);
        }

        @Override
        public boolean expectsReply() {
            return true;
        }
    }

    private BusHandler writeBatchHandler(boolean logFails) {
        RegisteringBus bus = new RegisteringBus();
        VersionedStore store = new VersionedStore(new WatchedStore(logFails), id(1), Clock.system(), () -> 60_000L);
        ReplicaService.register(bus, store, Runnable::run);
        return bus.handlers.get(ReplicaCodec.WRITE_BATCH_TYPE);
    }

    private static byte[] batchOfThree() {
        List<ReplicaCodec.Request> writes = List.of(write("a"), write("b"), write("c"));
        return ReplicaCodec.encodeWriteBatch(writes);
    }

    private static ReplicaCodec.Request write(String key) {
        SiblingSet versions = SiblingSet.empty().write(VectorClock.empty(), id(2), "v".getBytes(StandardCharsets.UTF_8),
                new HlcTimestamp(1_000, 0), Sibling.NO_EXPIRY, 1_000);
        return new ReplicaCodec.Request(key.getBytes(StandardCharsets.UTF_8), versions);
    }

    /** End-of-turn tasks run after the turn's other tasks: wait for them (bounded), then check what happened. */
    private void awaitEvents(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void onAnEventLoopABatchIsAcknowledgedAtTheEndOfTheTurnAfterItIsDurable() {
        BusHandler handler = writeBatchHandler(false);
        loop.submit(() -> {
            handler.handle(COORDINATOR, batchOfThree(), new RecordingResponder());
            events.add("handler returned");
        }).syncUninterruptibly();
        awaitEvents(3);
        assertEquals(List.of("handler returned", "durable", "reply 3"), events);
    }

    @Test
    void offAnEventLoopABatchIsAcknowledgedOnceDurable() {
        writeBatchHandler(false).handle(COORDINATOR, batchOfThree(), new RecordingResponder());
        assertEquals(List.of("durable", "reply 3"), events);
    }

    @Test
    void writesTheLogCannotTakeAreRefusedNotAcknowledged() {
        BusHandler handler = writeBatchHandler(true);
        loop.submit(() -> handler.handle(COORDINATOR, batchOfThree(), new RecordingResponder())).syncUninterruptibly();
        awaitEvents(1);
        assertEquals(List.of("fail MISCONF commit log write failed"), events);
    }
}
