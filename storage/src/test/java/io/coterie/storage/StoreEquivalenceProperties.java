package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Optimised versus naive: random operation sequences run against ChronicleStore and InMemoryStore must
 * give the same answers, including across restarts (clean close and reopen) and FLUSHALL.
 */
class StoreEquivalenceProperties {

    private static final int KEYS = 8;
    private static final int BIG_VALUE_BYTES = 40_000;
    private static Path dir;
    private static ChronicleStore store;

    sealed interface Op {}

    record Put(int key, int valueSize, int ttlMs) implements Op {}

    record Append(int key, int bytes) implements Op {}

    record Remove(int key) implements Op {}

    record AdvanceTime(int ms) implements Op {}

    record ExpireCycle() implements Op {}

    record Clear() implements Op {}

    record Reopen() implements Op {}

    @BeforeContainer
    static void openStore() {
        dir = TempDirs.create("props");
        store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1000));
    }

    @AfterContainer
    static void closeStore() {
        store.close();
        TempDirs.delete(dir);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.integers().between(0, 64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(BIG_VALUE_BYTES)));
        Arbitrary<Integer> ttl = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 50)));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, net.jqwik.api.Combinators.combine(key, size, ttl).as(Put::new)),
                net.jqwik.api.Tuple.of(4, net.jqwik.api.Combinators.combine(key, Arbitraries.integers().between(0, 20)).as(Append::new)),
                net.jqwik.api.Tuple.of(4, key.map(Remove::new)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 30).map(AdvanceTime::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new ExpireCycle())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Clear())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())));
        return op.list().ofMaxSize(40);
    }

    @Property(tries = 100)
    void chronicleStoreBehavesLikeTheInMemoryStore(@ForAll("operations") List<Op> ops) {
        store.clear();
        InMemoryStore model = new InMemoryStore();
        long now = 1_000_000;
        int step = 0;
        for (Op op : ops) {
            step++;
            String where = "step " + step + " " + op;
            if (op instanceof Put p) {
                Record r = new Record(value(p.key(), p.valueSize(), step), p.ttlMs() == 0 ? Record.NO_EXPIRY : now + p.ttlMs(),
                        step % 3 == 0 ? new byte[] {(byte) step} : Record.NO_META);
                store.put(key(p.key()), r);
                model.put(key(p.key()), r);
            } else if (op instanceof Append a) {
                KeyUpdate<Integer> append = current -> {
                    byte[] old = current == null ? new byte[0] : current.value();
                    byte[] v = Arrays.copyOf(old, old.length + a.bytes());
                    Arrays.fill(v, old.length, v.length, (byte) a.bytes());
                    Record next = current == null ? Record.of(v) : current.withValue(v);
                    return v.length == 0 ? Mutation.remove(0) : Mutation.put(next, v.length);
                };
                assertEquals(model.update(key(a.key()), now, append), store.update(key(a.key()), now, append), where);
            } else if (op instanceof Remove r) {
                assertEquals(model.remove(key(r.key()), now), store.remove(key(r.key()), now), where);
            } else if (op instanceof AdvanceTime t) {
                now += t.ms();
            } else if (op instanceof ExpireCycle) {
                assertEquals(model.expireCycle(now, 1000), store.expireCycle(now, 1000), where);
            } else if (op instanceof Clear) {
                store.clear();
                model.clear();
            } else if (op instanceof Reopen) {
                store.close();
                store = ChronicleStore.open(TempDirs.options(dir, AppendFsync.NO, 1000));
            }
            assertEquals(model.size(), store.size(), where);
            for (int k = 0; k < KEYS; k++) {
                assertEquals(model.get(key(k), now), store.get(key(k), now), where + ", key " + k);
            }
            assertEquals(model.size(), store.size(), where + " after reads");
            assertEquals(model.stats().keysWithExpiry(), store.stats().keysWithExpiry(), where);
        }
    }

    private static byte[] key(int k) {
        return ("key-" + k).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int key, int size, int step) {
        byte[] v = new byte[size];
        for (int i = 0; i < size; i++) {
            v[i] = (byte) (key * 7 + step * 13 + i);
        }
        return v;
    }
}
