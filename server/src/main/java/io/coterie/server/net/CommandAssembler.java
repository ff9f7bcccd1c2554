package io.coterie.server.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.LastBulkStringRedisContent;
import java.util.Arrays;

/**
 * The fast path for whole commands: when every bulk string of a command array arrived in one piece
 * (nearly always), it copies the arguments straight into a {@code byte[][]} and passes that on, so
 * the common case skips the aggregators' composite buffers, lists and message objects. The moment an
 * argument arrives in fragments it replays what it holds as RESP messages and lets the aggregators
 * behind it finish that command, then takes over again at the next one.
 *
 * <p>Runs after the frame guard, so lengths are already within limits; it never allocates from a
 * declared length beyond {@link #ARGV_INITIAL_SLOTS} argument slots (the array grows as arguments arrive).
 */
final class CommandAssembler extends ChannelInboundHandlerAdapter {

    /** Slots reserved up front for a command's arguments; more are added only as they arrive. */
    static final int ARGV_INITIAL_SLOTS = 16;
    private static final byte[] EMPTY = new byte[0];

    private enum State { IDLE, ARRAY, BULK, AGGREGATORS }

    /** The aggregators' stage: assembled commands are handed on from there, skipping two stages with nothing to do. */
    private final String deliverAfter;
    private ChannelHandlerContext deliverCtx;
    private State state = State.IDLE;
    private byte[][] argv;
    private int expected;
    private int collected;
    private int bulkLength;
    /** In AGGREGATORS state: elements of the current array still to pass to the aggregators. */
    private long remaining;

    /** @param deliverAfter name of the last aggregator stage; whole commands continue from there */
    CommandAssembler(String deliverAfter) {
        this.deliverAfter = deliverAfter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case IDLE -> idle(ctx, msg);
            case ARRAY -> element(ctx, msg);
            case BULK -> bulkContent(ctx, msg);
            case AGGREGATORS -> passThrough(ctx, msg);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void idle(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ArrayHeaderRedisMessage h) {
            if (h.length() <= 0) {
                // Redis ignores "*0" and "*-1" from clients.
                return;
            }
            expected = (int) h.length();
            collected = 0;
            argv = new byte[Math.min(expected, ARGV_INITIAL_SLOTS)][];
            state = State.ARRAY;
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void element(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BulkStringHeaderRedisMessage h) {
            bulkLength = h.bulkStringLength();
            state = State.BULK;
        } else if (msg == FullBulkStringRedisMessage.EMPTY_INSTANCE) {
            add(ctx, EMPTY);
        } else if (RespTypeByte.isNotBulk(msg)) {
            // "*2\r\nfoo\r\n": the aggregator would wait forever for an element that never comes.
            abandonCommand();
            throw RespTypeByte.expectedBulk(msg);
        } else {
            handOver(ctx, msg, false);
        }
    }

    private void bulkContent(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastBulkStringRedisContent c && c.content().readableBytes() == bulkLength) {
            byte[] bytes = ByteBufUtil.getBytes(c.content());
            c.release();
            state = State.ARRAY;
            add(ctx, bytes);
        } else {
            handOver(ctx, msg, true);
        }
    }

    private void add(ChannelHandlerContext ctx, byte[] arg) {
        if (collected == argv.length) {
            argv = Arrays.copyOf(argv, Math.min(expected, argv.length * 2));
        }
        argv[collected++] = arg;
        if (collected == expected) {
            byte[][] command = argv;
            argv = null;
            state = State.IDLE;
            if (deliverCtx == null) {
                ChannelHandlerContext after = ctx.pipeline().context(deliverAfter);
                deliverCtx = after != null ? after : ctx;
            }
            deliverCtx.fireChannelRead(command);
        }
    }

    /** Replays the command so far as RESP messages; the aggregators take it from here. */
    private void handOver(ChannelHandlerContext ctx, Object msg, boolean insideBulk) {
        ctx.fireChannelRead(new ArrayHeaderRedisMessage(expected));
        for (int i = 0; i < collected; i++) {
            ctx.fireChannelRead(new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(argv[i])));
        }
        if (insideBulk) {
            ctx.fireChannelRead(new BulkStringHeaderRedisMessage(bulkLength));
        }
        remaining = expected - collected;
        argv = null;
        state = State.AGGREGATORS;
        passThrough(ctx, msg);
    }

    private void passThrough(ChannelHandlerContext ctx, Object msg) {
        if (RespTypeByte.isNotBulk(msg)) {
            abandonCommand();
            throw RespTypeByte.expectedBulk(msg);
        }
        if (msg instanceof LastBulkStringRedisContent || msg instanceof FullBulkStringRedisMessage) {
            // One element is complete.
            remaining--;
        }
        if (remaining == 0) {
            state = State.IDLE;
        }
        ctx.fireChannelRead(msg);
    }

    /** Forgets the command under way; the connection handler answers the protocol error and closes. */
    private void abandonCommand() {
        argv = null;
        remaining = 0;
        state = State.IDLE;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        argv = null;
    }
}
