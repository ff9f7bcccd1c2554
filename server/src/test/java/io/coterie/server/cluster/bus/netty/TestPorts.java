package io.coterie.server.cluster.bus.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** Free ports on 127.0.0.1 within one suite's range (the bus tests': 19000–19499). */
public final class TestPorts {

    private static final TestPorts BUS_TESTS = new TestPorts(19_000, 500);

    private final int first;
    private final int count;
    /** Start at a pid-dependent offset so two concurrent runs rarely probe the same ports. */
    private final AtomicInteger next;

    public TestPorts(int first, int count) {
        this.first = first;
        this.count = count;
        this.next = new AtomicInteger((int) (ProcessHandle.current().pid() % count));
    }

    static int free() {
        return BUS_TESTS.next();
    }

    public int next() {
        for (int attempt = 0; attempt < count; attempt++) {
            int port = first + Math.floorMod(next.getAndIncrement(), count);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + first + ".." + (first + count - 1));
    }
}
