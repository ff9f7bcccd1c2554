package io.coterie.server.cluster.stream;

import io.coterie.storage.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceSessionsTest {

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final InMemoryStore store = new InMemoryStore();
    private final StreamLimits limits = new StreamLimits(1 << 20, 1, 2, 16_384, 5, 10, 10, 0, 2, 5_000);
    private final SourceSessions sessions = new SourceSessions(store, nowMs::get, limits);
    private final StreamMessage.Open open = new StreamMessage.Open(new int[]{1, 2, 3}, 0);

    @Test
    void refusesSessionsBeyondTheLimitUntilIdleOnesAreDropped() {
        // More keys than one scan page, and one page per batch: the sessions stay open.
        StreamData.fill(StreamData.versioned(store), 1_000, 10, 1);
        sessions.open(open);
        long second = sessions.open(open).sessionId();
        StreamException refused = assertThrows(StreamException.class, () -> sessions.open(open));
        assertTrue(refused.getMessage().contains("max 2"), refused.getMessage());

        nowMs.addAndGet(4_000);
        sessions.next(new StreamMessage.Next(second, 0)); // keeps the second one alive
        nowMs.addAndGet(2_000);
        sessions.open(open); // the first, idle for 6 s, is dropped to make room
        assertEquals(2, sessions.size());
    }

    @Test
    void batchesAreAskedForInSequenceOnly() {
        StreamData.fill(StreamData.versioned(store), 100, 10, 2);
        long id = sessions.open(open).sessionId();
        StreamException skipped = assertThrows(StreamException.class, () -> sessions.next(new StreamMessage.Next(id, 1)));
        assertEquals("stream session " + id + " expected batch 0, was asked for 1", skipped.getMessage());
        assertEquals(0, sessions.next(new StreamMessage.Next(id, 0)).seq());
    }

    @Test
    void aFinishedOrClosedSessionIsForgotten() {
        long finished = sessions.open(open).sessionId();
        assertTrue(sessions.next(new StreamMessage.Next(finished, 0)).done(), "an empty store is done at once");
        long closed = sessions.open(open).sessionId();
        sessions.close(new StreamMessage.Close(closed));
        assertEquals(0, sessions.size());
        StreamException unknown = assertThrows(StreamException.class,
                () -> sessions.next(new StreamMessage.Next(finished, 1)));
        assertTrue(unknown.getMessage().startsWith("no stream session " + finished), unknown.getMessage());
    }
}
