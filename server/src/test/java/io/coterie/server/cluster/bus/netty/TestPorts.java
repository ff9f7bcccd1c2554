package io.coterie.server.cluster.bus.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** Free ports on 127.0.0.1 within 19000–19499, the range this suite may bind. */
final class TestPorts {

    private static final int FIRST = 19_000;
    private static final int COUNT = 500;
    /** Start at a pid-dependent offset so two concurrent runs rarely probe the same ports. */
    private static final AtomicInteger next = new AtomicInteger((int) (ProcessHandle.current().pid() % COUNT));

    private TestPorts() {
    }

    static int free() {
        for (int attempt = 0; attempt < COUNT; attempt++) {
            int port = FIRST + Math.floorMod(next.getAndIncrement(), COUNT);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + ".." + (FIRST + COUNT - 1));
    }
}
