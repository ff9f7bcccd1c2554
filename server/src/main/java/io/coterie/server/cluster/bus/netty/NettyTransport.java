package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Transport}: length-prefixed binary frames over TCP (NIO, see FINDINGS.md), a versioned and
 * cluster-secret-authenticated handshake on every connection, one lazily dialed connection per peer, correlated
 * request/response with timeouts. Wire format: docs/bus-protocol.md.
 */
public final class NettyTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);
    private static final long CLOSE_WAIT_MS = 2_000;

    private final BusContext bus;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Channel serverChannel;
    private final ConcurrentMap<BusAddress, PeerConnection> peers = new ConcurrentHashMap<>();

    private NettyTransport(BusContext bus, EventLoopGroup group, boolean ownsGroup, Channel serverChannel) {
        this.bus = bus;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.serverChannel = serverChannel;
    }

    /** Starts a bus on its own NIO event loop group of {@code config.eventLoopThreads()} threads, shut down by close(). */
    public static NettyTransport start(NettyTransportConfig config) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), NioIoHandler.newFactory());
        try {
            return start(config, group, true);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Starts a bus on a NIO event loop group shared with other servers; close() leaves the group running. */
    public static NettyTransport start(NettyTransportConfig config, EventLoopGroup sharedGroup) {
        return start(config, sharedGroup, false);
    }

    private static NettyTransport start(NettyTransportConfig config, EventLoopGroup group, boolean ownsGroup) {
        BusContext bus = new BusContext(config);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // A restarted node must get its cluster-port back while old connections sit in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(BusChannelInitializer.accepting(bus))
                .bind(config.bindHost(), config.bindPort())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new BusException("cannot bind the cluster bus to " + config.bindHost() + ":" + config.bindPort(),
                    bound.cause());
        }
        log.info("Cluster bus listening on {}:{}, advertised as {}, {}", config.bindHost(), config.bindPort(),
                config.advertised(), config.clusterSecret().isPresent() ? "cluster secret required"
                        : "no cluster secret: loopback peers only");
        return new NettyTransport(bus, group, ownsGroup, bound.channel());
    }

    @Override
    public BusAddress localAddress() {
        return bus.localAddress;
    }

    @Override
    public void send(BusAddress to, int type, byte[] payload) {
        if (bus.closed.get()) {
            bus.counters.sendsDropped.increment();
            return;
        }
        peerFor(to).send(type, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(BusAddress to, int type, byte[] payload, long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be > 0, got " + timeoutMs);
        }
        if (bus.closed.get()) {
            return CompletableFuture.failedFuture(BusException.notSent(to + ": transport closed"));
        }
        return peerFor(to).request(type, payload, timeoutMs);
    }

    @Override
    public void register(int type, Executor executor, BusHandler handler) {
        bus.handlers.register(type, executor, handler);
    }

    /** Counters since start, for INFO. */
    public BusStats stats() {
        return bus.counters.snapshot();
    }

    /** Fails pending requests, closes every connection and the listener; shuts down the event loops if they are ours. */
    @Override
    public void close() {
        if (!bus.closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        peers.values().forEach(PeerConnection::close);
        bus.channels.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        if (ownsGroup) {
            group.shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(CLOSE_WAIT_MS * 2);
        }
        log.info("Cluster bus on {} closed", bus.localAddress);
    }

    private PeerConnection peerFor(BusAddress to) {
        return peers.computeIfAbsent(to, address -> new PeerConnection(address, group.next(), bus));
    }
}
