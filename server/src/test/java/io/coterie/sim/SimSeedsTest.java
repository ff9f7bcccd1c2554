package io.coterie.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimSeedsTest {

    @Test
    void aFailingSeedIsReportedWithAOneLineReplayCommand() {
        AssertionError e = assertThrows(AssertionError.class, () -> SimSeeds.run(SimSeedsTest.class, "m", 77, 3, seed -> {
            throw new AssertionError("boom at " + seed);
        }));
        String[] lines = e.getMessage().split("\n");
        assertEquals(2, lines.length, e.getMessage());
        assertTrue(lines[0].matches("seed -?\\d+ failed: boom at -?\\d+"), lines[0]);
        assertTrue(lines[1].trim().matches("replay: mvn -q -pl server -am test -Dtest=SimSeedsTest#m -Dsim.seed=-?\\d+ -Dsurefire.failIfNoSpecifiedTests=false"),
                lines[1]);
    }

    @Test
    void loopRunsEventsInTimeThenSchedulingOrder() {
        SimLoop loop = new SimLoop(new SimTrace(10), 100);
        List<String> ran = new ArrayList<>();
        loop.at(5, "b", () -> ran.add("b"));
        loop.at(3, "a", () -> ran.add("a"));
        loop.at(5, "c", () -> ran.add("c"));
        loop.at(3, "a2", () -> loop.after(0, "a3", () -> ran.add("a3")));
        loop.runUntil(10);
        assertEquals(List.of("a", "a3", "b", "c"), ran);
        assertEquals(10, loop.nowMs());
        assertThrows(IllegalArgumentException.class, () -> loop.at(9, "past", () -> { }));
    }

    @Test
    void theLoopRefusesARunawayQueue() {
        SimLoop loop = new SimLoop(new SimTrace(0), 3);
        for (int i = 0; i < 3; i++) {
            loop.after(1, "e", () -> { });
        }
        assertThrows(IllegalStateException.class, () -> loop.after(1, "one too many", () -> { }));
    }

    @Test
    void componentStreamsDependOnSeedAndNameOnly() {
        SimRandom a = new SimRandom(1);
        long first = a.stream("network").nextLong();
        a.stream("something-new").nextLong();
        assertEquals(first, new SimRandom(1).stream("network").nextLong(), "adding a component perturbs nobody");
        assertTrue(first != new SimRandom(2).stream("network").nextLong());
        assertTrue(first != new SimRandom(1).stream("nemesis").nextLong());
    }
}
