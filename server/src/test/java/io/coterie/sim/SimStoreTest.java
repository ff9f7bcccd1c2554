package io.coterie.sim;

import io.coterie.storage.AppendFsync;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimStoreTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatAwaitDurableCoveredSurvivesAnyCrashUnderAlways() {
        SimStore store = new SimStore(AppendFsync.ALWAYS, new SplittableRandom(1));
        store.put(b("a"), Record.of(b("1")));
        store.update(b("b"), 0, current -> Mutation.put(Record.of(b("2")), "ok"));
        store.awaitDurable();
        store.remove(b("a"), 0);
        store.put(b("c"), Record.of(b("3")));
        assertEquals(2, store.volatileChanges());
        for (int i = 0; i < 5; i++) {
            store.crash(i % 2 == 0 ? SimStore.Crash.PROCESS : SimStore.Crash.POWER);
            assertNotNull(store.get(b("b"), 0), "durable write lost");
        }
    }

    /** SPEC: everysec makes acknowledged writes survive kill -9 (the OS has them), not power loss. */
    @Test
    void everysecSurvivesKillButNotPowerLoss() {
        int lostToPower = 0;
        int lostToKillBeforeAwait = 0;
        for (long seed = 0; seed < 200; seed++) {
            SimStore store = new SimStore(AppendFsync.EVERYSEC, new SplittableRandom(seed));
            store.put(b("k"), Record.of(b("1")));
            store.awaitDurable();
            store.crash(SimStore.Crash.PROCESS);
            assertNotNull(store.get(b("k"), 0), "a write awaited under everysec was lost to kill -9");
            store.put(b("k"), Record.of(b("2")));
            store.awaitDurable();
            store.crash(SimStore.Crash.POWER);
            Record r = store.get(b("k"), 0);
            assertNotNull(r, "kill -9 had left 1 in the OS, and the restart's replay made it durable");
            if ("1".equals(new String(r.value(), StandardCharsets.UTF_8))) {
                lostToPower++;
            }
            store.put(b("u"), Record.of(b("x")));
            store.crash(SimStore.Crash.PROCESS);
            if (store.get(b("u"), 0) == null) {
                lostToKillBeforeAwait++;
            }
            store.put(b("f"), Record.of(b("y")));
            store.fsync();
            store.crash(SimStore.Crash.POWER);
            assertNotNull(store.get(b("f"), 0), "fsynced write lost");
        }
        assertTrue(lostToPower > 0 && lostToPower < 200, "power loss sometimes tears the unfsynced tail: " + lostToPower);
        assertTrue(lostToKillBeforeAwait > 0 && lostToKillBeforeAwait < 200, "kill -9 loses some unflushed buffers: " + lostToKillBeforeAwait);
    }

    @Test
    void cleanCloseFlushesAndClearIsLogged() {
        SimStore store = new SimStore(AppendFsync.NO, new SplittableRandom(3));
        store.put(b("a"), Record.of(b("1")));
        store.close();
        store.clear();
        store.fsync();
        store.put(b("z"), Record.of(b("9")));
        store.fsync();
        store.crash(SimStore.Crash.POWER);
        assertNull(store.get(b("a"), 0));
        assertNotNull(store.get(b("z"), 0));
        assertEquals(1, store.size());
    }

    @Test
    void randomKeyIsDrawnFromTheInjectedRandomness() {
        SimStore one = new SimStore(AppendFsync.ALWAYS, new SplittableRandom(9));
        SimStore two = new SimStore(AppendFsync.ALWAYS, new SplittableRandom(9));
        for (int i = 0; i < 50; i++) {
            one.put(b("k" + i), Record.of(b("v")));
            two.put(b("k" + i), Record.of(b("v")));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(new String(one.randomKey(0), StandardCharsets.UTF_8), new String(two.randomKey(0), StandardCharsets.UTF_8));
        }
    }
}
