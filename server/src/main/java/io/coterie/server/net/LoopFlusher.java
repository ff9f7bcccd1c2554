package io.coterie.server.net;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deferred reply flushes of every connection of one event loop once per loop iteration, after
 * the iteration has read from all ready connections (Redis's beforeSleep). The first flush of the
 * iteration writes the loop's commit-log tail for all of them, the rest find their writes already
 * covered, so a loop turn costs one log write instead of one per connection.
 *
 * <p>One per event-loop thread, used only from that thread.
 */
final class LoopFlusher {

    private static final Logger log = LoggerFactory.getLogger(LoopFlusher.class);
    private static final FastThreadLocal<LoopFlusher> PER_LOOP = new FastThreadLocal<>();

    private final SingleThreadEventLoop loop;
    private final Runnable runAll = this::runAll;
    private ArrayList<Runnable> pending = new ArrayList<>();
    private ArrayList<Runnable> running = new ArrayList<>();

    private LoopFlusher(SingleThreadEventLoop loop) {
        this.loop = loop;
    }

    /**
     * The flusher of {@code loop}, called from that loop's thread; null when the loop cannot run tasks at
     * the end of an iteration (an embedded test channel), in which case the caller flushes at once.
     */
    static LoopFlusher of(EventLoop loop) {
        if (!(loop instanceof SingleThreadEventLoop single) || !loop.inEventLoop()) {
            return null;
        }
        LoopFlusher f = PER_LOOP.get();
        if (f == null || f.loop != loop) {
            f = new LoopFlusher(single);
            PER_LOOP.set(f);
        }
        return f;
    }

    /** Runs {@code flush} at the end of this loop iteration; the caller makes sure it defers it once. */
    void defer(Runnable flush) {
        if (pending.isEmpty()) {
            loop.executeAfterEventLoopIteration(runAll);
        }
        pending.add(flush);
    }

    private void runAll() {
        // A flush may defer again (for the next iteration): it lands in the other list.
        ArrayList<Runnable> batch = pending;
        pending = running;
        running = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).run();
                } catch (RuntimeException e) {
                    // One connection's failure must not leave the others' replies unsent.
                    log.warn("deferred reply flush failed", e);
                }
            }
        } finally {
            batch.clear();
        }
    }
}
