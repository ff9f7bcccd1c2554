package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random reads over replica states produced the way the system produces them — writes through a
 * coordinator, replicated to random subsets — with random outcomes, order, duplicates and deadline.
 */
class ReadCoordinationProperties {

    private static final ConsistencyLevel[] LEVELS = {ConsistencyLevel.ONE, ConsistencyLevel.TWO, ConsistencyLevel.THREE,
            ConsistencyLevel.QUORUM, ConsistencyLevel.ALL, new ConsistencyLevel.Count(4)};

    static final class Run {
        final SplittableRandom random;
        final Placement placement;
        final ConsistencyLevel level;
        final boolean sloppy;
        final boolean blockingRepair;
        final ReadCoordination machine;
        final Map<NodeId, SiblingSet> stored = new HashMap<>();
        final List<ReadEffect> effects = new ArrayList<>();
        /** Replies delivered before the client's reply, and after. */
        final Map<NodeId, SiblingSet> repliesBeforeAnswer = new HashMap<>();
        final Map<NodeId, SiblingSet> allReplies = new HashMap<>();
        final Map<NodeId, SiblingSet> repliesBeforeDeadline = new HashMap<>();
        boolean deadlinePassed;

        Run(long seed) {
            random = new SplittableRandom(seed);
            int n = 1 + random.nextInt(5);
            int f = random.nextInt(3);
            List<NodeId> everyone = new ArrayList<>(Nodes.nodes(1, n));
            everyone.addAll(Nodes.nodes(101, f));
            Set<NodeId> live = new HashSet<>();
            for (NodeId node : everyone) {
                if (random.nextInt(4) != 0) {
                    live.add(node);
                }
            }
            placement = new Placement(Nodes.nodes(1, n), Nodes.nodes(101, f), live);
            writeHistory(everyone);
            level = LEVELS[random.nextInt(LEVELS.length)];
            sloppy = random.nextBoolean();
            blockingRepair = random.nextBoolean();
            machine = new ReadCoordination(placement, level, sloppy, blockingRepair);
            drive();
        }

        /** A few writes through random coordinators, each replicated to a random subset of nodes. */
        private void writeHistory(List<NodeId> everyone) {
            everyone.forEach(node -> stored.put(node, SiblingSet.empty()));
            int writes = random.nextInt(6);
            for (int i = 1; i <= writes; i++) {
                NodeId coordinator = everyone.get(random.nextInt(everyone.size()));
                ClientWrite write = random.nextInt(4) == 0 ? new ClientWrite.Del()
                        : new ClientWrite.Set(new byte[] {(byte) i}, Sibling.NO_EXPIRY);
                SiblingSet next = Versions.coordinate(stored.get(coordinator), write, coordinator, new HlcTimestamp(i, 0), i);
                stored.put(coordinator, next);
                for (NodeId node : everyone) {
                    if (random.nextBoolean()) {
                        stored.put(node, Versions.receive(stored.get(node), next));
                    }
                }
            }
        }

        private void drive() {
            List<ReadEvent> pending = new ArrayList<>();
            absorb(machine.start(), pending);
            int deadlineAt = random.nextInt(3) == 0 ? random.nextInt(8) : Integer.MAX_VALUE;
            for (int step = 0; !pending.isEmpty(); step++) {
                if (step == deadlineAt) {
                    deliver(ReadEvent.TIMED_OUT, pending);
                }
                ReadEvent e = pending.remove(random.nextInt(pending.size()));
                if (random.nextInt(10) == 0) {
                    pending.add(e);
                }
                deliver(e, pending);
            }
            deliver(ReadEvent.TIMED_OUT, pending);
        }

        private void deliver(ReadEvent e, List<ReadEvent> pending) {
            deadlinePassed |= e instanceof ReadEvent.TimedOut;
            if (e instanceof ReadEvent.Replied r && !allReplies.containsKey(r.from())) {
                allReplies.put(r.from(), r.orEmpty());
                if (!replied()) {
                    repliesBeforeAnswer.put(r.from(), r.orEmpty());
                }
                if (!deadlinePassed) {
                    repliesBeforeDeadline.put(r.from(), r.orEmpty());
                }
            }
            absorb(machine.handle(e), deadlinePassed ? new ArrayList<>() : pending);
        }

        boolean replied() {
            return effects.stream().anyMatch(x -> x instanceof ReadEffect.Succeed || x instanceof ReadEffect.Fail);
        }

        private void absorb(List<ReadEffect> out, List<ReadEvent> pending) {
            for (ReadEffect effect : out) {
                effects.add(effect);
                if (effect instanceof ReadEffect.SendRead s) {
                    switch (random.nextInt(3)) {
                        case 0, 1 -> pending.add(new ReadEvent.Replied(s.to(),
                                stored.get(s.to()).isEmpty() && random.nextBoolean() ? Optional.empty() : Optional.of(stored.get(s.to()))));
                        default -> pending.add(new ReadEvent.Failed(s.to()));
                    }
                } else if (effect instanceof ReadEffect.SendRepair r) {
                    pending.add(random.nextInt(4) == 0 ? new ReadEvent.RepairFailed(r.to()) : new ReadEvent.RepairAcked(r.to()));
                }
            }
        }
    }

    @Property
    void exactlyOneReplyAndTheAnswerDominatesEveryReplyItWaitedOn(@ForAll long seed) {
        Run run = new Run(seed);
        List<ReadEffect> replies = run.effects.stream()
                .filter(e -> e instanceof ReadEffect.Succeed || e instanceof ReadEffect.Fail).toList();
        assertEquals(1, replies.size(), "exactly one reply: " + run.effects);
        int r = run.level.required(run.placement.n());
        if (replies.get(0) instanceof ReadEffect.Succeed s) {
            assertTrue(s.counted().size() >= r);
            if (!run.sloppy) {
                assertTrue(run.placement.home().containsAll(s.counted()), "with sloppy quorum off only home replicas count");
            }
            for (NodeId node : s.counted()) {
                SiblingSet reply = run.repliesBeforeAnswer.get(node);
                assertEquals(s.versions(), s.versions().merge(reply), "the answer contains every counted reply");
            }
            // Nothing is invented: the answer is contained in the merge of what arrived before it.
            SiblingSet naive = run.repliesBeforeAnswer.values().stream().reduce(SiblingSet.empty(), SiblingSet::merge);
            assertEquals(naive, naive.merge(s.versions()), "the answer comes only from replies");
        } else {
            assertTrue(((ReadEffect.Fail) replies.get(0)).failure().got() < r);
        }
        for (SiblingSet reply : run.allReplies.values()) {
            assertEquals(run.machine.merged(), run.machine.merged().merge(reply), "the final merge dominates every reply");
        }
    }

    @Property
    void readRepairTargetsExactlyTheStaleHomeReplicas(@ForAll long seed) {
        Run run = new Run(seed);
        Optional<ReadEffect.Succeed> success = run.effects.stream()
                .filter(ReadEffect.Succeed.class::isInstance).map(ReadEffect.Succeed.class::cast).findFirst();
        // Last state each home replica is known to hold: its reply, then each repair sent to it.
        Map<NodeId, SiblingSet> known = new HashMap<>();
        boolean answered = false;
        Set<NodeId> repairedBeforeAnswer = new HashSet<>();
        for (ReadEffect e : run.effects) {
            if (e instanceof ReadEffect.SendRepair repair) {
                assertTrue(run.placement.isHome(repair.to()), "fallbacks are never repaired");
                SiblingSet had = known.getOrDefault(repair.to(), run.allReplies.get(repair.to()));
                assertNotEquals(had, repair.versions(), "a repair is sent only to a replica that differs");
                known.put(repair.to(), repair.versions());
                // With blocking repair, replies arriving while the client waits are repaired in the background.
                if (!answered && (!run.blockingRepair || repair.blocking())) {
                    repairedBeforeAnswer.add(repair.to());
                }
                assertTrue(!repair.blocking() || run.blockingRepair);
            }
            answered |= e instanceof ReadEffect.Succeed;
        }
        if (success.isPresent()) {
            // The home replicas the answer was built from: exactly the stale ones are repaired before it.
            Set<NodeId> stale = new HashSet<>();
            for (NodeId node : success.get().counted()) {
                if (run.placement.isHome(node) && !run.allReplies.get(node).equals(success.get().versions())) {
                    stale.add(node);
                }
            }
            assertEquals(stale, repairedBeforeAnswer, "repaired before the answer: exactly the stale replicas it read");
            // In the end every home replica that replied before the deadline is known to hold the merge of those replies.
            SiblingSet mergeBeforeDeadline = run.repliesBeforeDeadline.values().stream().reduce(SiblingSet.empty(), SiblingSet::merge);
            run.repliesBeforeDeadline.forEach((node, reply) -> {
                if (run.placement.isHome(node)) {
                    assertEquals(mergeBeforeDeadline, known.getOrDefault(node, reply), "home replica " + node + " left stale");
                }
            });
        }
    }
}
