package io.coterie.sim.history;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker on hand-built histories: correct systems pass, each kind of broken one is reported clearly. */
class HistoryCheckerTest {

    private static final HistoryChecker.Config QUORUM = new HistoryChecker.Config(true);
    private static final HistoryChecker.Config SLOPPY = new HistoryChecker.Config(false);

    /** Builds histories tersely; times are explicit so the tests say what overlapped what. */
    private static final class H {
        final History history = new History();

        long write(String key, String value, long contextFrom, long invokedAt, long completedAt, Outcome outcome) {
            OptionalLong ctx = contextFrom < 0 ? OptionalLong.empty() : OptionalLong.of(contextFrom);
            long id = history.invoke(0, new Op.Write(key, value, ctx), invokedAt);
            history.complete(id, outcome, completedAt);
            return id;
        }

        long ack(String key, String value, long contextFrom, long invokedAt, long completedAt) {
            return write(key, value, contextFrom, invokedAt, completedAt, new Outcome.Ok());
        }

        long delete(String key, long contextFrom, long invokedAt, long completedAt) {
            long id = history.invoke(1, new Op.Delete(key, OptionalLong.of(contextFrom)), invokedAt);
            history.complete(id, new Outcome.Ok(), completedAt);
            return id;
        }

        long read(String key, long invokedAt, long completedAt, String... values) {
            long id = history.invoke(2, new Op.Read(key), invokedAt);
            history.complete(id, new Outcome.ReadOk(List.of(values)), completedAt);
            return id;
        }

        long get(String key, long invokedAt, long completedAt, String... values) {
            long id = history.invoke(2, new Op.Read(key, false), invokedAt);
            history.complete(id, new Outcome.ReadOk(List.of(values)), completedAt);
            return id;
        }

        long set(String key, String value, long invokedAt, long completedAt, Outcome outcome) {
            long id = history.invoke(3, new Op.Write(key, value, OptionalLong.empty(), true), invokedAt);
            history.complete(id, outcome, completedAt);
            return id;
        }

        H end(String key, String... values) {
            history.finalRead(key, List.of(values));
            return this;
        }

        List<Anomaly> check(HistoryChecker.Config config) {
            return HistoryChecker.check(history, config);
        }
    }

    private static Anomaly only(List<Anomaly> anomalies, Anomaly.Kind kind) {
        assertEquals(1, anomalies.size(), "expected exactly one anomaly: " + anomalies);
        assertEquals(kind, anomalies.get(0).kind(), anomalies.toString());
        return anomalies.get(0);
    }

    @Test
    void correctSequentialHistoryPasses() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 50);
        h.read("k", 60, 70, "b");
        h.end("k", "b");
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void concurrentWritesKeptAsSiblingsThenResolvedPass() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 50);        // two clients VSET with the same context:
        h.ack("k", "c", r1, 41, 52);        // siblings b and c, both supersede a
        long r2 = h.read("k", 60, 70, "b", "c");
        h.ack("k", "d", r2, 80, 90);        // a resolution supersedes both
        h.end("k", "d");
        assertEquals(List.of(), h.check(QUORUM));
        H unresolved = new H();
        unresolved.ack("k", "a", -1, 0, 10);
        long r = unresolved.read("k", 20, 30, "a");
        unresolved.ack("k", "b", r, 40, 50);
        unresolved.ack("k", "c", r, 41, 52);
        unresolved.end("k", "b", "c");
        assertEquals(List.of(), unresolved.check(QUORUM));
    }

    @Test
    void unacknowledgedWritesMayOrMayNotSurvive() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        h.write("k", "b", -1, 20, 2_000, new Outcome.Unknown("timeout"));
        h.write("k", "c", -1, 30, 40, new Outcome.Fail("NOQUORUM needed 2 got 1"));
        h.end("k", "a", "c");   // c landed on one replica despite the failure and spread by repair: allowed
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void ackBeforeWWhoseWriteVanishesAfterACrashIsALostWrite() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 41);        // acknowledged by the coordinator alone, which then crashed
        h.end("k", "a");
        Anomaly a = only(h.check(SLOPPY), Anomaly.Kind.LOST_WRITE);
        assertTrue(a.message().contains("write k=b") && a.message().contains("is lost"), a.message());
    }

    @Test
    void lastWriteWinsDroppingAConcurrentSiblingIsReported() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);         // two blind writers on two sides of a partition
        h.ack("k", "b", -1, 5, 15);
        h.end("k", "b");                    // LWW kept the later timestamp only
        Anomaly a = only(h.check(SLOPPY), Anomaly.Kind.SIBLING_DROPPED);
        assertTrue(a.message().contains("write k=a") && a.message().contains("and acknowledged op#1"), a.message());
        assertTrue(a.message().contains("silently dropped"), a.message());
    }

    @Test
    void aWriteLostWhileAnUnrelatedOneSurvivesIsALostWriteNotADroppedSibling() {
        H h = new H();
        h.write("k", "a", -1, 0, 10, new Outcome.Unknown("timeout"));
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 50);
        h.ack("k", "c", -1, 45, 55);        // concurrent with b, but over another context
        h.end("k", "c");
        Anomaly a = only(h.check(SLOPPY), Anomaly.Kind.LOST_WRITE);
        assertTrue(a.message().contains("write k=b"), a.message());
    }

    @Test
    void staleQuorumReadIsReportedOnlyWhenQuorumsIntersect() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 50);
        h.read("k", 60, 70, "a");           // started after b was acknowledged, saw only what b superseded
        h.end("k", "b");
        List<Anomaly> strict = h.check(QUORUM);
        assertEquals(2, strict.size(), strict.toString());
        assertTrue(strict.stream().allMatch(x -> x.kind() == Anomaly.Kind.STALE_READ), strict.toString());
        assertTrue(strict.get(0).message().contains("missed op#2"), strict.get(0).message());
        assertTrue(strict.get(1).message().contains("saw a, which op#2"), strict.get(1).message());
        assertEquals(List.of(), h.check(SLOPPY), "sloppy quorums promise no such thing");
    }

    @Test
    void aReadConcurrentWithTheWriteMaySeeEitherVersion() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.ack("k", "b", r1, 40, 50);
        h.read("k", 45, 55, "a");           // overlapped b: fine
        h.end("k", "b");
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void resurrectedTombstoneIsReported() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.delete("k", r1, 40, 50);
        h.end("k", "a");                    // a replica that missed the delete brought a back
        Anomaly a = only(h.check(SLOPPY), Anomaly.Kind.RESURRECTED);
        assertTrue(a.message().contains("resurrected tombstone") && a.message().contains("shows a"), a.message());
    }

    @Test
    void deleteThenBlindRewriteIsFineAndExplainsTheDeletedValuesAbsence() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.delete("k", r1, 40, 50);
        h.read("k", 60, 70);
        h.ack("k", "b", -1, 80, 90);
        h.end("k", "b");
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void phantomValuesAndMalformedContextsAreReported() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        h.read("k", 20, 30, "zz");
        h.end("k", "a");
        only(h.check(SLOPPY), Anomaly.Kind.PHANTOM_VALUE);
        H m = new H();
        long other = m.read("j", 0, 5);
        m.ack("k", "a", other, 10, 20);
        m.end("k", "a");
        m.end("j");
        only(m.check(SLOPPY), Anomaly.Kind.MALFORMED_HISTORY);
    }

    @Test
    void plainSetMayOverwriteWhatItsCoordinatorHeldButNotLaterWrites() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        h.set("k", "s", 20, 30, new Outcome.Ok());   // its coordinator held a: gone, excused
        h.end("k", "s");
        assertEquals(List.of(), h.check(QUORUM));

        H lost = new H();
        lost.set("k", "s", 0, 10, new Outcome.Ok());
        lost.ack("k", "b", -1, 20, 30);               // written after the SET ended: nothing may have superseded it
        lost.end("k", "s");
        only(lost.check(QUORUM), Anomaly.Kind.LOST_WRITE);
    }

    @Test
    void anUnacknowledgedPlainSetMayStillHaveLandedAndOverwritten() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        h.set("k", "s", 20, 30, new Outcome.Fail("NOQUORUM needed 2 acks got 1: timed out"));
        h.end("k", "s");
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void aPlainSetWhoseClientGaveUpMayRunLater() {
        H h = new H();
        h.set("k", "s", 0, 3000, new Outcome.Unknown("no reply within 3000 ms"));  // queued at a paused node
        h.ack("k", "a", -1, 4000, 4010);
        h.end("k", "s");                               // the node resumed and ran it over a
        assertEquals(List.of(), h.check(QUORUM));
    }

    @Test
    void getShowsOneSiblingButNotASupersededValueNorNothing() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        h.ack("k", "b", -1, 1, 11);                   // a and b are siblings
        h.get("k", 20, 30, "b");                      // GET shows one of them: fine
        h.end("k", "a", "b");
        assertEquals(List.of(), h.check(QUORUM));

        H empty = new H();
        empty.ack("k", "a", -1, 0, 10);
        empty.get("k", 20, 30);
        empty.end("k", "a");
        assertTrue(only(empty.check(QUORUM), Anomaly.Kind.STALE_READ).message().contains("saw nothing"));

        H stale = new H();
        stale.ack("k", "a", -1, 0, 10);
        long r = stale.read("k", 20, 30, "a");
        stale.ack("k", "b", r, 40, 50);
        stale.get("k", 60, 70, "a");
        stale.end("k", "b");
        only(stale.check(QUORUM), Anomaly.Kind.STALE_READ);
    }

    @Test
    void readsAtLevelsThatDoNotIntersectTheWriteAreNotHeldToIt() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);                   // W = ONE
        h.read("k", 20, 30);                          // R = ONE: may miss it
        h.end("k", "a");
        HistoryChecker.Config levels = new HistoryChecker.Config(true, (w, r) -> false);
        assertEquals(List.of(), h.check(levels));
        only(h.check(QUORUM), Anomaly.Kind.STALE_READ);
    }

    @Test
    void aDeleteInvokedAfterAReadDoesNotExcuseWhatTheReadMissed() {
        H h = new H();
        h.ack("k", "a", -1, 0, 10);
        long r1 = h.read("k", 20, 30, "a");
        h.read("k", 40, 50);                          // missed a, acknowledged before it started
        h.delete("k", r1, 60, 70);                    // deletes a, but only after
        h.end("k");
        only(h.check(QUORUM), Anomaly.Kind.STALE_READ);
    }
}
