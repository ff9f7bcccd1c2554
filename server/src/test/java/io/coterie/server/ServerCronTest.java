package io.coterie.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerCronTest {

    private static final long NOW_MS = 1_000_000;

    @Test
    void repeatsWhileManyKeysExpiredAndRemovesThemAll() {
        InMemoryStore store = new InMemoryStore();
        for (int i = 0; i < 5_000; i++) {
            store.put(("k" + i).getBytes(StandardCharsets.UTF_8), Record.of(new byte[1], NOW_MS - 1));
        }
        long removed = ServerCron.activeExpireCycle(store, NOW_MS, () -> 0);
        assertEquals(5_000, removed);
        assertEquals(0, store.size());
    }

    @Test
    void stopsWhenFewKeysExpired() {
        InMemoryStore store = new InMemoryStore();
        for (int i = 0; i < 5_000; i++) {
            store.put(("live" + i).getBytes(StandardCharsets.UTF_8), Record.of(new byte[1]));
        }
        store.put("dead".getBytes(StandardCharsets.UTF_8), Record.of(new byte[1], NOW_MS - 1));
        int[] steps = {0};
        ServerCron.activeExpireCycle(new CountingStore(store, steps), NOW_MS, () -> 0);
        assertEquals(1, steps[0], "one step: under 10% of the sample had expired");
    }

    @Test
    void stopsAtTheTimeBudget() {
        InMemoryStore store = new InMemoryStore();
        for (int i = 0; i < 50_000; i++) {
            store.put(("k" + i).getBytes(StandardCharsets.UTF_8), Record.of(new byte[1], NOW_MS - 1));
        }
        long[] fakeNanos = {0};
        long removed = ServerCron.activeExpireCycle(store, NOW_MS, () -> fakeNanos[0] += 10_000_000);
        assertTrue(removed < 50_000, "the 25 ms budget ends the run early, removed " + removed);
    }

    /** Counts expireCycle calls. */
    private static final class CountingStore extends io.coterie.server.dispatch.DelegatingStore {
        private final int[] steps;

        CountingStore(InMemoryStore delegate, int[] steps) {
            super(delegate);
            this.steps = steps;
        }

        @Override
        public int expireCycle(long nowMs, int maxKeysExamined) {
            steps[0]++;
            return super.expireCycle(nowMs, maxKeysExamined);
        }
    }
}
