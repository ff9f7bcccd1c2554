package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * How one node's bus listens and presents itself.
 *
 * @param bindHost         interface the server socket binds (SPEC's {@code bind}); tests use 127.0.0.1
 * @param bindPort         the {@code cluster-port}
 * @param advertised       the address peers dial and see as {@code from}; usually bindHost:bindPort, differs behind NAT
 * @param clusterSecret    the {@code cluster-secret}; empty means the bus only accepts loopback peers (SPEC section 4)
 * @param eventLoopThreads threads of the transport's own NIO event loop group
 * @param limits           frame, queue, timeout and backoff bounds
 */
public record NettyTransportConfig(
        String bindHost,
        int bindPort,
        BusAddress advertised,
        Optional<String> clusterSecret,
        int eventLoopThreads,
        BusLimits limits) {

    public NettyTransportConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(advertised, "advertised");
        Objects.requireNonNull(clusterSecret, "clusterSecret");
        Objects.requireNonNull(limits, "limits");
        if (bindPort < 1 || bindPort > 65535 || eventLoopThreads < 1) {
            throw new IllegalArgumentException("bad bus config: bindPort=" + bindPort + " eventLoopThreads=" + eventLoopThreads);
        }
        if (clusterSecret.isPresent() && clusterSecret.get().isEmpty()) {
            throw new IllegalArgumentException("an empty cluster-secret proves nothing; leave it unset instead");
        }
    }

    /** Binds and advertises {@code host:port}, one event loop thread, default limits. */
    public static NettyTransportConfig of(String host, int port, Optional<String> clusterSecret) {
        return new NettyTransportConfig(host, port, new BusAddress(host, port), clusterSecret, 1, BusLimits.defaults());
    }

    public NettyTransportConfig withLimits(BusLimits next) {
        return new NettyTransportConfig(bindHost, bindPort, advertised, clusterSecret, eventLoopThreads, next);
    }

    @Override
    public String toString() {
        // Never print the secret itself.
        return "NettyTransportConfig[bind=" + bindHost + ":" + bindPort + ", advertised=" + advertised
                + ", clusterSecret=" + (clusterSecret.isPresent() ? "set" : "none") + ", eventLoopThreads="
                + eventLoopThreads + ", limits=" + limits + "]";
    }
}
