package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.coterie.server.cluster.bus.netty.NettyTransportTest.assertBusException;
import static io.coterie.server.cluster.bus.netty.NettyTransportTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may talk on the bus: the cluster secret, the protocol version, loopback-only without a secret. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeTest {

    private static final int ECHO = 48;
    private static final long WAIT_MS = 5_000;

    private final Buses buses = new Buses();
    private final ExecutorService handlers = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        buses.close();
        handlers.shutdownNow();
    }

    @Test
    void peersSharingTheSecretTalk() throws Exception {
        NettyTransport a = buses.start(Optional.of("correct horse"));
        NettyTransport b = buses.start(Optional.of("correct horse"));
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(bytes(from.toString())));

        assertArrayEquals(bytes(a.localAddress().toString()), a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS).get());
        assertEquals(0, a.stats().handshakesRefused() + b.stats().handshakesRefused());
    }

    @Test
    void aWrongSecretIsRefusedAndCounted() {
        NettyTransport a = buses.start(Optional.of("guess"));
        NettyTransport b = buses.start(Optional.of("correct horse"));
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));

        assertBusException(a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS), "refused by peer: wrong cluster secret");
        assertEquals(1, b.stats().handshakesRefused());
    }

    @Test
    void aNodeWithASecretRefusesAPeerWithout() {
        NettyTransport a = buses.start(Optional.empty());
        NettyTransport b = buses.start(Optional.of("correct horse"));

        assertBusException(a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS), "peer presented no cluster secret");
        assertEquals(1, b.stats().handshakesRefused());
    }

    @Test
    void aNodeWithoutASecretRefusesAPeerWithOne() {
        NettyTransport a = buses.start(Optional.of("correct horse"));
        NettyTransport b = buses.start(Optional.empty());

        assertBusException(a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS), "this node has none");
        assertEquals(1, b.stats().handshakesRefused());
    }

    @Test
    void anotherProtocolVersionIsRefused() throws Exception {
        NettyTransport b = buses.start();
        try (RawPeer peer = new RawPeer(b.localAddress().port())) {
            peer.writeFrame(hello(), BusFrame.PROTOCOL_VERSION + 1);
            assertTrue(peer.closedByPeer());
        }
        assertTrue(Buses.eventually(WAIT_MS, () -> b.stats().handshakesRefused() == 1));
    }

    @Test
    void dataBeforeTheHandshakeIsRefused() throws Exception {
        NettyTransport b = buses.start();
        try (RawPeer peer = new RawPeer(b.localAddress().port())) {
            peer.writeFrame(new BusFrame(FrameKind.REQUEST, ECHO, 1, new byte[0]));
            assertTrue(peer.closedByPeer());
        }
        assertTrue(Buses.eventually(WAIT_MS, () -> b.stats().handshakesRefused() == 1));
    }

    @Test
    void aSilentPeerIsDroppedAtTheHandshakeDeadline() throws Exception {
        NettyTransport b = buses.start(Optional.empty(), limits -> limits.withHandshakeTimeoutMs(200));
        try (RawPeer peer = new RawPeer(b.localAddress().port())) {
            assertTrue(peer.closedByPeer());
        }
        assertEquals(1, b.stats().handshakesRefused());
    }

    /** Before authentication the limit is the handshake's 1 KiB, not the 64 MiB data frame limit. */
    @Test
    void anUnauthenticatedPeerCannotSendALargeFrame() throws Exception {
        NettyTransport b = buses.start();
        try (RawPeer peer = new RawPeer(b.localAddress().port())) {
            peer.writeRaw(new byte[]{0, 0, 8, 0}); // declares a 2 KiB frame and sends none of it
            assertTrue(peer.closedByPeer());
        }
        assertEquals(1, b.stats().handshakesRefused());
    }

    @Test
    void garbageClosesTheConnectionAndTheNodeCarriesOn() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));
        try (RawPeer http = new RawPeer(b.localAddress().port())) {
            http.writeRaw(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertTrue(http.closedByPeer());
        }
        try (RawPeer authenticated = new RawPeer(b.localAddress().port())) {
            authenticated.handshakeWithoutSecret(new BusAddress("127.0.0.1", 1));
            authenticated.writeRaw(new byte[]{0, 0, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
            assertTrue(authenticated.closedByPeer(), "bad magic after the handshake closes the connection too");
        }
        assertArrayEquals(bytes("still here"), a.request(b.localAddress(), ECHO, bytes("still here"), WAIT_MS).get());
    }

    @Test
    void anAuthenticatedPeersFrameIsDispatchedWithItsAdvertisedAddress() throws Exception {
        NettyTransport b = buses.start();
        BusAddress claimed = new BusAddress("127.0.0.1", 19_999);
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(bytes(from.toString())));
        try (RawPeer peer = new RawPeer(b.localAddress().port())) {
            peer.handshakeWithoutSecret(claimed);
            peer.writeFrame(new BusFrame(FrameKind.REQUEST, ECHO, 42, new byte[0]));
            BusFrame response = peer.readFrame();
            assertEquals(FrameKind.RESPONSE, response.kind());
            assertEquals(42, response.correlationId());
            assertArrayEquals(bytes(claimed.toString()), response.payload());
        }
    }

    /** SPEC section 4: without a secret, a peer on another host is refused before it may say anything. */
    @Test
    void withoutASecretOnlyLoopbackPeersAreAccepted() {
        NettyTransportConfig config = NettyTransportConfig.of("127.0.0.1", 19_000, Optional.empty());
        BusContext bus = new BusContext(config);
        EmbeddedChannel remote = new RemoteChannel(new AcceptorHandshake(bus));

        BusFrame refusal = remote.readOutbound();
        HandshakeMessage message = HandshakeCodec.decode(refusal);
        assertInstanceOf(HandshakeMessage.Refuse.class, message);
        assertTrue(((HandshakeMessage.Refuse) message).reason().contains("only loopback"));
        assertFalse(remote.isOpen());
        assertEquals(1, bus.counters.handshakesRefused.sum());
    }

    @Test
    void loopbackAddressesAreRecognised() {
        assertTrue(LoopbackAddresses.isLoopback(new InetSocketAddress("127.0.0.1", 1)));
        assertTrue(LoopbackAddresses.isLoopback(new InetSocketAddress("127.8.9.10", 1)));
        assertTrue(LoopbackAddresses.isLoopback(new InetSocketAddress("::1", 1)));
        assertTrue(LoopbackAddresses.isLoopback(new InetSocketAddress("::ffff:127.0.0.1", 1)));
        assertFalse(LoopbackAddresses.isLoopback(new InetSocketAddress("10.0.0.1", 1)));
        assertFalse(LoopbackAddresses.isLoopback(new InetSocketAddress("::ffff:10.0.0.1", 1)));
        assertFalse(LoopbackAddresses.isLoopback(new InetSocketAddress("0.0.0.0", 1)));
    }

    @Test
    void proofsDependOnTheSecretTheNoncesAndTheRole() {
        BusAddress x = new BusAddress("a", 1);
        BusAddress y = new BusAddress("b", 2);
        ClusterSecret.Transcript t = new ClusterSecret.Transcript(x, new byte[16], y, new byte[16]);
        byte[] otherNonce = new byte[16];
        otherNonce[0] = 1;
        ClusterSecret.Transcript t2 = new ClusterSecret.Transcript(x, otherNonce, y, new byte[16]);
        ClusterSecret secret = new ClusterSecret(Optional.of("s"));

        assertTrue(secret.verifyDialer(t, secret.dialerProof(t)));
        assertFalse(secret.verifyDialer(t2, secret.dialerProof(t)), "a proof is good for one pair of nonces");
        assertFalse(secret.verifyAcceptor(t, secret.dialerProof(t)), "a dialer's proof cannot be reflected back");
        assertFalse(new ClusterSecret(Optional.of("t")).verifyDialer(t, secret.dialerProof(t)));
        assertEquals(32, secret.dialerProof(t).length);
    }

    private static BusFrame hello() {
        return HandshakeCodec.encode(new HandshakeMessage.Hello(new BusAddress("127.0.0.1", 1),
                new byte[HandshakeMessage.NONCE_BYTES], false));
    }

    /** An embedded channel whose peer appears to be on another host. */
    private static final class RemoteChannel extends EmbeddedChannel {
        /** A constant: the constructor activates the channel before any field of ours could be set. */
        private static final SocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40_000);

        RemoteChannel(io.netty.channel.ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return REMOTE;
        }
    }
}
