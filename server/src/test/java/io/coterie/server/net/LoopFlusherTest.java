package io.coterie.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deferred flushes run once per loop iteration, after everything else the iteration runs. */
class LoopFlusherTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void flushesRunAfterTheIterationsOtherTasksInTheOrderDeferred() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            LoopFlusher f = LoopFlusher.of(loop);
            f.defer(() -> order.add("flush a"));
            f.defer(() -> order.add("flush b"));
            loop.execute(() -> order.add("task queued in the same iteration"));
            f.defer(() -> {
                order.add("flush c defers again");
                f.defer(() -> {
                    order.add("flush d");
                    done.countDown();
                });
            });
            order.add("reads");
        });
        done.await(5, TimeUnit.SECONDS);
        assertEquals(List.of("reads", "task queued in the same iteration", "flush a", "flush b", "flush c defers again",
                "flush d"), order);
    }

    @Test
    void oneFlusherPerLoopAndNoneOffTheLoop() throws Exception {
        LoopFlusher[] seen = new LoopFlusher[2];
        loop.submit(() -> {
            seen[0] = LoopFlusher.of(loop);
            seen[1] = LoopFlusher.of(loop);
        }).get(5, TimeUnit.SECONDS);
        assertSame(seen[0], seen[1]);
        assertNull(LoopFlusher.of(loop), "called from the test thread");
    }

    @Test
    void aFailingFlushDoesNotStopTheOthers() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            LoopFlusher f = LoopFlusher.of(loop);
            f.defer(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            f.defer(done::countDown);
        });
        assertEquals(true, done.await(5, TimeUnit.SECONDS));
    }
}
