package io.coterie.server.net;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.dispatch.Dispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client port: NIO (the native epoll jar is missing for our Netty version and measured no faster),
 * one acceptor thread and one event loop per core.
 */
public final class RespServer implements AutoCloseable {

    /** Redis's default tcp-backlog. */
    private static final int ACCEPT_BACKLOG = 511;
    /** Above this many unsent reply bytes a connection stops reading until the client catches up. */
    private static final int WRITE_HIGH_WATER_BYTES = 1024 * 1024;
    private static final int WRITE_LOW_WATER_BYTES = 256 * 1024;
    private static final long SHUTDOWN_QUIET_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final ServerRuntime runtime;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup listeners = new DefaultChannelGroup("listeners", GlobalEventExecutor.INSTANCE);

    public RespServer(ServerRuntime runtime, int eventLoops) {
        this.runtime = runtime;
        this.acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
    }

    /** Binds every configured address on {@code port}; returns the port bound (useful with port 0). */
    public int bind(List<String> addresses, int port) throws InterruptedException {
        Dispatcher dispatcher = new Dispatcher(runtime.commands(), runtime.config(), runtime.metrics());
        RespChannelInitializer initializer = new RespChannelInitializer(runtime, dispatcher);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER_BYTES, WRITE_HIGH_WATER_BYTES))
                .childHandler(initializer);
        int bound = port;
        List<Channel> opened = new ArrayList<>();
        for (String address : addresses) {
            Channel ch = b.bind(new InetSocketAddress(address, bound)).sync().channel();
            opened.add(ch);
            bound = ((InetSocketAddress) ch.localAddress()).getPort();
        }
        listeners.addAll(opened);
        return bound;
    }

    /** Stops accepting, closes every client, stops the event loops. */
    @Override
    public void close() {
        listeners.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        runtime.clients().all().forEach(ClientHandle::kill);
        acceptor.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
