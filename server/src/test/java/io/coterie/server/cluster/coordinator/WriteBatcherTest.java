package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.cluster.runtime.RingShape;
import io.coterie.server.cluster.runtime.Topologies;
import io.coterie.ring.membership.BusAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.coterie.server.cluster.runtime.Views.id;
import static io.coterie.server.cluster.runtime.Views.up;
import static io.coterie.server.cluster.runtime.Views.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteBatcherTest {

    private static final Topology TOPOLOGY = Topologies.of(view(1, 1, up(1), up(2)), new RingShape(2, 16), Optional.empty());
    private static final NodeId PEER = id(2);

    /** A bus whose requests wait until the test answers them. */
    private static final class HeldBus extends TransportStub {
        record Sent(int type, byte[] payload, CompletableFuture<byte[]> reply) {
        }

        final List<Sent> sent = new ArrayList<>();

        @Override
        public CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs) {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            sent.add(new Sent(type, payload, reply));
            return reply;
        }
    }

    private static SiblingSet versions(String value) {
        return SiblingSet.empty().write(VectorClock.empty(), id(1), value.getBytes(StandardCharsets.UTF_8),
                new HlcTimestamp(1_000, 0), io.coterie.ring.version.Sibling.NO_EXPIRY, 1_000);
    }

    private static byte[] key(int i) {
        return ("k" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLoneWriteLeavesAtOnceAndWritesThatArriveMeanwhileLeaveTogether() {
        HeldBus bus = new HeldBus();
        WriteBatcher batcher = new WriteBatcher(bus, PEER);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        done.add(batcher.write(TOPOLOGY, key(0), versions("a"), 1_000));
        assertEquals(1, bus.sent.size(), "nothing in flight: the first write goes alone, at once");
        assertEquals(ReplicaCodec.WRITE_TYPE, bus.sent.get(0).type());
        done.add(batcher.write(TOPOLOGY, key(1), versions("b"), 1_000));
        assertEquals(2, bus.sent.size(), "a second batch may be in flight");
        for (int i = 2; i < 7; i++) {
            done.add(batcher.write(TOPOLOGY, key(i), versions("v" + i), 1_000));
        }
        assertEquals(2, bus.sent.size(), "two in flight: the rest wait");
        bus.sent.get(0).reply().complete(new byte[0]);
        assertEquals(3, bus.sent.size(), "an answer lets the waiting writes leave, as one batch");
        HeldBus.Sent batch = bus.sent.get(2);
        assertEquals(ReplicaCodec.WRITE_BATCH_TYPE, batch.type());
        List<ReplicaCodec.Request> writes = ReplicaCodec.decodeWriteBatch(batch.payload());
        assertEquals(5, writes.size());
        assertArrayEquals(key(2), writes.get(0).key());
        assertEquals(versions("v6"), writes.get(4).versions());
        batch.reply().complete(new byte[] {ReplicaCodec.MERGED, ReplicaCodec.MERGED, ReplicaCodec.STORE_FULL,
                ReplicaCodec.MERGED, ReplicaCodec.WRITE_FAILED});
        assertTrue(done.get(0).isDone() && !done.get(0).isCompletedExceptionally());
        assertTrue(!done.get(1).isDone(), "its batch has not been answered");
        assertTrue(done.get(2).isDone() && !done.get(2).isCompletedExceptionally());
        assertTrue(done.get(4).isCompletedExceptionally(), "the peer's store was full for this one");
        assertTrue(done.get(6).isCompletedExceptionally());
        assertTrue(done.get(5).isDone() && !done.get(5).isCompletedExceptionally());
    }

    @Test
    void aFailedBatchFailsEveryWriteInIt() {
        HeldBus bus = new HeldBus();
        WriteBatcher batcher = new WriteBatcher(bus, PEER);
        CompletableFuture<Void> first = batcher.write(TOPOLOGY, key(0), versions("a"), 1_000);
        batcher.write(TOPOLOGY, key(1), versions("b"), 1_000);
        CompletableFuture<Void> third = batcher.write(TOPOLOGY, key(2), versions("c"), 1_000);
        CompletableFuture<Void> fourth = batcher.write(TOPOLOGY, key(3), versions("d"), 1_000);
        bus.sent.get(0).reply().completeExceptionally(new RuntimeException("timed out"));
        assertTrue(first.isCompletedExceptionally());
        bus.sent.get(2).reply().completeExceptionally(new RuntimeException("connection lost"));
        assertTrue(third.isCompletedExceptionally() && fourth.isCompletedExceptionally());
    }

    @Test
    void theBatchCodecRoundTripsAndRefusesDamage() {
        List<ReplicaCodec.Request> writes = List.of(new ReplicaCodec.Request(key(1), versions("x")),
                new ReplicaCodec.Request(new byte[0], SiblingSet.empty()));
        byte[] encoded = ReplicaCodec.encodeWriteBatch(writes);
        List<ReplicaCodec.Request> back = ReplicaCodec.decodeWriteBatch(encoded);
        assertEquals(2, back.size());
        assertArrayEquals(key(1), back.get(0).key());
        assertEquals(versions("x"), back.get(0).versions());
        assertThrows(MalformedMessageException.class, () -> ReplicaCodec.decodeWriteBatch(Arrays.copyOf(encoded, encoded.length - 1)));
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(MalformedMessageException.class, () -> ReplicaCodec.decodeWriteBatch(trailing));
        byte[] tooMany = encoded.clone();
        tooMany[1] = 100; // claims 100 writes
        assertThrows(MalformedMessageException.class, () -> ReplicaCodec.decodeWriteBatch(tooMany));
    }
}
