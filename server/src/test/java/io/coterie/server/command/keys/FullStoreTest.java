package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import io.coterie.server.dispatch.DelegatingStore;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.StoreFullException;
import org.junit.jupiter.api.Test;

/** A full store refuses writes with -OOM and the data stays as it was. */
class FullStoreTest {

    /** Delegates to an InMemoryStore, but once full refuses every put, as a store at capacity does. */
    private static final class FillableStore extends DelegatingStore {
        volatile boolean full;

        FillableStore() {
            super(new InMemoryStore());
        }

        @Override
        public void put(byte[] key, Record record) {
            refuseIfFull();
            super.put(key, record);
        }

        @Override
        public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
            return super.update(key, nowMs, current -> {
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
