package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;
import io.coterie.storage.StoreFullException;
import io.coterie.storage.StoreStats;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A full store refuses writes with -OOM and the data stays as it was. */
class FullStoreTest {

    /** Delegates to an InMemoryStore, but once full refuses every put, as a store at capacity does. */
    private static final class FillableStore implements Store {
        private final InMemoryStore inner = new InMemoryStore();
        volatile boolean full;

        @Override
        public Record get(byte[] key, long nowMs) {
            return inner.get(key, nowMs);
        }

        @Override
        public void put(byte[] key, Record record) {
            refuseIfFull();
            inner.put(key, record);
        }

        @Override
        public boolean remove(byte[] key, long nowMs) {
            return inner.remove(key, nowMs);
        }

        @Override
        public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
            return inner.update(key, nowMs, current -> {
                Mutation<T> m = update.apply(current);
                if (m instanceof Mutation.Put<T>) {
                    refuseIfFull();
                }
                return m;
            });
        }

        private void refuseIfFull() {
            if (full) {
                throw new StoreFullException("full");
            }
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public void clear() {
            inner.clear();
        }

        @Override
        public ScanPage scan(long cursor, int count) {
            return inner.scan(cursor, count);
        }

        @Override
        public void forEachKey(long nowMs, Consumer<byte[]> action) {
            inner.forEachKey(nowMs, action);
        }

        @Override
        public byte[] randomKey(long nowMs) {
            return inner.randomKey(nowMs);
        }

        @Override
        public int expireCycle(long nowMs, int maxKeysExamined) {
            return inner.expireCycle(nowMs, maxKeysExamined);
        }

        @Override
        public void awaitDurable() {
        }

        @Override
        public StoreStats stats() {
            return inner.stats();
        }

        @Override
        public void close() {
        }
    }

    private final FillableStore store = new FillableStore();
    private final TestContext ctx = TestContext.over(store, StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void writesAreRefusedAndNothingChanges() {
        run("SET", "a", "1", "EX", "100");
        run("SET", "b", "2");
        store.full = true;
        String oom = "-OOM command not allowed when used memory > 'maxmemory'.";
        assertEquals(oom, run("SET", "a", "x"));
        assertEquals(oom, run("INCR", "a"));
        assertEquals(oom, run("APPEND", "a", "x"));
        assertEquals(oom, run("MSET", "c", "3"));
        assertEquals(oom, run("RENAME", "a", "b"));
        assertEquals("[\"1\", \"2\", (nil)]", run("MGET", "a", "b", "c"));
        assertEquals(":100", run("TTL", "a"), "RENAME's source survives a failed copy");
        assertEquals(":1", run("DEL", "b"), "deletes still work");
        assertEquals("\"1\"", run("GETDEL", "a"));
    }
}
