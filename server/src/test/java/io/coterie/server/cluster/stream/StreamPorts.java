package io.coterie.server.cluster.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** Free ports on 127.0.0.1 within 19800–19899 (or 100 from {@code -Dcoterie.test.streamPortFirst}), for the streaming tests. */
final class StreamPorts {

    private static final int FIRST = Integer.getInteger("coterie.test.streamPortFirst", 19_800);
    private static final int COUNT = 100;
    private static final AtomicInteger next = new AtomicInteger((int) (ProcessHandle.current().pid() % COUNT));

    private StreamPorts() {
    }

    static int free() {
        for (int attempt = 0; attempt < COUNT; attempt++) {
            int port = FIRST + Math.floorMod(next.getAndIncrement(), COUNT);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + ".." + (FIRST + COUNT - 1));
    }
}
