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
    void aTakenPortIsAClearStartupError() throws Exception {
        try (CoterieServer first = CoterieServer.start(config(), store(), 0)) {
            CoterieServer.StartupException e = assertThrows(CoterieServer.StartupException.class,
                    () -> CoterieServer.start(config(), store(), first.port()));
            assertTrue(e.getMessage().startsWith("Could not create server TCP listening socket 127.0.0.1:" + first.port()),
                    e.getMessage());
        }
    }
}
