package io.coterie.server.net;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.forward.RequestRouter;
import io.coterie.server.command.Args;
import io.coterie.server.RuntimeCommandContext;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage: one per connection, owned by its event loop. Turns each aggregated command into
 * {@link Args}, runs it through the {@link Dispatcher}, and sends the batch's replies with one write
 * and flush at the end of the event-loop iteration ({@link LoopFlusher}), after the store made the
 * batch's writes durable.
 *
 * <p>Reading pauses (autoRead off) while the client is not draining its replies, while a
 * reply is delayed by DEBUG SLEEP, and while {@link #PENDING_REPLIES_MAX} replies wait behind an
 * unfinished one; commands that were already decoded wait in {@link #held}, so replies always leave
 * in request order.
 *
 * <p>Asynchronous replies (a command forwarded to another node, STYLE rule 8): while nothing is
 * awaited, replies are encoded straight into the batch buffer (the single-node path, unchanged).
 * Once a command's reply is awaited, it and every later reply take a {@link ReplySlot} in
 * {@link #slots}; finished slots at the head are sent as soon as they reach it.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements ClientHandle {

    static final String MAX_CLIENTS_REPLY = "-ERR max number of clients reached\r\n";

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final byte[][] NO_COMMAND = null;
    /** Reasons reading is paused; reading resumes when none is left. */
    private static final int PAUSE_SLOW_CLIENT = 1;
    private static final int PAUSE_DELAYED_REPLY = 2;
    private static final int PAUSE_REPLIES_PENDING = 4;
    /**
     * Most replies, in commands, a connection keeps queued behind an unfinished one before it stops
     * reading: bounds the memory one pipelining client can pin while a forwarded reply is outstanding.
     */
    static final int PENDING_REPLIES_MAX = 1024;

    private final ServerRuntime runtime;
    private final Dispatcher dispatcher;
    private final Session session;
    /** What this connection's commands run against; one per connection, so the hot path allocates none. */
    private final CommandContext context;
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
    /** Replies in request order from the first one not yet known; empty on the synchronous path. */
    private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
    /** Close once every slot has been sent (QUIT or a protocol error behind an awaited reply). */
    private boolean closeWhenSent;
    /** The channel is gone: late asynchronous replies are dropped. */
    private boolean inactive;
    private int pauseReasons;
    /** Sends replies once per event-loop iteration for all of the loop's connections; null: at each read's end. */
    private LoopFlusher loopFlusher;
    private final Runnable deferredFlush = this::runDeferredFlush;
    /** This connection's flush is queued for the end of the current loop iteration. */
    private boolean flushDeferred;

    ConnectionHandler(ServerRuntime runtime, Dispatcher dispatcher, Session session) {
        this.runtime = runtime;
        this.dispatcher = dispatcher;
        this.session = session;
        this.context = new RuntimeCommandContext(runtime, session);
        this.store = runtime.store();
    }

    /** For the frame guard: a client that must AUTH first gets Redis's tighter limits. */
    boolean mustAuthenticate() {
        return dispatcher.authRequired(context);
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.out = new ByteBufReplyWriter(ctx.alloc(), runtime.metrics().errorReplies);
        this.loopFlusher = LoopFlusher.of(ctx.channel().eventLoop());
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
        } else if (mustHold()) {
            held.add(msg);
        } else {
            run(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (loopFlusher == null) {
            flushReplies();
        } else if (!flushDeferred) {
            flushDeferred = true;
            loopFlusher.defer(deferredFlush);
        }
    }

    /** The end of the loop iteration: this connection's replies of the iteration leave now. */
    private void runDeferredFlush() {
        flushDeferred = false;
        if (!inactive) {
            flushReplies();
        }
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
        if (mustHold() && !(cause instanceof IOException)) {
            // Replies are being held (DEBUG SLEEP, awaited replies): the error answers after them, in request order.
            held.add(cause);
            return;
        }
        handleError(cause);
    }

    private void handleError(Throwable cause) {
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
        inactive = true;
        if (registered) {
            runtime.clients().unregister(this);
            registered = false;
        }
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
        while (!slots.isEmpty()) {
            slots.poll().release();
        }
        out.release();
        ctx.fireChannelInactive();
    }

    // ---- running commands ----

    private void run(Object msg) {
        if (msg instanceof Throwable heldError) {
            handleError(heldError);
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
        Args args = new Args(argv);
        RequestRouter router = runtime.requestRouter();
        CompletableFuture<byte[]> awaited = router == null ? null : router.route(context, args);
        if (awaited != null) {
            await(awaited);
            return;
        }
        dispatcher.execute(context, args, out);
        if (closeRequested) {
            closeAfterFlush();
        } else if (replyDelayMs > 0) {
            holdReply(replyDelayMs);
            replyDelayMs = 0;
        } else if (!slots.isEmpty()) {
            slots.add(ReplySlot.done(out.take()));
            if (slots.size() >= PENDING_REPLIES_MAX) {
                pauseReading(PAUSE_REPLIES_PENDING);
            }
        }
    }

    /** This command's reply comes later: it and every later reply wait in slots until it arrives. */
    private void await(CompletableFuture<byte[]> reply) {
        ByteBuf before = out.take();
        if (before != null) {
            slots.add(ReplySlot.done(before));
        }
        ReplySlot slot = new ReplySlot();
        slots.add(slot);
        if (slots.size() >= PENDING_REPLIES_MAX) {
            pauseReading(PAUSE_REPLIES_PENDING);
        }
        reply.whenComplete((bytes, error) -> {
            try {
                ctx.executor().execute(() -> arrived(slot, bytes, error));
            } catch (RejectedExecutionException shuttingDown) {
                log.debug("client {}: reply arrived after shutdown", session.id());
            }
        });
    }

    private void arrived(ReplySlot slot, byte[] bytes, Throwable error) {
        if (inactive) {
            return;
        }
        if (error != null) {
            log.warn("client {}: an asynchronous reply failed", session.id(), error);
            // Routers encode failures as error replies; this is a bug, but the client still gets its one reply.
            out.error(Dispatcher.INTERNAL_ERROR);
            slot.reply = out.take();
        } else {
            slot.reply = Unpooled.wrappedBuffer(bytes);
        }
        slot.done = true;
        flushReplies();
        runHeld();
    }

    private boolean blocked() {
        return delaying || slots.size() >= PENDING_REPLIES_MAX;
    }

    /** New input queues behind input already held, so commands run in the order they arrived. */
    private boolean mustHold() {
        return blocked() || !held.isEmpty();
    }

    /** Runs held commands until something blocks again, then sends what they produced and resumes reading. */
    private void runHeld() {
        boolean ran = false;
        while (!held.isEmpty() && !closing && !blocked()) {
            run(held.poll());
            ran = true;
        }
        if (closing) {
            return;
        }
        if (ran) {
            flushReplies();
        }
        if (!delaying) {
            resumeReading(PAUSE_DELAYED_REPLY);
        }
        if (slots.size() < PENDING_REPLIES_MAX && held.isEmpty()) {
            resumeReading(PAUSE_REPLIES_PENDING);
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
        if (!slots.isEmpty()) {
            sendFinishedSlots();
            return;
        }
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

    /** Sends the finished slots at the head of the queue, after the writes they answer are durable. */
    private void sendFinishedSlots() {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().done) {
            ReplySlot s = slots.poll();
            if (s.reply != null) {
                if (!wrote) {
                    if (!makeDurable(s.reply)) {
                        releaseQueuedReplies();
                        return;
                    }
                    wrote = true;
                }
                ctx.write(s.reply, ctx.voidPromise());
                s.reply = null;
            }
        }
        if (slots.isEmpty() && closeWhenSent) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (wrote) {
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                pauseReading(PAUSE_SLOW_CLIENT);
            }
        }
    }

    /** Drops every queued reply (the connection is closing without acknowledging them). */
    private void releaseQueuedReplies() {
        while (!slots.isEmpty()) {
            ReplySlot slot = slots.poll();
            if (slot.reply != null) {
                ReferenceCountUtil.release(slot.reply);
                slot.reply = null;
            }
        }
    }

    private void closeAfterFlush() {
        closing = true;
        if (!slots.isEmpty()) {
            // Earlier replies are still awaited: this one (QUIT's +OK, the protocol error) goes after them.
            ByteBuf last = out.take();
            if (last != null) {
                slots.add(ReplySlot.done(last));
            }
            closeWhenSent = true;
            releaseHeld();
            sendFinishedSlots();
            return;
        }
        ByteBuf batch = out.take();
        if (batch != null) {
            if (makeDurable(batch)) {
                ctx.writeAndFlush(batch).addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ctx.close();
        }
        releaseHeld();
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    /** DEBUG SLEEP: the reply just written leaves after {@code delayMs}; nothing after it runs before. */
    private void holdReply(long delayMs) {
        // The held reply takes a slot, so it also waits for any earlier awaited reply.
        ReplySlot slot = new ReplySlot();
        slot.reply = out.take();
        slots.add(slot);
        delaying = true;
        pauseReading(PAUSE_DELAYED_REPLY);
        ctx.executor().schedule(() -> {
            if (inactive) {
                return;
            }
            delaying = false;
            slot.done = true;
            flushReplies();
            runHeld();
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

    // ---- ClientHandle ----

    @Override
    public Session session() {
        return session;
    }

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
