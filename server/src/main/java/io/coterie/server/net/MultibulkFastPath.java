package io.coterie.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The fast path in front of netty-codec-redis for what clients send nearly always: well-formed
 * multibulk commands ({@code *N\r\n} then N {@code $len\r\ndata\r\n}) within the frame limits. Each
 * complete command is copied straight from the inbound buffer into a {@code byte[][]} and handed to
 * the connection handler, skipping the codec's per-element message objects, slices and the stages
 * between. A partial command stays buffered here until its bytes have arrived.
 *
 * <p>Anything else — an inline command, {@code *0}, a length with a sign, leading zero or over a limit,
 * a missing CRLF, a non-bulk element — hands the connection over to the codec for good, starting at
 * that command: the codec, {@link FrameLimitGuard} and {@link CommandAssembler} behind it decide
 * what it is and answer errors exactly as before. This stage never decides an error itself.
 */
final class MultibulkFastPath extends ChannelInboundHandlerAdapter {

    /** Redis's processMultibulkBuffer refuses bulk lengths beyond INT_MAX, so no 11th digit. */
    private static final int LENGTH_DIGITS_MAX = 10;
    /** Larger than any byte[] the JVM makes; only reachable with a proto-max-bulk-len over 2 GB. */
    private static final long ARG_BYTES_MAX = Integer.MAX_VALUE - 16;
    private static final int INCOMPLETE = -1;
    private static final int FOREIGN = -2;

    private final LongSupplier bulkBytesMax;
    private final BooleanSupplier mustAuthenticate;
    /** Whole commands continue from this stage (the last aggregator), as {@link CommandAssembler} delivers them. */
    private final String deliverAfter;
    private ChannelHandlerContext deliverCtx;
    /** Unconsumed bytes: the start of a command whose rest has not arrived. */
    private ByteBuf cumulation;
    /** Parsing again is pointless until the buffer holds this many bytes (a large value arriving in pieces). */
    private int neededBytes;
    /** Everything from here on goes to the codec. */
    private boolean handedOver;
    /** The command being read: its arguments so far, how many it has and will have, its size limit per argument. */
    private byte[][] argv;
    private int collected;
    private int expected;
    private long bytesMax;
    /** Where an incomplete command's next argument starts, from the command's first byte. */
    private int resumeOffset;
    /** The number {@link #readLength} read. */
    private long lineValue;

    /**
     * @param bulkBytesMax     proto-max-bulk-len, read per command so CONFIG SET applies at once
     * @param mustAuthenticate true while the connection has to AUTH first (tighter limits, as the guard's)
     * @param deliverAfter     name of the stage whose successor runs commands
     */
    MultibulkFastPath(LongSupplier bulkBytesMax, BooleanSupplier mustAuthenticate, String deliverAfter) {
        this.bulkBytesMax = bulkBytesMax;
        this.mustAuthenticate = mustAuthenticate;
        this.deliverAfter = deliverAfter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handedOver || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        cumulation = null;
        if (buf.readableBytes() < neededBytes) {
            cumulation = buf;
            return;
        }
        neededBytes = 0;
        while (buf.isReadable()) {
            int next = parseCommand(buf, buf.readerIndex());
            if (next == INCOMPLETE) {
                break;
            }
            if (next == FOREIGN) {
                handedOver = true;
                argv = null;
                // The codec takes the rest, starting at the first command this stage did not understand.
                ctx.fireChannelRead(buf);
                return;
            }
            byte[][] command = argv;
            argv = null;
            buf.readerIndex(next);
            deliver(ctx, command);
        }
        if (buf.isReadable()) {
            cumulation = buf;
        } else {
            buf.release();
        }
    }

    /** True once the connection's input goes to the codec. */
    boolean handedOver() {
        return handedOver;
    }

    private void deliver(ChannelHandlerContext ctx, byte[][] command) {
        if (deliverCtx == null) {
            ChannelHandlerContext after = ctx.pipeline().context(deliverAfter);
            deliverCtx = after != null ? after : ctx;
        }
        deliverCtx.fireChannelRead(command);
    }

    /**
     * Reads the command starting at {@code start} without consuming: when it is complete, leaves it in
     * {@link #argv} and returns the index after it; else {@link #INCOMPLETE} or {@link #FOREIGN}. An
     * incomplete command's arguments so far are kept ({@link #argv}, {@link #collected},
     * {@link #resumeOffset}), so a long command arriving in many reads is parsed once, not once per read.
     */
    private int parseCommand(ByteBuf buf, int start) {
        int end = buf.writerIndex();
        int i;
        if (argv == null) {
            boolean restricted = mustAuthenticate.getAsBoolean();
            long elementsMax = restricted ? FrameLimitGuard.UNAUTHENTICATED_MULTIBULK_LENGTH_MAX : FrameLimitGuard.MULTIBULK_LENGTH_MAX;
            i = readLength(buf, start, end, '*');
            if (i < 0) {
                return i;
            }
            if (lineValue == 0 || lineValue > elementsMax) {
                return FOREIGN;
            }
            expected = (int) lineValue;
            bytesMax = restricted
                    ? Math.min(FrameLimitGuard.UNAUTHENTICATED_BULK_BYTES_MAX, bulkBytesMax.getAsLong())
                    : bulkBytesMax.getAsLong();
            argv = new byte[Math.min(expected, CommandAssembler.ARGV_INITIAL_SLOTS)][];
            collected = 0;
        } else {
            i = start + resumeOffset;
        }
        while (collected < expected) {
            int dataStart = readLength(buf, i, end, '$');
            if (dataStart == INCOMPLETE) {
                resumeOffset = i - start;
                return INCOMPLETE;
            }
            if (dataStart == FOREIGN || lineValue > bytesMax || lineValue > ARG_BYTES_MAX) {
                return FOREIGN;
            }
            long after = dataStart + lineValue + 2;
            if (after > end) {
                resumeOffset = i - start;
                neededBytes = (int) Math.min(Integer.MAX_VALUE, after - start);
                return INCOMPLETE;
            }
            int dataEnd = dataStart + (int) lineValue;
            if (buf.getByte(dataEnd) != '\r' || buf.getByte(dataEnd + 1) != '\n') {
                return FOREIGN;
            }
            byte[] arg = new byte[(int) lineValue];
            buf.getBytes(dataStart, arg);
            if (collected == argv.length) {
                argv = Arrays.copyOf(argv, Math.min(expected, argv.length * 2));
            }
            argv[collected++] = arg;
            i = (int) after;
        }
        return i;
    }

    /**
     * Reads {@code type} then a plain decimal (no sign, no leading zero, at most 10 digits) and CRLF at
     * {@code i}; leaves the number in {@link #lineValue} and returns the index after the CRLF.
     */
    private int readLength(ByteBuf buf, int i, int end, char type) {
        if (i >= end) {
            return INCOMPLETE;
        }
        if (buf.getByte(i) != type) {
            return FOREIGN;
        }
        long value = 0;
        int digits = 0;
        for (int p = i + 1; ; p++) {
            if (p >= end) {
                return INCOMPLETE;
            }
            byte b = buf.getByte(p);
            if (b == '\r') {
                if (digits == 0 || (digits > 1 && buf.getByte(i + 1) == '0')) {
                    return FOREIGN;
                }
                if (p + 1 >= end) {
                    return INCOMPLETE;
                }
                if (buf.getByte(p + 1) != '\n') {
                    return FOREIGN;
                }
                lineValue = value;
                return p + 2;
            }
            if (b < '0' || b > '9' || ++digits > LENGTH_DIGITS_MAX) {
                return FOREIGN;
            }
            value = value * 10 + (b - '0');
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseCumulation();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseCumulation();
        ctx.fireChannelInactive();
    }

    private void releaseCumulation() {
        argv = null;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
