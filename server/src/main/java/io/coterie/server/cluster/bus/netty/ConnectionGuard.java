package io.coterie.server.cluster.bus.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Last stage: any error on an authenticated connection (an oversized or corrupt frame, a protocol violation, an I/O
 * error) closes that connection and nothing else. After a corrupt frame the stream cannot be trusted to be in sync.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Bus connection with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing bus connection with {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        }
        CloseReason.record(ctx.channel(), String.valueOf(cause.getMessage()));
        ctx.close();
    }
}
