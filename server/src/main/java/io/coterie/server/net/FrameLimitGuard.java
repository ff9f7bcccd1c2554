package io.coterie.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Refuses oversized frames from their headers, before the aggregators behind it buffer a bulk
 * string or pre-size a list from a length the client chose (Redis's processMultibulkBuffer limits,
 * including the tighter ones for clients that still have to AUTH). On a violation it drops
 * everything after and raises a {@link ProtocolException}; the connection handler replies and closes.
 */
final class FrameLimitGuard extends ChannelInboundHandlerAdapter {

    /** Redis: "invalid multibulk length" above 1024*1024 elements. */
    static final long MULTIBULK_LENGTH_MAX = 1024 * 1024;
    /** Redis gives a client that must still AUTH at most this many arguments per command... */
    static final long UNAUTHENTICATED_MULTIBULK_LENGTH_MAX = 10;
    /** ...and at most this many bytes per argument. */
    static final long UNAUTHENTICATED_BULK_BYTES_MAX = 16 * 1024;

    private final LongSupplier bulkBytesMax;
    private final BooleanSupplier mustAuthenticate;
    private boolean tripped;

    /**
     * @param bulkBytesMax     proto-max-bulk-len, read per frame so CONFIG SET applies at once
     * @param mustAuthenticate true while the connection has to AUTH first
     */
    FrameLimitGuard(LongSupplier bulkBytesMax, BooleanSupplier mustAuthenticate) {
        this.bulkBytesMax = bulkBytesMax;
        this.mustAuthenticate = mustAuthenticate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tripped) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof BulkStringHeaderRedisMessage h) {
            long max = mustAuthenticate.getAsBoolean()
                    ? Math.min(UNAUTHENTICATED_BULK_BYTES_MAX, bulkBytesMax.getAsLong())
                    : bulkBytesMax.getAsLong();
            if (h.bulkStringLength() > max) {
                trip(ctx, msg, "invalid bulk length");
                return;
            }
        } else if (msg instanceof ArrayHeaderRedisMessage h) {
            long max = mustAuthenticate.getAsBoolean() ? UNAUTHENTICATED_MULTIBULK_LENGTH_MAX : MULTIBULK_LENGTH_MAX;
            if (h.length() > max) {
                trip(ctx, msg, "invalid multibulk length");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void trip(ChannelHandlerContext ctx, Object msg, String reason) {
        tripped = true;
        ReferenceCountUtil.release(msg);
        ctx.fireExceptionCaught(new ProtocolException(reason));
    }
}
