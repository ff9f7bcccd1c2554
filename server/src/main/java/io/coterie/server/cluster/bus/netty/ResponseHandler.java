package io.coterie.server.cluster.bus.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;

/** On a connection this node dialed: tells its {@link PeerConnection} when it is ready, what came back, and when it closed. */
final class ResponseHandler extends ChannelInboundHandlerAdapter {

    private final PeerConnection peer;

    ResponseHandler(PeerConnection peer) {
        this.peer = peer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeCompleted) {
            peer.onReady(ctx.channel());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BusFrame frame = (BusFrame) msg;
        if (frame.kind() == FrameKind.RESPONSE || frame.kind() == FrameKind.ERROR_RESPONSE) {
            peer.onResponse(frame);
        } else {
            ctx.fireExceptionCaught(new CorruptedFrameException("a " + frame.kind() + " frame on a connection we dialed"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.onClosed(ctx.channel(), CloseReason.of(ctx.channel()));
        ctx.fireChannelInactive();
    }
}
