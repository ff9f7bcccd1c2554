package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.drain;
import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.storage.InMemoryStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** STYLE rule 8 over EmbeddedChannel: replies leave in request order whatever order they complete in. */
class AsyncRepliesTest {

    private final InMemoryStore store = new InMemoryStore();
    private final PipelineFixture fx = new PipelineFixture(store, List.of());
    /** Replies of "later" commands, completed by the test; every other command runs locally. */
    private final List<CompletableFuture<byte[]>> awaited = new ArrayList<>();

    AsyncRepliesTest() {
        fx.runtime.requestRouter((ctx, args) -> {
            if (!args.is(0, "later")) {
                return null;
            }
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            awaited.add(f);
            return f;
        });
    }

    private static void complete(CompletableFuture<byte[]> f, String reply) {
        f.complete(reply.getBytes(StandardCharsets.UTF_8));
    }

    private static String finish(EmbeddedChannel ch) {
        ch.runPendingTasks();
        return drain(ch);
    }

    @Test
    void syncAsyncSyncCompletingOutOfOrderRepliesInRequestOrder() {
        EmbeddedChannel ch = fx.connect();
        String early = exchange(ch, resp("set", "k", "1") + resp("later", "a") + resp("get", "k")
                + resp("later", "b") + resp("incr", "k"));
        assertEquals("+OK\r\n", early, "only the replies before the first awaited one leave");
        complete(awaited.get(1), "$1\r\nb\r\n");
        assertEquals("", finish(ch), "b's reply waits for a's");
        complete(awaited.get(0), "$1\r\na\r\n");
        assertEquals("$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n:2\r\n", finish(ch));
        assertEquals("$1\r\n2\r\n", exchange(ch, resp("get", "k")), "back on the synchronous path");
    }

    @Test
    void commandsTheRouterKeepsLocalStayOnTheOneWritePerBatchPath() {
        EmbeddedChannel ch = fx.connect();
        ch.writeInbound(Unpooled.copiedBuffer(resp("set", "k", "v") + resp("get", "k") + "PING\r\n",
                StandardCharsets.UTF_8));
        io.netty.buffer.ByteBuf first = ch.readOutbound();
        assertEquals("+OK\r\n$1\r\nv\r\n+PONG\r\n", first.toString(StandardCharsets.UTF_8));
        first.release();
        assertNull(ch.readOutbound(), "one buffer, one flush");
    }

    @Test
    void commandsAfterAnAwaitedReplyStillRunInOrder() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("later", "a") + resp("set", "k", "x") + resp("append", "k", "y"));
        assertEquals("xy", new String(store.get("k".getBytes(StandardCharsets.UTF_8), 0).value(),
                StandardCharsets.UTF_8), "local commands ran at once, in order");
        complete(awaited.get(0), "+A\r\n");
        assertEquals("+A\r\n+OK\r\n:2\r\n", finish(ch));
    }

    @Test
    void aFailedAsyncCommandAnswersWithItsErrorInItsPlace() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("later", "a") + resp("ping") + resp("later", "b") + resp("echo", "e"));
        awaited.get(1).completeExceptionally(new IllegalStateException("router bug"));
        complete(awaited.get(0), "-ERR forward to 127.0.0.1:1 failed: timed out after 5 ms\r\n");
        assertEquals("-ERR forward to 127.0.0.1:1 failed: timed out after 5 ms\r\n+PONG\r\n"
                + "-ERR internal error\r\n$1\r\ne\r\n", finish(ch));
        assertTrue(ch.isOpen(), "a failure never kills the connection");
    }

    @Test
    void closingWhileRepliesArePendingIsClean() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("later", "a") + resp("ping"));
        ch.close();
        complete(awaited.get(0), "+LATE\r\n");
        assertEquals("", finish(ch));
        ch.checkException();
        assertFalse(ch.isOpen());
    }

    @Test
    void quitBehindAnAwaitedReplyClosesAfterIt() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("later", "a") + resp("quit") + resp("ping"));
        assertTrue(ch.isOpen());
        complete(awaited.get(0), "+A\r\n");
        assertEquals("+A\r\n+OK\r\n", finish(ch), "nothing after QUIT runs");
        assertFalse(ch.isOpen());
    }

    @Test
    void tooManyRepliesBehindAnAwaitedOneStopReading() {
        EmbeddedChannel ch = fx.connect();
        int pings = ConnectionHandler.PENDING_REPLIES_MAX + 10;
        StringBuilder input = new StringBuilder(resp("later", "a"));
        input.append(resp("ping").repeat(pings));
        ch.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.UTF_8));
        assertEquals("", drain(ch));
        assertFalse(ch.config().isAutoRead(), "reading pauses at PENDING_REPLIES_MAX");
        complete(awaited.get(0), "+A\r\n");
        assertEquals("+A\r\n" + "+PONG\r\n".repeat(pings), finish(ch), "held commands ran, in order");
        assertTrue(ch.config().isAutoRead(), "reading resumes once the replies are sent");
    }

    @Test
    void debugSleepBehindAnAwaitedReplyKeepsItsPlace() throws InterruptedException {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("later", "a") + resp("debug", "sleep", "0.3") + resp("echo", "after"));
        complete(awaited.get(0), "+A\r\n");
        assertEquals("+A\r\n", finish(ch));
        Thread.sleep(350);
        assertEquals("+OK\r\n$5\r\nafter\r\n", finish(ch));
    }
}
