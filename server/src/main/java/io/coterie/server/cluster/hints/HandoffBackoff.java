package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Per target, when the next handoff batch may start after failures: exponential from
 * {@code initialMs} up to {@code maxMs}, reset by a batch that gets through. Keeps a target that is
 * shown live but cannot take writes (still starting, overloaded) from being retried in a hot loop.
 * Owned by the hint thread.
 */
final class HandoffBackoff {

    private record State(long delayMs, long notBeforeMs) {}

    private final long initialMs;
    private final long maxMs;
    private final Map<NodeId, State> states = new HashMap<>();

    HandoffBackoff(long initialMs, long maxMs) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("bad handoff backoff " + initialMs + ".." + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    boolean due(NodeId target, long nowMs) {
        State s = states.get(target);
        return s == null || nowMs >= s.notBeforeMs();
    }

    /** A batch failed at {@code nowMs}: wait twice as long as last time before the next one. */
    void failed(NodeId target, long nowMs) {
        State s = states.get(target);
        long delay = s == null ? initialMs : Math.min(maxMs, s.delayMs() * 2);
        states.put(target, new State(delay, nowMs + delay));
    }

    void succeeded(NodeId target) {
        states.remove(target);
    }
}
