package io.coterie.server.cluster.bus.netty;

import io.coterie.ring.membership.BusAddress;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The part of the handshake both sides share: nothing but HANDSHAKE frames until it completes, a deadline, and one
 * way to refuse (count, log at WARN with the peer's socket address, tell the peer why, close). On success it admits
 * full-size frames, announces {@link HandshakeCompleted} and leaves the pipeline.
 *
 * <p>Event loop only.
 */
abstract class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    final BusContext bus;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    HandshakeHandler(BusContext bus) {
        this.bus = bus;
    }

    /** The channel is connected and the deadline is running. */
    abstract void onActive(ChannelHandlerContext ctx);

    /** A handshake step other than REFUSE arrived. */
    abstract void onMessage(ChannelHandlerContext ctx, HandshakeMessage message);

    @Override
    public final void channelActive(ChannelHandlerContext ctx) {
        long timeoutMs = bus.limits.handshakeTimeoutMs();
        deadline = ctx.executor().schedule(
                () -> refuse(ctx, "handshake not completed within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS);
        onActive(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished) {
            return;
        }
        BusFrame frame = (BusFrame) msg;
        if (frame.kind() != FrameKind.HANDSHAKE) {
            refuse(ctx, "sent a " + frame.kind() + " frame before the handshake completed");
            return;
        }
        HandshakeMessage message = HandshakeCodec.decode(frame);
        if (message instanceof HandshakeMessage.Refuse refusal) {
            refusedByPeer(ctx, refusal.reason());
        } else {
            onMessage(ctx, message);
        }
    }

    /** Malformed or foreign bytes before authentication: refuse, whatever they were. A broken socket is no refusal. */
    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            finished = true;
            cancelDeadline();
            CloseReason.record(ctx.channel(), "connection failed during the handshake: " + cause.getMessage());
            ctx.close();
        } else {
            refuse(ctx, String.valueOf(cause.getMessage()));
        }
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    final void complete(ChannelHandlerContext ctx, BusAddress peer) {
        finished = true;
        cancelDeadline();
        ctx.pipeline().get(BusFrameDecoder.class).admitFullSizeFrames();
        ctx.fireUserEventTriggered(new HandshakeCompleted(peer));
        ctx.pipeline().remove(this);
    }

    final void refuse(ChannelHandlerContext ctx, String reason) {
        if (finished) {
            return;
        }
        finished = true;
        cancelDeadline();
        bus.counters.handshakesRefused.increment();
        log.warn("Refused bus connection with {}: {}", ctx.channel().remoteAddress(), reason);
        CloseReason.record(ctx.channel(), "handshake refused: " + reason);
        ctx.writeAndFlush(HandshakeCodec.encode(new HandshakeMessage.Refuse(reason)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void refusedByPeer(ChannelHandlerContext ctx, String reason) {
        finished = true;
        cancelDeadline();
        log.warn("Bus peer {} refused our handshake: {}", ctx.channel().remoteAddress(), reason);
        CloseReason.record(ctx.channel(), "refused by peer: " + reason);
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
