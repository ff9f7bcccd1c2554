package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.BusResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two or three real transports on 127.0.0.1: delivery, correlation, timeouts, failures and reconnects. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyTransportTest {

    private static final int ECHO = 48;
    private static final int NOTE = 49;
    private static final long WAIT_MS = 5_000;

    private final Buses buses = new Buses();
    private final ExecutorService handlers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        buses.close();
        handlers.shutdownNow();
        later.shutdownNow();
    }

    record Received(BusAddress from, byte[] payload) {
    }

    @Test
    void deliversOneWayFramesNamingTheSendersAdvertisedAddress() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        b.register(NOTE, handlers, (from, payload, responder) -> {
            assertTrue(!responder.expectsReply());
            inbox.add(new Received(from, payload));
        });

        a.send(b.localAddress(), NOTE, bytes("hello"));

        Received got = inbox.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(got);
        assertEquals(a.localAddress(), got.from());
        assertArrayEquals(bytes("hello"), got.payload());
    }

    @Test
    void namesEachOfSeveralSendersCorrectly() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        NettyTransport c = buses.start();
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        b.register(NOTE, handlers, (from, payload, responder) -> inbox.add(new Received(from, payload)));

        for (int i = 0; i < 50; i++) {
            a.send(b.localAddress(), NOTE, bytes(a.localAddress().toString()));
            c.send(b.localAddress(), NOTE, bytes(c.localAddress().toString()));
        }

        for (int i = 0; i < 100; i++) {
            Received got = inbox.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(got, "frame " + i);
            assertArrayEquals(bytes(got.from().toString()), got.payload(), "each frame names its own sender");
        }
    }

    @Test
    void answersRequests() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(concat(bytes("echo:"), payload)));

        byte[] reply = a.request(b.localAddress(), ECHO, bytes("x"), WAIT_MS).get();

        assertArrayEquals(bytes("echo:x"), reply);
        assertArrayEquals(bytes("echo:"), a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS).get(),
                "empty payloads travel too");
    }

    /** Answers come back in scrambled order; each must reach the request that asked for it. */
    @Test
    void correlatesAThousandConcurrentRequests() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(ECHO, handlers, (from, payload, responder) -> {
            int n = ByteBuffer.wrap(payload).getInt();
            later.schedule(() -> responder.reply(ByteBuffer.allocate(8).putLong(n * 3L).array()),
                    ThreadLocalRandom.current().nextInt(20), TimeUnit.MILLISECONDS);
        });

        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            replies.add(a.request(b.localAddress(), ECHO, ByteBuffer.allocate(4).putInt(i).array(), 20_000));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i * 3L, ByteBuffer.wrap(replies.get(i).get()).getLong(), "reply to request " + i);
        }
    }

    @Test
    void timesOutAndDropsTheLateResponse() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        BlockingQueue<BusResponder> held = new LinkedBlockingQueue<>();
        b.register(ECHO, handlers, (from, payload, responder) -> held.add(responder));

        CompletableFuture<byte[]> reply = a.request(b.localAddress(), ECHO, bytes("slow"), 200);

        ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        held.poll(WAIT_MS, TimeUnit.MILLISECONDS).reply(bytes("too late"));
        assertTrue(Buses.eventually(WAIT_MS, () -> a.stats().inboundDropped() == 1), "late response dropped and counted");
        b.register(NOTE, handlers, (from, payload, responder) -> responder.reply(bytes("ok")));
        assertArrayEquals(bytes("ok"), a.request(b.localAddress(), NOTE, new byte[0], WAIT_MS).get(), "connection still usable");
    }

    @Test
    void reportsHandlerFailuresAsBusExceptions() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(ECHO, handlers, (from, payload, responder) -> responder.fail("no such key"));
        b.register(NOTE, handlers, (from, payload, responder) -> {
            throw new IllegalStateException("boom");
        });

        assertBusException(a.request(b.localAddress(), ECHO, new byte[0], WAIT_MS), "no such key");
        assertBusException(a.request(b.localAddress(), NOTE, new byte[0], WAIT_MS), "boom");
    }

    @Test
    void unknownTypesGetAnErrorOrAreDroppedAndCounted() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();

        assertBusException(a.request(b.localAddress(), 77, new byte[0], WAIT_MS), "no handler for bus message type 77");
        a.send(b.localAddress(), 78, new byte[0]);
        assertTrue(Buses.eventually(WAIT_MS, () -> b.stats().inboundDropped() == 1));
    }

    @Test
    void failsFastWhenThePeerIsDownAndBacksOff() throws Exception {
        NettyTransport a = buses.start(Optional.empty(), limits -> limits.withReconnectBackoffMs(60_000, 60_000));
        BusAddress nobody = new BusAddress("127.0.0.1", TestPorts.free());

        assertBusException(a.request(nobody, ECHO, new byte[0], 20_000), "connect failed");
        // Within the backoff no new attempt is made: the next request fails at once, naming the last failure.
        assertBusException(a.request(nobody, ECHO, new byte[0], 20_000), "next attempt in");
        a.send(nobody, NOTE, new byte[0]);
        assertTrue(Buses.eventually(WAIT_MS, () -> a.stats().sendsDropped() == 1));
        assertEquals(0, a.stats().reconnects());
    }

    @Test
    void failsPendingRequestsWhenTheConnectionDropsAndReconnectsAfterTheRestart() throws Exception {
        NettyTransport a = buses.start(Optional.empty(), limits -> limits.withReconnectBackoffMs(20, 100));
        int port = TestPorts.free();
        NettyTransport b = buses.startOn(port, Optional.empty(), limits -> limits);
        b.register(NOTE, handlers, (from, payload, responder) -> { /* never answers */ });
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));
        assertArrayEquals(bytes("1"), a.request(b.localAddress(), ECHO, bytes("1"), WAIT_MS).get());

        CompletableFuture<byte[]> stranded = a.request(b.localAddress(), NOTE, new byte[0], 20_000);
        Thread.sleep(100);
        b.close();
        assertBusException(stranded, "");

        NettyTransport restarted = buses.startOn(port, Optional.empty(), limits -> limits);
        restarted.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));
        byte[] reply = null;
        for (int attempt = 0; attempt < 100 && reply == null; attempt++) {
            try {
                reply = a.request(restarted.localAddress(), ECHO, bytes("2"), WAIT_MS).get();
            } catch (ExecutionException backingOff) {
                assertInstanceOf(BusException.class, backingOff.getCause());
                Thread.sleep(50);
            }
        }
        assertArrayEquals(bytes("2"), reply);
        assertTrue(a.stats().reconnects() >= 1, "reconnects counted: " + a.stats());
    }

    @Test
    void dropsOneWaySendsAndFailsRequestsWhenTheOutboundQueueIsFull() throws Exception {
        // A peer that accepts TCP but never answers the handshake: frames queue behind it.
        try (java.net.ServerSocket blackHole = new java.net.ServerSocket()) {
            blackHole.bind(new java.net.InetSocketAddress("127.0.0.1", TestPorts.free()));
            NettyTransport a = buses.start(Optional.empty(),
                    limits -> limits.withFrameBytesMax(4096).withOutboundQueueBytesMax(8192));
            BusAddress peer = new BusAddress("127.0.0.1", blackHole.getLocalPort());

            a.send(peer, NOTE, new byte[3000]);
            a.send(peer, NOTE, new byte[3000]);
            a.send(peer, NOTE, new byte[3000]);
            CompletableFuture<byte[]> refused = a.request(peer, ECHO, new byte[3000], 20_000);

            assertEquals(1, a.stats().sendsDropped(), "the third one-way frame did not fit");
            assertTrue(refused.isDone(), "a request that does not fit fails at once");
            assertBusException(refused, "outbound queue full (8192 bytes)");
        }
    }

    @Test
    void failsRequestsBeyondTheInFlightLimit() throws Exception {
        NettyTransport a = buses.start(Optional.empty(), limits -> limits.withRequestsInFlightMax(2));
        NettyTransport b = buses.start();
        b.register(NOTE, handlers, (from, payload, responder) -> { /* never answers */ });
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));

        CompletableFuture<byte[]> first = a.request(b.localAddress(), NOTE, new byte[0], 300);
        CompletableFuture<byte[]> second = a.request(b.localAddress(), NOTE, new byte[0], 300);
        assertBusException(a.request(b.localAddress(), NOTE, new byte[0], 20_000), "2 requests already in flight");

        ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(first.isCompletedExceptionally());
        assertArrayEquals(bytes("room again"), a.request(b.localAddress(), ECHO, bytes("room again"), WAIT_MS).get(),
                "timed-out requests free their slots");
    }

    @Test
    void refusesToSendAFrameOverItsOwnLimit() {
        NettyTransport a = buses.start(Optional.empty(), limits -> limits.withFrameBytesMax(4096));
        NettyTransport b = buses.start();

        CompletableFuture<byte[]> reply = a.request(b.localAddress(), ECHO, new byte[4096], WAIT_MS);

        assertTrue(reply.isDone());
        assertBusException(reply, "exceeds the bus frame limit of 4096 bytes");
    }

    @Test
    void aPeerClosesTheConnectionOnAnOversizedFrameAndStaysUp() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start(Optional.empty(), limits -> limits.withFrameBytesMax(4096));
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));

        assertBusException(a.request(b.localAddress(), ECHO, new byte[8000], WAIT_MS), "");

        assertArrayEquals(bytes("small"), a.request(b.localAddress(), ECHO, bytes("small"), WAIT_MS).get());
    }

    @Test
    void closeFailsPendingRequests() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(NOTE, handlers, (from, payload, responder) -> { /* never answers */ });
        CompletableFuture<byte[]> pending = a.request(b.localAddress(), NOTE, new byte[0], 20_000);
        Thread.sleep(100);

        a.close();

        assertBusException(pending, "transport closed");
        assertBusException(a.request(b.localAddress(), NOTE, new byte[0], 20_000), "transport closed");
    }

    @Test
    void countsFramesAndBytes() throws Exception {
        NettyTransport a = buses.start();
        NettyTransport b = buses.start();
        b.register(ECHO, handlers, (from, payload, responder) -> responder.reply(payload));

        a.request(b.localAddress(), ECHO, new byte[1000], WAIT_MS).get();

        BusStats sent = a.stats();
        // Handshake: HELLO and PROOF out, CHALLENGE and WELCOME in; then the request and its response.
        assertEquals(3, sent.framesOut());
        assertEquals(3, sent.framesIn());
        assertTrue(sent.bytesOut() > 1000 + BusFrame.HEADER_BYTES + BusFrame.LENGTH_PREFIX_BYTES, sent.toString());
        assertTrue(Buses.eventually(WAIT_MS, () -> b.stats().framesIn() == 3 && b.stats().bytesIn() == sent.bytesOut()),
                b.stats().toString());
    }

    @Test
    void registeringATypeTwiceIsRefused() {
        NettyTransport a = buses.start();
        a.register(ECHO, handlers, (from, payload, responder) -> { });
        assertThrows(IllegalStateException.class, () -> a.register(ECHO, handlers, (from, payload, responder) -> { }));
    }

    static void assertBusException(CompletableFuture<byte[]> future, String messagePart) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(BusException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains(messagePart), e.getCause().getMessage());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] both = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, both, x.length, y.length);
        return both;
    }
}
