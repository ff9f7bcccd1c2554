package io.coterie.server.cluster.bus.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/**
 * Frame bytes (length prefix already stripped) ⇄ {@link BusFrame}: checks magic, protocol version and kind.
 * Any mismatch is a {@link CorruptedFrameException}, which closes the connection (a refused handshake if it happens
 * before authentication).
 */
final class BusFrameCodec extends MessageToMessageCodec<ByteBuf, BusFrame> {

    private final int frameBytesMax;

    BusFrameCodec(int frameBytesMax) {
        this.frameBytesMax = frameBytesMax;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BusFrame frame, List<Object> out) {
        if (frame.frameBytes() > frameBytesMax) {
            // Callers check first; this guards the protocol from a caller that did not.
            throw new IllegalArgumentException("frame of " + frame.frameBytes() + " bytes exceeds " + frameBytesMax);
        }
        ByteBuf buf = ctx.alloc().buffer(frame.frameBytes());
        buf.writeByte(BusFrame.MAGIC).writeByte(BusFrame.PROTOCOL_VERSION).writeByte(frame.kind().code)
                .writeInt(frame.type()).writeLong(frame.correlationId()).writeBytes(frame.payload());
        out.add(buf);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < BusFrame.HEADER_BYTES) {
            throw new CorruptedFrameException("frame of " + in.readableBytes() + " bytes is shorter than the "
                    + BusFrame.HEADER_BYTES + "-byte header");
        }
        int magic = in.readUnsignedByte();
        if (magic != BusFrame.MAGIC) {
            throw new CorruptedFrameException("bad magic 0x" + Integer.toHexString(magic) + ": not a Coterie bus peer");
        }
        int version = in.readUnsignedByte();
        if (version != BusFrame.PROTOCOL_VERSION) {
            throw new CorruptedFrameException("peer speaks bus protocol version " + version + ", this node speaks "
                    + BusFrame.PROTOCOL_VERSION);
        }
        int kindCode = in.readUnsignedByte();
        FrameKind kind = FrameKind.ofCode(kindCode);
        if (kind == null) {
            throw new CorruptedFrameException("unknown frame kind " + kindCode);
        }
        int type = in.readInt();
        long correlationId = in.readLong();
        out.add(new BusFrame(kind, type, correlationId, ByteBufUtil.getBytes(in)));
    }
}
