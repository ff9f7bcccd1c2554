package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.storage.Store;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The passes other nodes are pulling from this node, by session id. Called from the stream executor's threads;
 * each session's scan is used under its own lock, and a session idle past {@link StreamLimits#sourceSessionIdleMs()}
 * (its receiver died or gave up without {@link StreamMessage.Close}) is dropped at the next open.
 */
final class SourceSessions {

    private final Store store;
    private final Clock clock;
    private final StreamLimits limits;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    SourceSessions(Store store, Clock clock, StreamLimits limits) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    StreamMessage.Opened open(StreamMessage.Open open) {
        long now = clock.millis();
        dropIdle(now);
        if (sessions.size() >= limits.sourceSessionsMax()) {
            throw new StreamException("this node already serves " + sessions.size() + " stream sessions (max "
                    + limits.sourceSessionsMax() + ")");
        }
        long id = nextId.getAndIncrement();
        sessions.put(id, new Session(new SlotScan(store, open.slots(), open.resumeCursor()), now));
        return new StreamMessage.Opened(id);
    }

    StreamMessage.Batch next(StreamMessage.Next next) {
        Session session = sessions.get(next.sessionId());
        if (session == null) {
            throw new StreamException("no stream session " + next.sessionId() + " (idle too long, or this node restarted)");
        }
        synchronized (session) {
            if (session.scan.nextSeq() != next.seq()) {
                throw new StreamException("stream session " + next.sessionId() + " expected batch "
                        + session.scan.nextSeq() + ", was asked for " + next.seq());
            }
            long now = clock.millis();
            session.lastUsedMs = now;
            StreamMessage.Batch batch = session.scan.nextBatch(limits.batchBytesMax(), limits.scanKeysPerBatchMax(), now);
            if (batch.done()) {
                sessions.remove(next.sessionId());
            }
            return batch;
        }
    }

    void close(StreamMessage.Close close) {
        sessions.remove(close.sessionId());
    }

    int size() {
        return sessions.size();
    }

    private void dropIdle(long nowMs) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (nowMs - s.lastUsedMs > limits.sourceSessionIdleMs()) {
                it.remove();
            }
        }
    }

    private static final class Session {
        final SlotScan scan;
        volatile long lastUsedMs;

        Session(SlotScan scan, long lastUsedMs) {
            this.scan = scan;
            this.lastUsedMs = lastUsedMs;
        }
    }
}
