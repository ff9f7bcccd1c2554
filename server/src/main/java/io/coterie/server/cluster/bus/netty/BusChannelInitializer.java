package io.coterie.server.cluster.bus.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Assembles every bus connection's pipeline, one job per stage:
 * <pre>
 *   flushes        one flush per read burst for answers written on the event loop (Netty's FlushConsolidationHandler)
 *   frameDecoder   length prefix → frame bytes; limit checked before buffering (handshake limit until authenticated)
 *   framePrepender frame bytes → length prefix + bytes
 *   traffic        frames and bytes in/out counters
 *   frameCodec     frame bytes ⇄ BusFrame: magic, protocol version, kind, type, correlation id
 *   handshake      AcceptorHandshake or DialerHandshake; removes itself once the peer is authenticated
 *   frames         RequestDispatcher (accepted) or ResponseHandler (dialed)
 *   guard          closes the connection on any error
 * </pre>
 * Connections are one-directional in purpose: a node sends its requests and one-way frames on connections it dialed
 * and answers requests on connections it accepted.
 */
final class BusChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Flushes held back at most, so a long read burst still sends answers out as it goes. */
    private static final int FLUSHES_PER_BURST_MAX = 256;

    private final BusContext bus;
    /** The peer this connection is dialed to; null for accepted connections. */
    private final PeerConnection dialedPeer;

    private BusChannelInitializer(BusContext bus, PeerConnection dialedPeer) {
        this.bus = bus;
        this.dialedPeer = dialedPeer;
    }

    static BusChannelInitializer accepting(BusContext bus) {
        return new BusChannelInitializer(bus, null);
    }

    static BusChannelInitializer dialing(BusContext bus, PeerConnection peer) {
        return new BusChannelInitializer(bus, peer);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        bus.channels.add(ch);
        boolean accepted = dialedPeer == null;
        ch.pipeline()
                // Replica reads (and, without appendfsync always, writes) are answered on the event loop while the
                // requests that asked for them are still being read: one flush for the burst, not a syscall each.
                .addLast("flushes", new FlushConsolidationHandler(FLUSHES_PER_BURST_MAX, true))
                .addLast("frameDecoder", new BusFrameDecoder(bus.limits.handshakeFrameBytesMax(), bus.limits.frameBytesMax()))
                .addLast("framePrepender", new LengthFieldPrepender(BusFrame.LENGTH_PREFIX_BYTES))
                .addLast("traffic", new TrafficCounter(bus.counters))
                .addLast("frameCodec", new BusFrameCodec(bus.limits.frameBytesMax()))
                .addLast("handshake", accepted ? new AcceptorHandshake(bus) : new DialerHandshake(bus))
                .addLast("frames", accepted ? new RequestDispatcher(bus) : new ResponseHandler(dialedPeer))
                .addLast("guard", new ConnectionGuard());
    }
}
