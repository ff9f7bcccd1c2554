package io.coterie.server.cluster.bus.netty;

import io.coterie.server.cluster.bus.BusResponder;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** Answers one REQUEST on the connection it arrived on; the first answer wins, from any thread. */
final class ChannelResponder implements BusResponder {

    /** An error message is for a log line, not a payload: keep it well inside any frame limit. */
    static final int ERROR_MESSAGE_BYTES_MAX = 4096;

    private final Channel channel;
    private final int type;
    private final long correlationId;
    private final int frameBytesMax;
    private final AtomicBoolean answered = new AtomicBoolean();

    ChannelResponder(Channel channel, int type, long correlationId, int frameBytesMax) {
        this.channel = channel;
        this.type = type;
        this.correlationId = correlationId;
        this.frameBytesMax = frameBytesMax;
    }

    @Override
    public void reply(byte[] payload) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        if (BusFrame.HEADER_BYTES + payload.length > frameBytesMax) {
            write(FrameKind.ERROR_RESPONSE, utf8("response of " + payload.length + " bytes exceeds the bus frame limit of "
                    + frameBytesMax + " bytes"));
            return;
        }
        write(FrameKind.RESPONSE, payload);
    }

    @Override
    public void fail(String message) {
        if (answered.compareAndSet(false, true)) {
            write(FrameKind.ERROR_RESPONSE, utf8(message));
        }
    }

    @Override
    public boolean expectsReply() {
        return true;
    }

    /** Writes from any thread are safe: Netty hands them to the channel's event loop. A closed channel drops them. */
    private void write(FrameKind kind, byte[] payload) {
        channel.writeAndFlush(new BusFrame(kind, type, correlationId, payload));
    }

    private static byte[] utf8(String message) {
        byte[] bytes = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        return bytes.length <= ERROR_MESSAGE_BYTES_MAX ? bytes : java.util.Arrays.copyOf(bytes, ERROR_MESSAGE_BYTES_MAX);
    }
}
