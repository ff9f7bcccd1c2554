package io.coterie.server.cluster.bus.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Starts transports on free loopback ports and closes every one of them after the test. */
final class Buses implements AutoCloseable {

    private final List<NettyTransport> started = new ArrayList<>();

    NettyTransport start() {
        return start(Optional.empty(), UnaryOperator.identity());
    }

    NettyTransport start(Optional<String> secret) {
        return start(secret, UnaryOperator.identity());
    }

    NettyTransport start(Optional<String> secret, UnaryOperator<BusLimits> limits) {
        return startOn(TestPorts.free(), secret, limits);
    }

    NettyTransport startOn(int port, Optional<String> secret, UnaryOperator<BusLimits> limits) {
        NettyTransportConfig config = NettyTransportConfig.of("127.0.0.1", port, secret);
        NettyTransport transport = NettyTransport.start(config.withLimits(limits.apply(config.limits())));
        started.add(transport);
        return transport;
    }

    @Override
    public void close() {
        started.forEach(NettyTransport::close);
    }

    /** Polls {@code condition} every 10 ms for up to {@code timeoutMs}. */
    static boolean eventually(long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
