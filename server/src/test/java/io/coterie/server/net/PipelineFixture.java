package io.coterie.server.net;

import io.coterie.ring.Clock;
import io.coterie.server.Commands;
import io.coterie.server.ServerRuntime;
import io.coterie.server.StoreHandle;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.storage.Store;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A server runtime over a given store and its client pipeline on EmbeddedChannels: bytes in, bytes out. */
final class PipelineFixture {

    final ServerConfig config = ServerConfig.defaults();
    final ServerRuntime runtime;
    final Dispatcher dispatcher;

    PipelineFixture(Store store, List<CommandSpec> extra) {
        runtime = new ServerRuntime(config, new StoreHandle(store, f -> { }, b -> { }), Clock.system());
        List<CommandSpec> specs = new ArrayList<>(Commands.all(runtime));
        specs.addAll(extra);
        runtime.commands(CommandTable.of(specs));
        dispatcher = new Dispatcher(runtime.commands(), config, runtime.metrics());
    }

    EmbeddedChannel connect() {
        return new EmbeddedChannel(new RespChannelInitializer(runtime, dispatcher));
    }

    /** Feeds each fragment as its own read (each ends a read batch), and returns everything written back. */
    static String exchange(EmbeddedChannel ch, String... fragments) {
        for (String f : fragments) {
            ch.writeInbound(Unpooled.copiedBuffer(f, StandardCharsets.UTF_8));
        }
        return drain(ch);
    }

    static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    /** The RESP array encoding of a command. */
    static String resp(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }
}
