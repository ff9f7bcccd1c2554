package io.coterie.server.net;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.Session;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.server.util.SplitArgs;
import io.coterie.storage.Store;
import io.coterie.storage.StoreWriteException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage: one per connection, owned by its event loop. Turns each aggregated command into
 * {@link Args}, runs it through the {@link Dispatcher}, and sends the batch's replies with one write
 * and flush when the read batch ends, after the store made the batch's writes durable.
 *
 * <p>Reading pauses (autoRead off) while the client is not draining its replies, and while a
 * reply is delayed by DEBUG SLEEP; commands that were already decoded wait in {@link #held}, so
 * replies always leave in request order.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements CommandContext, ClientHandle {

    static final String MAX_CLIENTS_REPLY = "-ERR max number of clients reached\r\n";

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final byte[][] NO_COMMAND = null;
    /** Reasons reading is paused; reading resumes when none is left. */
    private static final int PAUSE_SLOW_CLIENT = 1;
    private static final int PAUSE_DELAYED_REPLY = 2;

    private final ServerRuntime runtime;
    private final Dispatcher dispatcher;
    private final Session session;
    private final Store store;
    private ChannelHandlerContext ctx;
    private ByteBufReplyWriter out;
    private boolean registered;
    /** No more commands are run: QUIT, a protocol error, or the channel closed. */
    private boolean closing;
    private boolean closeRequested;
    private long replyDelayMs;
    private boolean delaying;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private int pauseReasons;

    ConnectionHandler(ServerRuntime runtime, Dispatcher dispatcher, Session session) {
        this.runtime = runtime;
        this.dispatcher = dispatcher;
        this.session = session;
        this.store = runtime.store();
    }

    /** For the frame guard: a client that must AUTH first gets Redis's tighter limits. */
    boolean mustAuthenticate() {
        return dispatcher.authRequired(this);
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.out = new ByteBufReplyWriter(ctx.alloc(), runtime.metrics().errorReplies);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!runtime.clients().tryRegister(this, runtime.config().maxClients())) {
            runtime.metrics().rejectedConnections.increment();
            closing = true;
            ctx.writeAndFlush(Unpooled.copiedBuffer(MAX_CLIENTS_REPLY, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        registered = true;
        runtime.metrics().connectionsReceived.increment();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (delaying) {
            held.add(msg);
        } else {
            run(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushReplies();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resumeReading(PAUSE_SLOW_CLIENT);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return;
        }
        if (delaying && !(cause instanceof IOException)) {
            // A reply is being held (DEBUG SLEEP): the error answers after it, in request order.
            held.add(cause);
            return;
        }
        if (cause instanceof ProtocolException || cause instanceof DecoderException) {
            String reason = cause instanceof DecoderException && cause.getCause() != null
                    ? cause.getCause().getMessage() : cause.getMessage();
            log.debug("protocol error from client {} ({}): {}", session.id(), session.remoteAddress(), reason);
            out.error("ERR Protocol error: " + reason);
            closeAfterFlush();
        } else if (cause instanceof IOException) {
            log.debug("client {} connection error: {}", session.id(), cause.toString());
            closing = true;
            ctx.close();
        } else {
            log.warn("client {} closed after an unexpected error", session.id(), cause);
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (registered) {
            runtime.clients().unregister(this);
            registered = false;
        }
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
        out.release();
        ctx.fireChannelInactive();
    }

    // ---- running commands ----

    private void run(Object msg) {
        if (msg instanceof Throwable heldError) {
            exceptionCaught(ctx, heldError);
            return;
        }
        byte[][] argv;
        try {
            argv = toArgv(msg);
        } catch (ProtocolException e) {
            exceptionCaught(ctx, e);
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (argv == NO_COMMAND) {
            return;
        }
        dispatcher.execute(this, new Args(argv), out);
        if (closeRequested) {
            closeAfterFlush();
        } else if (replyDelayMs > 0) {
            holdReply(replyDelayMs);
            replyDelayMs = 0;
        }
    }

    /** The arguments of one command, or null for nothing to run (an empty inline line, "*0"). */
    static byte[][] toArgv(Object msg) {
        if (msg instanceof byte[][] assembled) {
            return assembled;
        }
        if (msg instanceof ArrayRedisMessage array) {
            if (array.isNull()) {
                return NO_COMMAND;
            }
            List<RedisMessage> children = array.children();
            int n = children.size();
            if (n == 0) {
                return NO_COMMAND;
            }
            byte[][] argv = new byte[n][];
            for (int i = 0; i < n; i++) {
                if (!(children.get(i) instanceof FullBulkStringRedisMessage bulk)) {
                    throw RespTypeByte.expectedBulk(children.get(i));
                }
                if (bulk.isNull()) {
                    throw new ProtocolException("invalid bulk length");
                }
                argv[i] = ByteBufUtil.getBytes(bulk.content());
            }
            return argv;
        }
        if (msg instanceof InlineCommandRedisMessage inline) {
            List<byte[]> words = SplitArgs.split(inline.content().getBytes(StandardCharsets.UTF_8));
            if (words == null) {
                throw new ProtocolException("unbalanced quotes in request");
            }
            return words.isEmpty() ? NO_COMMAND : words.toArray(new byte[0][]);
        }
        throw new ProtocolException("expected '*', got '" + RespTypeByte.of(msg) + "'");
    }

    private void flushReplies() {
        ByteBuf batch = out.take();
        if (batch == null) {
            return;
        }
        // appendfsync always group-commits here, once per batch; under everysec/no it returns at once.
        if (!makeDurable(batch)) {
            return;
        }
        ctx.writeAndFlush(batch, ctx.voidPromise());
        if (!ctx.channel().isWritable()) {
            pauseReading(PAUSE_SLOW_CLIENT);
        }
    }

    /**
     * Waits until the batch's writes are as durable as appendfsync promises. If the commit log cannot be
     * written, the batch's replies must not claim success: they are dropped and the connection closed, so
     * the client sees an unknown outcome rather than an acknowledgement that could be lost.
     */
    private boolean makeDurable(ByteBuf batch) {
        try {
            store.awaitDurable();
            return true;
        } catch (StoreWriteException e) {
            log.error("commit log write failed; closing client {} without acknowledging its writes: {}",
                    session.id(), e.getMessage());
            ReferenceCountUtil.release(batch);
            closing = true;
            ctx.close();
            return false;
        }
    }

    private void closeAfterFlush() {
        closing = true;
        ByteBuf batch = out.take();
        if (batch != null) {
            if (makeDurable(batch)) {
                ctx.writeAndFlush(batch).addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ctx.close();
        }
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    /** DEBUG SLEEP: the reply just written leaves after {@code delayMs}; nothing after it runs before. */
    private void holdReply(long delayMs) {
        ByteBuf reply = out.take();
        delaying = true;
        pauseReading(PAUSE_DELAYED_REPLY);
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                ReferenceCountUtil.release(reply);
                return;
            }
            if (reply != null) {
                ctx.write(reply, ctx.voidPromise());
            }
            delaying = false;
            while (!held.isEmpty() && !delaying && !closing) {
                run(held.poll());
            }
            if (!closing) {
                flushReplies();
                ctx.flush();
                if (!delaying) {
                    resumeReading(PAUSE_DELAYED_REPLY);
                }
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void pauseReading(int reason) {
        pauseReasons |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    private void resumeReading(int reason) {
        pauseReasons &= ~reason;
        if (pauseReasons == 0 && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    // ---- CommandContext ----

    @Override
    public Store store() {
        return store;
    }

    @Override
    public long nowMillis() {
        return runtime.clock().millis();
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public long maxBulkLength() {
        return runtime.config().protoMaxBulkLenBytes();
    }

    @Override
    public void keyspaceHit() {
        runtime.metrics().keyspaceHits.increment();
    }

    @Override
    public void keyspaceMiss() {
        runtime.metrics().keyspaceMisses.increment();
    }

    // ---- ClientHandle ----

    @Override
    public void closeAfterReply() {
        closeRequested = true;
    }

    @Override
    public void delayReply(long delayMs) {
        // Replies of the commands before this one leave now; this one's is held by run().
        flushReplies();
        replyDelayMs = Math.max(1, delayMs);
    }

    @Override
    public void kill() {
        ctx.channel().close();
    }

    @Override
    public long pendingReplyBytes() {
        return out.pendingBytes();
    }
}
