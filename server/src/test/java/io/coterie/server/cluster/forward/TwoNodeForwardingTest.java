package io.coterie.server.cluster.forward;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static io.coterie.server.cluster.forward.Topologies.keyOwnedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.Clock;
import io.coterie.ring.membership.Address;
import io.coterie.server.Commands;
import io.coterie.server.ServerRuntime;
import io.coterie.server.StoreHandle;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.netty.NettyTransport;
import io.coterie.server.cluster.bus.netty.NettyTransportConfig;
import io.coterie.server.command.CommandTable;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.net.RespServer;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM, each a real RESP server and a real Netty bus on 127.0.0.1 (ports 19700–19799), with
 * hand-built topologies; a client talks to node A only.
 */
class TwoNodeForwardingTest {

    private static final int PORT_FIRST = 19_700;
    private static final int PORT_COUNT = 100;
    private static final AtomicInteger nextPort = new AtomicInteger((int) (ProcessHandle.current().pid() % PORT_COUNT));
    private static final int READ_TIMEOUT_MS = 10_000;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService executorA = Executors.newSingleThreadExecutor();
    private final ExecutorService executorB = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        executorA.shutdownNow();
        executorB.shutdownNow();
    }

    /** One node: its store, runtime, client port and bus. */
    private record Node(InMemoryStore store, ServerRuntime runtime, Address address, NettyTransport bus) {
    }

    private Node start(Address address) throws Exception {
        InMemoryStore store = new InMemoryStore();
        ServerRuntime runtime = new ServerRuntime(ServerConfig.defaults(), new StoreHandle(store, f -> { }, b -> { }),
                Clock.system());
        runtime.commands(CommandTable.of(Commands.all(runtime)));
        RespServer server = new RespServer(runtime, 1);
        closing.add(server);
        server.bind(List.of("127.0.0.1"), address.clientPort());
        NettyTransport bus = NettyTransport.start(
                NettyTransportConfig.of("127.0.0.1", address.busPort(), Optional.empty()));
        closing.add(bus);
        return new Node(store, runtime, address, bus);
    }

    private static int freePort() {
        for (int attempt = 0; attempt < PORT_COUNT; attempt++) {
            int port = PORT_FIRST + Math.floorMod(nextPort.getAndIncrement(), PORT_COUNT);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 19700..19799");
    }

    private final Address addressA = new Address("127.0.0.1", freePort(), freePort());
    private final Address addressB = new Address("127.0.0.1", freePort(), freePort());
    private final Topology fromA = Topologies.of(A, Map.of(A, addressA, B, addressB), 1);
    private final Topology fromB = Topologies.of(B, Map.of(A, addressA, B, addressB), 1);
    private final String onA = keyOwnedBy(fromA, A, "a");
    private final String onA2 = keyOwnedBy(fromA, A, "aa");
    private final String onB = keyOwnedBy(fromA, B, "b");
    private final String onB2 = keyOwnedBy(fromA, B, "bb");

    private Node nodeA;
    private Node nodeB;

    private void startBoth(Topology bView) throws Exception {
        nodeA = start(addressA);
        nodeB = start(addressB);
        Forwarding.enable(nodeA.runtime(), nodeA.bus(), () -> fromA, executorA);
        Forwarding.enable(nodeB.runtime(), nodeB.bus(), () -> bView, executorB);
    }

    @Test
    void singleKeyCommandsThroughALandOnBAndReadFromB() throws Exception {
        startBoth(fromB);
        try (Client c = new Client(addressA.clientPort())) {
            assertEquals("+OK", c.call("set", onB, "v1"));
            assertEquals("v1", value(nodeB.store(), onB));
            assertNull(nodeA.store().get(bytes(onB), now()), "not on the node that received it");
            assertEquals("$v1", c.call("get", onB));
            assertEquals(":1", c.call("incr", onB2));
            assertEquals(":6", c.call("incrby", onB2, "5"));
            assertEquals("6", value(nodeB.store(), onB2));
            assertEquals("+OK", c.call("set", onA, "local"));
            assertEquals("local", value(nodeA.store(), onA));
            assertEquals("-ERR value is not an integer or out of range", c.call("incr", onB));
            assertEquals("$(nil)", c.call("get", "never-set-" + onB));
        }
    }

    @Test
    void multiKeyCommandsFanOutAndMergeAsRedisWould() throws Exception {
        startBoth(fromB);
        try (Client c = new Client(addressA.clientPort())) {
            assertEquals("+OK", c.call("mset", onA, "1", onB, "2", onA2, "3", onB2, "4"));
            assertEquals("2", value(nodeB.store(), onB));
            assertEquals("3", value(nodeA.store(), onA2));
            assertEquals("[$2, $1, $(nil), $4, $3]", c.call("mget", onB, onA, "missing" + onA, onB2, onA2));
            assertEquals(":4", c.call("exists", onA, onB, onB, onA2));
            assertEquals(":3", c.call("del", onA, onB, onB2, "missing" + onB));
            assertNull(nodeB.store().get(bytes(onB2), now()));
            assertEquals(":1", c.call("exists", onA, onB, onB2, onA2));
            assertEquals("-ERR 'msetnx' keys belong to different nodes; it cannot run across nodes without losing "
                    + "its atomicity", c.call("msetnx", onA, "1", onB, "2"));
            assertEquals(":1", c.call("msetnx", onB, "x", onB2, "y"));
            assertEquals("y", value(nodeB.store(), onB2));
        }
    }

    @Test
    void keyspaceWideCommandsCoverBothNodes() throws Exception {
        startBoth(fromB);
        try (Client c = new Client(addressA.clientPort())) {
            assertEquals("+OK", c.call("mset", onA, "1", onB, "2", onB2, "3"));
            assertEquals(":3", c.call("dbsize"));
            assertEquals(List.of(onA, onB, onB2).stream().sorted().toList().toString(),
                    sortedElements(c.call("keys", "*")));
            assertEquals("+OK", c.call("flushall"));
            assertEquals(0, nodeB.store().size());
            assertEquals(":0", c.call("dbsize"));
        }
    }

    /** "[$x, $y]" → "[x, y]" sorted. */
    private static String sortedElements(String array) {
        return java.util.Arrays.stream(array.substring(1, array.length() - 1).split(", "))
                .map(e -> e.substring(1)).sorted().toList().toString();
    }

    @Test
    void pipelinedMixesReplyInRequestOrder() throws Exception {
        startBoth(fromB);
        try (Client c = new Client(addressA.clientPort())) {
            List<String[]> commands = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                commands.add(new String[] {"incr", onB});
                expected.add(":" + (i + 1));
                commands.add(new String[] {"incr", onA});
                expected.add(":" + (i + 1));
                commands.add(new String[] {"mget", onA, onB});
                expected.add("[$" + (i + 1) + ", $" + (i + 1) + "]");
                commands.add(new String[] {"ping"});
                expected.add("+PONG");
            }
            assertEquals(expected, c.pipeline(commands));
        }
    }

    @Test
    void theOwnerRunsAForwardedCommandEvenIfItsViewDisagrees() throws Exception {
        // B believes A owns everything: it must still run what A forwarded, never bounce it back.
        startBoth(onlyAOwns());
        try (Client c = new Client(addressA.clientPort())) {
            assertEquals("+OK", c.call("set", onB, "here"));
            assertEquals("here", value(nodeB.store(), onB));
            assertNull(nodeA.store().get(bytes(onB), now()));
        }
    }

    @Test
    void theOwnerRefusesForwardedConnectionCommandsAndMalformedFrames() throws Exception {
        startBoth(fromB);
        byte[] reply = nodeA.bus().request(addressB.bus(), ForwardCodec.FORWARD_REQUEST_TYPE,
                ForwardCodec.encode(1, new byte[][] {bytes("client"), bytes("setname"), bytes("x")}), 5_000)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("-ERR command 'client' has no keys and is never forwarded\r\n",
                new String(reply, StandardCharsets.UTF_8));
        var malformed = nodeA.bus().request(addressB.bus(), ForwardCodec.FORWARD_REQUEST_TYPE, new byte[] {9}, 5_000);
        var thrown = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> malformed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(thrown.getCause().getMessage().contains("malformed forward request"), thrown.getCause().toString());
    }

    /** B's view: both members known, but a ring of A alone. */
    private Topology onlyAOwns() {
        Topology aOnly = Topologies.of(A, Map.of(A, addressA), 1);
        return new Topology(fromB.view(), aOnly.ring(), aOnly.ring(), 1);
    }

    @Test
    void anUnreachableOwnerGivesAClearErrorAndTheConnectionGoesOn() throws Exception {
        nodeA = start(addressA);
        Forwarding.enable(nodeA.runtime(), nodeA.bus(), () -> fromA, executorA);
        try (Client c = new Client(addressA.clientPort())) {
            String failed = "-ERR forward to 127.0.0.1:" + addressB.clientPort() + " failed: ";
            String reply = c.call("get", onB);
            assertTrue(reply.startsWith(failed) && reply.length() > failed.length(), reply);
            assertEquals("+OK", c.call("set", onA, "still-serving"));
            String fanOut = c.call("mget", onA, onB);
            assertTrue(fanOut.startsWith(failed), "a fan-out with a failed part answers the failure: " + fanOut);
            assertEquals("$still-serving", c.call("get", onA));
        }
    }

    @Test
    void aSlowOwnerTimesOutWithAClearError() throws Exception {
        startBoth(fromB);
        nodeA.runtime().config().set(List.of("request-timeout-ms", "200"));
        CountDownLatch release = new CountDownLatch(1);
        executorB.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Client c = new Client(addressA.clientPort())) {
            assertEquals("-ERR forward to 127.0.0.1:" + addressB.clientPort() + " failed: timed out after 200 ms",
                    c.call("get", onB));
            release.countDown();
            assertEquals("+OK", c.call("set", onB, "after"));
            assertEquals("$after", c.call("get", onB));
        }
    }

    private static String value(Store store, String key) {
        var r = store.get(bytes(key), now());
        assertNotNull(r, key);
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** A blocking RESP2 client: replies as "+OK", "-ERR ...", ":1", "$value", "$(nil)", "[a, b]". */
    private static final class Client implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        String call(String... argv) throws IOException {
            return pipeline(List.<String[]>of(argv)).get(0);
        }

        List<String> pipeline(List<String[]> commands) throws IOException {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            for (String[] argv : commands) {
                req.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                for (String a : argv) {
                    byte[] b = bytes(a);
                    req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                    req.writeBytes(b);
                    req.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write(req.toByteArray());
            out.flush();
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                replies.add(read());
            }
            return replies;
        }

        private String read() throws IOException {
            int type = in.read();
            String line = line();
            switch (type) {
                case '+', '-', ':' -> {
                    return (char) type + line;
                }
                case '$' -> {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return "$(nil)";
                    }
                    byte[] b = in.readNBytes(n + 2);
                    return "$" + new String(b, 0, n, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int n = Integer.parseInt(line);
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(read());
                    }
                    return items.toString();
                }
                default -> throw new IOException("unexpected reply type " + type);
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                sb.append((char) c);
            }
            in.read();
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
