package io.coterie.server.cluster.coordinator;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Feeds one request's events to its state machine one at a time, in arrival order, from whatever
 * thread they arrive on. An effect that completes at once (a local ack, a refused send) queues its
 * event behind the one being handled instead of re-entering the machine mid-step.
 */
final class EventPump<E> {

    private final ArrayDeque<E> queue = new ArrayDeque<>();
    private final Consumer<E> handler;
    private final Runnable afterDrain;
    private boolean draining;

    /**
     * @param handler    the machine's step: handles one event and performs its effects
     * @param afterDrain runs after each batch of events (e.g. cancel the deadline once the machine is done)
     */
    EventPump(Consumer<E> handler, Runnable afterDrain) {
        this.handler = handler;
        this.afterDrain = afterDrain;
    }

    /** Runs {@code start} (which may offer events), then every event queued meanwhile. */
    synchronized void start(Runnable start) {
        draining = true;
        try {
            start.run();
        } finally {
            drain();
        }
    }

    void offer(E event) {
        synchronized (this) {
            queue.add(event);
            if (draining) {
                return;
            }
            draining = true;
            drain();
        }
    }

    private void drain() {
        try {
            E next;
            while ((next = queue.poll()) != null) {
                handler.accept(next);
            }
        } finally {
            draining = false;
        }
        afterDrain.run();
    }
}
