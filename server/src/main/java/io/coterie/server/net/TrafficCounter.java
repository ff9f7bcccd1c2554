package io.coterie.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/** Counts the bytes read and written (INFO total_net_input_bytes / total_net_output_bytes). */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final LongAdder inputBytes;
    private final LongAdder outputBytes;

    TrafficCounter(LongAdder inputBytes, LongAdder outputBytes) {
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            inputBytes.add(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            outputBytes.add(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
