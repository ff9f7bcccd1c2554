package io.coterie.server.cluster.gossip;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Digest;
import io.coterie.ring.membership.EndpointState;
import io.coterie.ring.membership.GossipMessage;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.Tombstone;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A full SYN → ACK → ACK2 exchange, encoded with GossipCodec, between two real buses with a cluster secret. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GossipOverTheBusTest {

    private static final NodeId A = new NodeId("a".repeat(40));
    private static final NodeId B = new NodeId("b".repeat(40));

    record Delivery(BusAddress from, GossipMessage message) {
    }

    @Test
    void aGossipRoundTravelsEndToEnd() throws Exception {
        ExecutorService gossipThread = Executors.newSingleThreadExecutor();
        Optional<String> secret = Optional.of("s3cret");
        try (NettyTransport a = NettyTransport.start(NettyTransportConfig.of("127.0.0.1", freePort(), secret));
             NettyTransport b = NettyTransport.start(NettyTransportConfig.of("127.0.0.1", freePort(), secret))) {
            BlockingQueue<Delivery> atA = new LinkedBlockingQueue<>();
            BlockingQueue<Delivery> atB = new LinkedBlockingQueue<>();
            for (int type : new int[]{GossipCodec.SYN_TYPE, GossipCodec.ACK_TYPE, GossipCodec.ACK2_TYPE}) {
                a.register(type, gossipThread, (from, payload, r) -> atA.add(new Delivery(from, GossipCodec.decode(payload))));
                b.register(type, gossipThread, (from, payload, r) -> atB.add(new Delivery(from, GossipCodec.decode(payload))));
            }
            EndpointState stateOfA = EndpointState.initial(A, 1_700_000_000_000L,
                    new Address("127.0.0.1", 6379, a.localAddress().port()), NodeStatus.UP, new PlacementInputs(1, "r1", 256));
            GossipMessage syn = new GossipMessage.Syn(A, a.localAddress(), 42L, List.of(stateOfA.digest()));
            GossipMessage ack = new GossipMessage.Ack(B, b.localAddress(), List.of(new Tombstone(new NodeId("c".repeat(40)), 3, 99)),
                    List.of(Digest.absent(A)));
            GossipMessage ack2 = new GossipMessage.Ack2(A, List.of(stateOfA));

            send(a, b.localAddress(), syn);
            assertEquals(new Delivery(a.localAddress(), syn), atB.poll(5, TimeUnit.SECONDS));
            send(b, a.localAddress(), ack);
            assertEquals(new Delivery(b.localAddress(), ack), atA.poll(5, TimeUnit.SECONDS));
            send(a, b.localAddress(), ack2);
            assertEquals(new Delivery(a.localAddress(), ack2), atB.poll(5, TimeUnit.SECONDS));
        } finally {
            gossipThread.shutdownNow();
        }
    }

    private static void send(NettyTransport from, BusAddress to, GossipMessage message) {
        from.send(to, GossipCodec.typeOf(message), GossipCodec.encode(message));
    }

    /** A free port in this suite's range 19000–19499, probed from the top so the bus tests' probes rarely collide. */
    private static int freePort() throws IOException {
        for (int port = 19_499; port >= 19_000; port--) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // next
            }
        }
        throw new IOException("no free port in 19000-19499");
    }
}
