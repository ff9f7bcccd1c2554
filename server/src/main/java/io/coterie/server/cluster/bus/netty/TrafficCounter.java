package io.coterie.server.cluster.bus.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts frames and bytes both ways; sits between the length framing and the frame codec, so it sees whole frames. */
final class TrafficCounter extends ChannelDuplexHandler {

    private final BusCounters counters;

    TrafficCounter(BusCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            counters.framesIn.increment();
            counters.bytesIn.add(BusFrame.LENGTH_PREFIX_BYTES + frame.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf frame) {
            counters.framesOut.increment();
            counters.bytesOut.add(BusFrame.LENGTH_PREFIX_BYTES + frame.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
