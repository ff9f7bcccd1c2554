package io.coterie.server.net;

import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Session;
import io.coterie.server.dispatch.Dispatcher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The client pipeline, in one place: bytes are counted; well-formed multibulk commands go straight
 * to the connection handler ({@link MultibulkFastPath}); anything else is decoded as RESP (inline commands on),
 * checked against the frame limits before anything is aggregated, assembled into whole commands
 * (directly when each argument arrived in one piece, else by Netty's aggregators), then run by the
 * connection handler, which encodes replies itself.
 */
public final class RespChannelInitializer extends ChannelInitializer<Channel> {

    private final ServerRuntime runtime;
    private final Dispatcher dispatcher;
    private final TrafficCounter traffic;

    public RespChannelInitializer(ServerRuntime runtime, Dispatcher dispatcher) {
        this.runtime = runtime;
        this.dispatcher = dispatcher;
        this.traffic = new TrafficCounter(runtime.metrics().netInputBytes, runtime.metrics().netOutputBytes);
    }

    @Override
    protected void initChannel(Channel ch) {
        Session session = new Session(runtime.clients().nextId(), address(ch.remoteAddress()),
                address(ch.localAddress()), runtime.clock().millis(), runtime.config().requirePass().isEmpty());
        ConnectionHandler connection = new ConnectionHandler(runtime, dispatcher, session);
        ChannelPipeline p = ch.pipeline();
        p.addLast("traffic", traffic);
        p.addLast("fast-path", new MultibulkFastPath(runtime.config()::protoMaxBulkLenBytes, connection::mustAuthenticate,
                "array-aggregator"));
        p.addLast("resp-decoder", new RedisDecoder(true));
        p.addLast("frame-limits", new FrameLimitGuard(runtime.config()::protoMaxBulkLenBytes, connection::mustAuthenticate));
        p.addLast("command-assembler", new CommandAssembler("array-aggregator"));
        p.addLast("bulk-aggregator", new RedisBulkStringAggregator());
        // Commands are flat arrays: a nested one is a protocol error, and no array outgrows the guard's cap.
        p.addLast("array-aggregator", new RedisArrayAggregator((int) FrameLimitGuard.MULTIBULK_LENGTH_MAX, 1));
        p.addLast("commands", connection);
    }

    /** "ip:port" as CLIENT LIST prints it. */
    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
