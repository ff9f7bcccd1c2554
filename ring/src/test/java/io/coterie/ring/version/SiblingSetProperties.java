package io.coterie.ring.version;

import io.coterie.ring.NodeId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of dotted sibling sets over states produced the way the system produces them: clients
 * read (possibly stale) contexts from replicas, write through any coordinator with them, and
 * replicas sync pairwise — all driven by a seed, so a failure is reproducible.
 */
class SiblingSetProperties {

    /** One simulated run: three replicas, four clients, a log of every write and the context it used. */
    static final class Run {
        final NodeId[] nodes = {VectorClockTest.node(1), VectorClockTest.node(2), VectorClockTest.node(3)};
        final SiblingSet[] replicas = {SiblingSet.empty(), SiblingSet.empty(), SiblingSet.empty()};
        final VectorClock[] clientContexts = {VectorClock.empty(), VectorClock.empty(), VectorClock.empty(), VectorClock.empty()};
        final List<VectorClock> writeContexts = new ArrayList<>();
        final List<Dot> writeDots = new ArrayList<>();
        final List<VectorClock> contextsSeen = new ArrayList<>();
        final SplittableRandom random;
        long timeMs = 1_000;

        Run(long seed, int steps) {
            random = new SplittableRandom(seed);
            for (int i = 0; i < steps; i++) {
                step();
            }
        }

        private void step() {
            timeMs += random.nextInt(5);
            int r = random.nextInt(replicas.length);
            int client = random.nextInt(clientContexts.length);
            switch (random.nextInt(5)) {
                case 0 -> clientContexts[client] = replicas[r].context(); // VGET
                case 1, 2 -> write(r, clientContexts[client]);            // VSET with what the client last read
                case 3 -> write(r, replicas[r].context());                // plain SET: supersedes what the coordinator has
                default -> {                                             // anti-entropy between two replicas
                    int other = random.nextInt(replicas.length);
                    SiblingSet merged = replicas[r].merge(replicas[other]);
                    replicas[r] = merged;
                    replicas[other] = merged;
                }
            }
        }

        private void write(int r, VectorClock context) {
            contextsSeen.add(context);
            SiblingSet next = random.nextInt(6) == 0
                    ? replicas[r].delete(context, nodes[r], new HlcTimestamp(timeMs, 0), timeMs)
                    : replicas[r].write(context, nodes[r], bytes(), new HlcTimestamp(timeMs, 0), random.nextInt(3) == 0 ? timeMs + 100 : 0, timeMs);
            Sibling fresh = next.siblings().stream().filter(s -> !replicas[r].siblings().contains(s)).findFirst().orElseThrow();
            writeDots.add(fresh.dot());
            writeContexts.add(context);
            replicas[r] = next;
        }

        private byte[] bytes() {
            byte[] b = new byte[random.nextInt(6)];
            random.nextBytes(b);
            return b;
        }

        SiblingSet everything() {
            return replicas[0].merge(replicas[1]).merge(replicas[2]);
        }
    }

    @Property(tries = 200)
    void mergeIsCommutativeAssociativeAndIdempotent(@ForAll long seed, @ForAll @IntRange(max = 60) int steps) {
        Run run = new Run(seed, steps);
        SiblingSet a = run.replicas[0];
        SiblingSet b = run.replicas[1];
        SiblingSet c = run.replicas[2];
        assertEquals(a.merge(b), b.merge(a));
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        assertEquals(a, a.merge(a));
        assertTrue(a.merge(b).context().descends(a.context()));
    }

    @Property(tries = 200)
    void aWriteDiscardsExactlyTheSiblingsItsContextCovers(@ForAll long seed, @ForAll @IntRange(max = 60) int steps,
                                                          @ForAll @IntRange(min = 0, max = 2) int replica) {
        Run run = new Run(seed, steps);
        SiblingSet state = run.replicas[replica];
        List<VectorClock> contexts = new ArrayList<>(run.contextsSeen);
        contexts.add(VectorClock.empty());
        for (VectorClock context : contexts) {
            SiblingSet after = state.write(context, run.nodes[replica], new byte[]{1}, new HlcTimestamp(run.timeMs + 1, 0), 0, run.timeMs + 1);
            Set<Dot> expected = state.siblings().stream().map(Sibling::dot).filter(d -> !context.covers(d)).collect(Collectors.toSet());
            Set<Dot> kept = after.siblings().stream().map(Sibling::dot).collect(Collectors.toSet());
            assertTrue(kept.containsAll(expected), "a write never discards a sibling its context has not seen");
            assertEquals(expected.size() + 1, kept.size(), "it discards every sibling its context covers, and adds one");
            assertTrue(after.context().descends(context) && after.context().descends(state.context()));
        }
    }

    /**
     * The end-to-end guarantee: once every replica has synced, the siblings are exactly the writes
     * that no later write's context covered — nothing acknowledged is lost, nothing superseded
     * survives, and siblings are bounded by the truly concurrent writes.
     */
    @Property(tries = 200)
    void afterFullSyncSiblingsAreExactlyTheUnsupersededWrites(@ForAll long seed, @ForAll @IntRange(max = 80) int steps) {
        Run run = new Run(seed, steps);
        Set<Dot> alive = new HashSet<>();
        for (Dot dot : run.writeDots) {
            if (run.writeContexts.stream().noneMatch(c -> c.covers(dot))) {
                alive.add(dot);
            }
        }
        SiblingSet all = run.everything();
        assertEquals(alive, all.siblings().stream().map(Sibling::dot).collect(Collectors.toSet()));
        for (SiblingSet r : run.replicas) {
            assertEquals(all, r.merge(all), "any replica merged with the union converges to it");
        }
    }

    @Property(tries = 200)
    void encodingRoundTripsAndEveryTruncationIsRejected(@ForAll long seed, @ForAll @IntRange(max = 40) int steps) {
        Run run = new Run(seed, steps);
        SiblingSet state = run.everything();
        byte[] bytes = state.encode();
        assertEquals(state, SiblingSet.decode(bytes));
        for (int len = 0; len < bytes.length; len++) {
            byte[] prefix = Arrays.copyOf(bytes, len);
            try {
                SiblingSet.decode(prefix);
                throw new AssertionError("a " + len + "-byte prefix of " + bytes.length + " decoded");
            } catch (VersionDecodeException expected) {
                assertTrue(!expected.getMessage().isEmpty());
            }
        }
    }

    @Property(tries = 300)
    void corruptedBytesDecodeOrFailClearly(@ForAll long seed, @ForAll @IntRange(max = 30) int steps,
                                           @ForAll int position, @ForAll byte replacement) {
        byte[] bytes = new Run(seed, steps).everything().encode();
        bytes[Math.floorMod(position, bytes.length)] = replacement;
        try {
            SiblingSet decoded = SiblingSet.decode(bytes);
            assertEquals(decoded, SiblingSet.decode(decoded.encode()));
        } catch (VersionDecodeException expected) {
            assertTrue(!expected.getMessage().isEmpty());
        }
    }

    @Property(tries = 300)
    void garbageDecodesOrFailsClearly(@ForAll byte[] garbage) {
        try {
            SiblingSet.decode(garbage);
        } catch (VersionDecodeException expected) {
            assertTrue(!expected.getMessage().isEmpty());
        }
    }
}
