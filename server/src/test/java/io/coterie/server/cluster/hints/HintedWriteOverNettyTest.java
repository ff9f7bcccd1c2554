package io.coterie.server.cluster.hints;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static io.coterie.server.cluster.forward.Topologies.C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.quorum.PendingHints;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.ServerRuntime;
import io.coterie.server.StoreHandle;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.cluster.bus.netty.TestPorts;
import io.coterie.server.cluster.forward.Topologies;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HINTED_WRITE round trip over two real Netty buses on 127.0.0.1 (bus ports 33000–33999), each node's
 * hinted handoff built by {@link HintedHandoff#start} as the server builds it.
 */
class HintedWriteOverNettyTest {

    private static final TestPorts PORTS = new TestPorts(33_000, 1_000);
    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private final Address addressA = new Address("127.0.0.1", 23_001, PORTS.next());
    private final Address addressB = new Address("127.0.0.1", 23_002, PORTS.next());
    private final Map<NodeId, Address> nodes = Map.of(A, addressA, B, addressB, C, new Address("127.0.0.1", 23_003, 33_999));

    private record Node(ServerRuntime runtime, HintedHandoff hints) {}

    private Node start(NodeId self, Address address) {
        ServerRuntime runtime = new ServerRuntime(ServerConfig.defaults(),
                new StoreHandle(new InMemoryStore(), f -> { }, b -> { }), Clock.system());
        NettyTransport bus = NettyTransport.start(NettyTransportConfig.of("127.0.0.1", address.busPort(), Optional.empty()));
        closing.add(bus);
        HintedHandoff hints = HintedHandoff.start(runtime, bus, () -> Topologies.of(self, nodes, 3, C),
                dir.resolve(self.value()), (target, key, versions) -> CompletableFuture.completedFuture(null));
        closing.add(hints);
        return new Node(runtime, hints);
    }

    private static SiblingSet version(String value) {
        return SiblingSet.empty().write(VectorClock.empty(), A, value.getBytes(StandardCharsets.UTF_8),
                new HlcTimestamp(1, 0), Sibling.NO_EXPIRY, 1);
    }

    @Test
    void aFallbackStoresTheHintForTheHomeReplicaOrSaysWhyNot() throws Exception {
        Node a = start(A, addressA);
        Node b = start(B, addressB);
        assertTrue(a.runtime().hints().isPresent(), "start makes the service the runtime's");
        byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
        a.hints().sendHintedWrite(B, C, key, version("v1"), WAIT_MS).get(WAIT_MS, TimeUnit.MILLISECONDS);
        List<PendingHints> pending = b.hints().pending();
        assertEquals(1, pending.size());
        assertEquals(C, pending.get(0).target());
        assertEquals(1, pending.get(0).count());

        b.runtime().config().set(List.of("hint-bytes-max", "1"));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> a.hints().sendHintedWrite(B, C, key, version("v2"), WAIT_MS).get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(BusException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("hint refused: hint of "), refused.getCause().getMessage());
        assertEquals(List.of("hints_pending:0", "hints_delivered:0", "hints_dropped:2"), b.hints().infoLines(),
                "CONFIG SET applied live: the kept hint no longer fits, the new one is refused");
    }
}
