package io.coterie.server.cluster.bus.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framing stages alone, fed bytes in fragments through EmbeddedChannel as Netty's own codec tests do. */
class BusFramingTest {

    private static final int HANDSHAKE_BYTES_MAX = 1024;
    private static final int FRAME_BYTES_MAX = 64 * 1024;

    @Test
    void framesSurviveTheRoundTripInOneByteFragments() {
        EmbeddedChannel out = framing();
        BusFrame sent = new BusFrame(FrameKind.REQUEST, 48, 0x0102030405060708L, new byte[]{9, 8, 7});
        out.writeOutbound(sent);
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf part = out.readOutbound(); part != null; part = out.readOutbound()) {
            wire.writeBytes(part);
            part.release();
        }
        assertEquals(BusFrame.LENGTH_PREFIX_BYTES + BusFrame.HEADER_BYTES + 3, wire.readableBytes());

        EmbeddedChannel in = framing();
        while (wire.isReadable()) {
            in.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        BusFrame got = in.readInbound();
        assertEquals(sent.kind(), got.kind());
        assertEquals(sent.type(), got.type());
        assertEquals(sent.correlationId(), got.correlationId());
        assertArrayEquals(sent.payload(), got.payload());
    }

    @Test
    void theHandshakeLimitAppliesUntilFullFramesAreAdmitted() {
        EmbeddedChannel before = framing();
        DecoderException e = assertThrows(DecoderException.class,
                () -> before.writeInbound(Unpooled.wrappedBuffer(new byte[]{0, 0, 4, 1})));
        assertInstanceOf(TooLongFrameException.class, e);
        assertTrue(e.getMessage().contains("before the handshake"), e.getMessage());

        EmbeddedChannel after = framing();
        after.pipeline().get(BusFrameDecoder.class).admitFullSizeFrames();
        assertTrue(!after.writeInbound(Unpooled.wrappedBuffer(new byte[]{0, 0, 4, 1})), "waits for the 1025 bytes");
        assertNull(after.readInbound());
    }

    @Test
    void theFullLimitIsCheckedFromThePrefixAlone() {
        EmbeddedChannel ch = framing();
        ch.pipeline().get(BusFrameDecoder.class).admitFullSizeFrames();
        ByteBuf prefix = Unpooled.buffer().writeInt(FRAME_BYTES_MAX + 1);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(prefix));
    }

    @Test
    void badMagicVersionKindOrShortFramesAreCorrupt() {
        assertCorrupt(new byte[]{0x00, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "bad magic");
        assertCorrupt(new byte[]{(byte) 0xC7, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "protocol version 2");
        assertCorrupt(new byte[]{(byte) 0xC7, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "unknown frame kind 9");
        assertCorrupt(new byte[]{(byte) 0xC7, 1, 1}, "shorter than");
    }

    @Test
    void theEncoderRefusesAFrameOverTheLimit() {
        EmbeddedChannel ch = framing();
        BusFrame huge = new BusFrame(FrameKind.ONE_WAY, 48, 0, new byte[FRAME_BYTES_MAX]);
        assertThrows(Exception.class, () -> ch.writeOutbound(huge));
    }

    private static void assertCorrupt(byte[] frame, String messagePart) {
        EmbeddedChannel ch = framing();
        ByteBuf bytes = Unpooled.buffer().writeInt(frame.length).writeBytes(frame);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(bytes));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static EmbeddedChannel framing() {
        return new EmbeddedChannel(
                new BusFrameDecoder(HANDSHAKE_BYTES_MAX, FRAME_BYTES_MAX),
                new LengthFieldPrepender(BusFrame.LENGTH_PREFIX_BYTES),
                new BusFrameCodec(FRAME_BYTES_MAX));
    }
}
