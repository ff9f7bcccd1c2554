package io.coterie.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.config.ConfigLoader;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The whole server on a real socket: start, serve, refuse a taken port, shut down. */
class CoterieServerTest {

    /** Each server keeps its cluster identity (cluster-state.conf) in a directory of its own. */
    private static ServerConfig config() throws Exception {
        String dir = Files.createTempDirectory("coterie-server-test").toString();
        return ((ConfigLoader.Outcome.Run) ConfigLoader.load(new String[] {"--bind", "127.0.0.1", "--dir", dir}, "test")).config();
    }

    private static StoreHandle store() {
        return new StoreHandle(new InMemoryStore(), f -> { }, b -> { });
    }

    private static String call(Socket s, String request, int replyBytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[replyBytes];
        int n = 0;
        while (n < replyBytes) {
            int r = in.read(buf, n, replyBytes - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void servesClientsAndADebugSleepBlocksOnlyItsOwnConnection() throws Exception {
        try (CoterieServer server = CoterieServer.start(config(), store(), 0);
             Socket sleeper = new Socket();
             Socket other = new Socket()) {
            sleeper.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            other.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            sleeper.setSoTimeout(5000);
            other.setSoTimeout(5000);
            assertEquals("+PONG\r\n", call(other, "PING\r\n", 7));
            long start = System.nanoTime();
            sleeper.getOutputStream().write("DEBUG SLEEP 1\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("+PONG\r\n", call(other, "*1\r\n$4\r\nPING\r\n", 7));
            assertTrue(System.nanoTime() - start < 900_000_000L, "the other connection was not held up");
            assertEquals("+OK\r\n+PONG\r\n", call(sleeper, "", 12));
            assertTrue(System.nanoTime() - start >= 1_000_000_000L, "the reply waited for the sleep");
            assertTrue(call(other, "INFO server\r\n", 40).contains("redis_version:7.0.15"));
            String myId = server.runtime().cluster().orElseThrow().id().value();
            assertEquals("$40\r\n" + myId + "\r\n", call(sleeper, "CLUSTER MYID\r\n", 47), "a lone server is a cluster of one");
        }
    }

    @Test
    void aClientThatDoesNotReadStopsBeingReadUntilItCatchesUp() throws Exception {
        int commands = 4_000;
        String value = "v".repeat(16 * 1024);
        String reply = "$" + value.length() + "\r\n" + value + "\r\n";
        try (CoterieServer server = CoterieServer.start(config(), store(), 0);
             Socket slow = new Socket();
             Socket probe = new Socket()) {
            slow.setReceiveBufferSize(16 * 1024);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            probe.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    byte[] one = ("ECHO " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < commands; i++) {
                        out.write(one);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.setDaemon(true);
            writer.start();
            Thread.sleep(1500);
            long processed = server.runtime().metrics().commandsProcessed.sum();
            assertTrue(processed < commands / 2, "the server kept reading a client that never read: " + processed);
            // The client now reads everything; the server resumes and answers every command, in order.
            InputStream in = slow.getInputStream();
            byte[] expected = reply.getBytes(StandardCharsets.UTF_8);
            byte[] got = new byte[expected.length];
            slow.setSoTimeout(20_000);
            for (int i = 0; i < commands; i++) {
                int n = 0;
                while (n < got.length) {
                    int r = in.read(got, n, got.length - n);
                    assertTrue(r > 0, "connection ended after " + i + " replies");
                    n += r;
                }
                assertEquals(reply.substring(0, 12), new String(got, 0, 12, StandardCharsets.UTF_8));
            }
            writer.join(5_000);
            assertEquals(commands, server.runtime().metrics().commandsProcessed.sum());
        }
    }

    @Test
    void aTakenPortIsAClearStartupError() throws Exception {
        try (CoterieServer first = CoterieServer.start(config(), store(), 0)) {
            CoterieServer.StartupException e = assertThrows(CoterieServer.StartupException.class,
                    () -> CoterieServer.start(config(), store(), first.port()));
            assertTrue(e.getMessage().startsWith("Could not create server TCP listening socket 127.0.0.1:" + first.port()),
                    e.getMessage());
        }
    }
}
