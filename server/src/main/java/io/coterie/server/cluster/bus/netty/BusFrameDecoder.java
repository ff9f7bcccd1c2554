package io.coterie.server.cluster.bus.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.nio.ByteOrder;

/**
 * Splits the byte stream into frames on their 4-byte length prefix. Until the handshake completes only frames up to
 * the handshake limit are admitted, so an unauthenticated peer cannot make us buffer a 64 MiB frame; the declared
 * length is checked as soon as the prefix arrives, before the frame's bytes are waited for.
 *
 * <p>Event loop only.
 */
final class BusFrameDecoder extends LengthFieldBasedFrameDecoder {

    private int admittedFrameBytesMax;
    private final int frameBytesMax;
    /** Set once a frame was refused: the stream is out of sync, so the rest is discarded while the connection closes. */
    private boolean refused;

    BusFrameDecoder(int handshakeFrameBytesMax, int frameBytesMax) {
        super(frameBytesMax, 0, BusFrame.LENGTH_PREFIX_BYTES, 0, BusFrame.LENGTH_PREFIX_BYTES);
        this.admittedFrameBytesMax = handshakeFrameBytesMax;
        this.frameBytesMax = frameBytesMax;
    }

    /** Called once the peer is authenticated. */
    void admitFullSizeFrames() {
        admittedFrameBytesMax = frameBytesMax;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        return super.decode(ctx, in);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameBytes = super.getUnadjustedFrameLength(buf, offset, length, order);
        if (frameBytes > admittedFrameBytesMax) {
            refused = true;
            throw new TooLongFrameException("frame of " + frameBytes + " bytes exceeds the limit of "
                    + admittedFrameBytesMax + " bytes" + (admittedFrameBytesMax < frameBytesMax ? " before the handshake" : ""));
        }
        return frameBytes;
    }
}
