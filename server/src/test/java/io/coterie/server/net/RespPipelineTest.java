package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.drain;
import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import io.coterie.server.dispatch.FullStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RespPipelineTest {

    /** Test-only commands: a store write that the store may refuse, and a read. */
    private static final List<CommandSpec> TEST_COMMANDS = List.of(
            new CommandSpec("t.set", 3, Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, 1, 1, "test", "test set",
                    (ctx, a, out) -> {
                        ctx.store().put(a.bytes(1), Record.of(a.bytes(2)));
                        out.ok();
                    }),
            new CommandSpec("t.get", 2, Set.of(CommandFlag.READONLY), 1, 1, 1, "test", "test get", (ctx, a, out) -> {
                Record r = ctx.store().get(a.bytes(1), ctx.nowMillis());
                if (r == null) {
                    out.nullBulk();
                } else {
                    out.bulk(r.value());
                }
            }));

    private final InMemoryStore store = new InMemoryStore();
    private final PipelineFixture fx = new PipelineFixture(store, TEST_COMMANDS);

    @Test
    void commandSplitAcrossManyReadsIsAssembled() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("", exchange(ch, "*3\r\n$5\r\nt.s", "et\r\n$1\r\nk\r\n$5\r\nhel"));
        assertEquals("+OK\r\n", exchange(ch, "lo\r\n"));
        assertEquals("$5\r\nhello\r\n", exchange(ch, resp("t.get", "k")));
    }

    @Test
    void byteByByteFeedingOfPipelinedCommands() {
        EmbeddedChannel ch = fx.connect();
        String input = resp("echo", "a\r\nb") + "PING\r\n" + resp("t.set", "k", "") + resp("t.get", "k");
        StringBuilder out = new StringBuilder();
        for (char c : input.toCharArray()) {
            out.append(exchange(ch, String.valueOf(c)));
        }
        assertEquals("$4\r\na\r\nb\r\n+PONG\r\n+OK\r\n$0\r\n\r\n", out.toString());
        assertTrue(ch.isOpen());
    }

    @Test
    void pipelinedCommandsInOneReadGetOneWrite() {
        EmbeddedChannel ch = fx.connect();
        ch.writeInbound(Unpooled.copiedBuffer(resp("ping") + resp("echo", "x") + "PING\r\n", StandardCharsets.UTF_8));
        ByteBuf first = ch.readOutbound();
        assertEquals("+PONG\r\n$1\r\nx\r\n+PONG\r\n", first.toString(StandardCharsets.UTF_8));
        first.release();
        assertNull(ch.readOutbound(), "one buffer, one flush per read batch");
    }

    @Test
    void inlineCommandsWithQuotesAndEmptyLines() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("+PONG\r\n$11\r\nhello world\r\n+OK\r\n$3\r\nb c\r\n",
                exchange(ch, "PING\r\n\r\nECHO \"hello world\"\r\n   \r\nt.set a 'b c'\r\nt.get a\r\n"));
        assertTrue(ch.isOpen());
    }

    @Test
    void inlineUnbalancedQuotesIsAProtocolError() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", exchange(ch, "ECHO \"oops\r\n"));
        assertFalse(ch.isOpen());
    }

    @Test
    void malformedRespRepliesThenCloses() {
        EmbeddedChannel ch = fx.connect();
        String reply = exchange(ch, "PING\r\n*1\r\n$x\r\nPING\r\n");
        assertTrue(reply.startsWith("+PONG\r\n-ERR Protocol error: "), reply);
        assertFalse(ch.isOpen());
    }

    @Test
    void nonBulkArgumentIsAProtocolError() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR Protocol error: expected '$', got ':'\r\n", exchange(ch, "*2\r\n$4\r\nECHO\r\n:1\r\n"));
        assertFalse(ch.isOpen());
    }

    @Test
    void elementThatIsNotABulkStringIsRefusedAtOnceNotAwaited() {
        // The array still expects elements here, so waiting for the aggregator would hang the client.
        assertEquals("-ERR Protocol error: expected '$', got 'f'\r\n", exchange(fx.connect(), "*2\r\nfoo\r\n"));
        assertEquals("-ERR Protocol error: expected '$', got ':'\r\n", exchange(fx.connect(), "*3\r\n:1\r\n"));
        assertEquals("-ERR Protocol error: expected '$', got '+'\r\n", exchange(fx.connect(), "*2\r\n$3\r\nGET\r\n+x\r\n$1\r\n"));
        assertEquals("-ERR Protocol error: expected '$', got '*'\r\n", exchange(fx.connect(), "*3\r\n$3\r\nGET\r\n*1\r\n"));
    }

    @Test
    void nestedArrayIsAProtocolError() {
        EmbeddedChannel ch = fx.connect();
        String reply = exchange(ch, "*2\r\n$4\r\nECHO\r\n*1\r\n$1\r\nx\r\n");
        assertTrue(reply.startsWith("-ERR Protocol error: "), reply);
        assertFalse(ch.isOpen());
    }

    @Test
    void nullBulkArgumentIsAProtocolError() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR Protocol error: invalid bulk length\r\n", exchange(ch, "*2\r\n$4\r\nECHO\r\n$-1\r\n"));
        assertFalse(ch.isOpen());
    }

    @Test
    void oversizedBulkIsRefusedFromItsHeaderBeforeAnythingIsBuffered() {
        fx.config.set(List.of("proto-max-bulk-len", "1mb"));
        CountingAllocator alloc = new CountingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new RespChannelInitializer(fx.runtime, fx.dispatcher));
        String reply = exchange(ch, resp("ping") + "*3\r\n$5\r\nt.set\r\n$1\r\nk\r\n$1048577\r\n");
        assertEquals("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n", reply);
        assertFalse(ch.isOpen());
        assertTrue(alloc.largestBytes < 64 * 1024, "largest buffer asked for: " + alloc.largestBytes);
        assertEquals(0, store.size());
    }

    @Test
    void bulkAtTheLimitIsAccepted() {
        fx.config.set(List.of("proto-max-bulk-len", "1mb"));
        EmbeddedChannel ch = fx.connect();
        String big = "v".repeat(1024 * 1024);
        assertEquals("+OK\r\n", exchange(ch, resp("t.set", "k", big)));
        assertEquals(1024 * 1024, store.get("k".getBytes(StandardCharsets.UTF_8), 0).value().length);
    }

    @Test
    void oversizedMultibulkIsRefused() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n", exchange(ch, "*1048577\r\n"));
        assertFalse(ch.isOpen());
    }

    @Test
    void clientsThatMustAuthGetTightLimits() {
        fx.config.set(List.of("requirepass", "pw"));
        EmbeddedChannel ch = fx.connect();
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n", exchange(ch, "*11\r\n"));
        assertFalse(ch.isOpen());
        EmbeddedChannel ch2 = fx.connect();
        assertEquals("-ERR Protocol error: invalid bulk length\r\n", exchange(ch2, "*2\r\n$4\r\nECHO\r\n$16385\r\n"));
        EmbeddedChannel ch3 = fx.connect();
        assertEquals("-NOAUTH Authentication required.\r\n+OK\r\n$1\r\nx\r\n",
                exchange(ch3, resp("echo", "x") + resp("auth", "pw") + resp("echo", "x")));
        assertEquals("$-1\r\n", exchange(ch3, "*2\r\n$5\r\nt.get\r\n$20000\r\n" + "k".repeat(20000) + "\r\n"));
    }

    @Test
    void fullStoreAnswersOom() {
        PipelineFixture full = new PipelineFixture(new FullStore(), TEST_COMMANDS);
        EmbeddedChannel ch = full.connect();
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n+PONG\r\n",
                exchange(ch, resp("t.set", "k", "v") + resp("ping")));
        assertTrue(ch.isOpen());
    }

    @Test
    void quitRepliesThenCloses() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("+OK\r\n", exchange(ch, resp("quit") + resp("ping")));
        assertFalse(ch.isOpen());
    }

    @Test
    void debugSleepDelaysOnlyThisConnectionAndKeepsOrder() {
        EmbeddedChannel sleeper = fx.connect();
        EmbeddedChannel other = fx.connect();
        assertEquals("+PONG\r\n", exchange(sleeper, resp("ping") + resp("debug", "sleep", "60") + resp("echo", "after")));
        assertFalse(sleeper.config().isAutoRead(), "reading paused while the reply is held");
        assertEquals("+PONG\r\n", exchange(other, resp("ping")));
        assertEquals("", exchange(sleeper, resp("echo", "later")));
        // The embedded loop's clock also moves with real time, so leave a wide margin on the first step.
        sleeper.advanceTimeBy(30, TimeUnit.SECONDS);
        sleeper.runScheduledPendingTasks();
        assertEquals("", drain(sleeper));
        sleeper.advanceTimeBy(30, TimeUnit.SECONDS);
        sleeper.runScheduledPendingTasks();
        assertEquals("+OK\r\n$5\r\nafter\r\n$5\r\nlater\r\n", drain(sleeper));
        assertTrue(sleeper.config().isAutoRead());
    }

    @Test
    void protocolErrorDuringDebugSleepAnswersAfterTheHeldReply() {
        EmbeddedChannel ch = fx.connect();
        assertEquals("", exchange(ch, resp("debug", "sleep", "60") + "*1\r\n$x\r\n"));
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(61, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        String reply = drain(ch);
        assertTrue(reply.startsWith("+OK\r\n-ERR Protocol error: "), reply);
        assertFalse(ch.isOpen());
    }

    @Test
    void maxClientsRefusesTheExtraConnection() {
        fx.config.set(List.of("maxclients", "1"));
        EmbeddedChannel first = fx.connect();
        EmbeddedChannel second = fx.connect();
        assertEquals("-ERR max number of clients reached\r\n", drain(second));
        assertFalse(second.isOpen());
        assertEquals("+PONG\r\n", exchange(first, resp("ping")));
        assertEquals(1, fx.runtime.metrics().rejectedConnections.sum());
        first.close();
        assertEquals(0, fx.runtime.clients().count());
    }

    @Test
    void countsTrafficAndCommands() {
        EmbeddedChannel ch = fx.connect();
        exchange(ch, resp("ping"));
        assertEquals(resp("ping").length(), fx.runtime.metrics().netInputBytes.sum());
        assertEquals("+PONG\r\n".length(), fx.runtime.metrics().netOutputBytes.sum());
        assertEquals(1, fx.runtime.metrics().commandsProcessed.sum());
    }

    /** Remembers the largest buffer anyone asked for. */
    private static final class CountingAllocator extends io.netty.buffer.AbstractByteBufAllocator {
        private final ByteBufAllocator delegate = PooledByteBufAllocator.DEFAULT;
        int largestBytes;

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largestBytes = Math.max(largestBytes, initialCapacity);
            return delegate.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            largestBytes = Math.max(largestBytes, initialCapacity);
            return delegate.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return true;
        }
    }
}
