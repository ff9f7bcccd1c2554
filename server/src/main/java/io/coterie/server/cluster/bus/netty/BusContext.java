package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one transport shares: identity, secret, limits, handlers, counters. Thread-safe. */
final class BusContext {

    final BusAddress localAddress;
    final BusLimits limits;
    final ClusterSecret secret;
    final HandlerRegistry handlers = new HandlerRegistry();
    final BusCounters counters = new BusCounters();
    /** Every open connection, accepted or dialed, so close() can close them even on a shared event loop group. */
    final ChannelGroup channels = new DefaultChannelGroup("coterie-bus", GlobalEventExecutor.INSTANCE);
    /** Set by close(): a frame handed to any peer connection afterwards is refused, even one created concurrently. */
    final AtomicBoolean closed = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong correlationIds = new AtomicLong();

    BusContext(NettyTransportConfig config) {
        this.localAddress = config.advertised();
        this.limits = config.limits();
        this.secret = new ClusterSecret(config.clusterSecret());
    }

    byte[] newNonce() {
        byte[] nonce = new byte[HandshakeMessage.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    long nextCorrelationId() {
        return correlationIds.incrementAndGet();
    }
}
