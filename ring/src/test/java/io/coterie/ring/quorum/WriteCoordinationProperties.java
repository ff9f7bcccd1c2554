package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random scripted writes, checked against a deliberately naive restatement of the counting rules
 * (etcd raft's quick_test style): random N, fallbacks, liveness, level, flags, per-node outcomes,
 * delivery order, duplicates, strays and an optional early deadline. Each seed replays exactly.
 */
class WriteCoordinationProperties {

    private static final ConsistencyLevel[] LEVELS = {ConsistencyLevel.ONE, ConsistencyLevel.TWO, ConsistencyLevel.THREE,
            ConsistencyLevel.QUORUM, ConsistencyLevel.ALL, ConsistencyLevel.ANY, new ConsistencyLevel.Count(4), new ConsistencyLevel.Count(5)};

    private enum Outcome { ACK, FAIL, SILENT }

    /** One run: the scenario, what the driver delivered, and every effect in order. */
    static final class Run {
        final SplittableRandom random;
        final Placement placement;
        final ConsistencyLevel level;
        final boolean sloppy;
        final boolean handoff;
        final WriteCoordination machine;
        final List<WriteEffect> effects = new ArrayList<>();
        /** Counted acks, by the naive rule, delivered before the first reply and before the deadline. */
        final Set<String> countedBeforeReply = new HashSet<>();
        final Set<String> countedBeforeDeadline = new HashSet<>();
        final Set<NodeId> ackedByDriver = new HashSet<>();
        final Set<NodeId> sentHomeWrites = new HashSet<>();
        final Set<NodeId> sentHintedWrites = new HashSet<>();
        boolean deadlinePassed;

        Run(long seed) {
            random = new SplittableRandom(seed);
            int n = 1 + random.nextInt(5);
            int f = random.nextInt(4);
            Set<NodeId> live = new HashSet<>();
            for (NodeId node : concat(Nodes.nodes(1, n), Nodes.nodes(101, f))) {
                if (random.nextInt(4) != 0) {
                    live.add(node);
                }
            }
            placement = new Placement(Nodes.nodes(1, n), Nodes.nodes(101, f), live);
            level = LEVELS[random.nextInt(LEVELS.length)];
            sloppy = random.nextBoolean();
            handoff = random.nextBoolean();
            machine = new WriteCoordination(placement, level, sloppy, handoff);
            drive();
        }

        private static List<NodeId> concat(List<NodeId> a, List<NodeId> b) {
            List<NodeId> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private boolean counts(WriteEvent e) {
            if (e instanceof WriteEvent.Acked a) {
                return placement.isHome(a.from()) ? sentHomeWrites.contains(a.from())
                        : sentHintedWrites.contains(a.from()) && ((sloppy && handoff) || level.isAny());
            }
            return e instanceof WriteEvent.HintStored && level.isAny();
        }

        private String key(WriteEvent e) {
            return e instanceof WriteEvent.Acked a ? "ack " + a.from() : "hint " + ((WriteEvent.HintStored) e).home();
        }

        private void drive() {
            List<WriteEvent> pending = new ArrayList<>();
            absorb(machine.start(), pending);
            int deadlineAt = random.nextInt(3) == 0 ? random.nextInt(8) : Integer.MAX_VALUE;
            for (int step = 0; !pending.isEmpty(); step++) {
                if (step == deadlineAt) {
                    deliver(WriteEvent.TIMED_OUT, pending);
                }
                WriteEvent e = pending.remove(random.nextInt(pending.size()));
                if (random.nextInt(10) == 0) {
                    pending.add(e); // delivered twice
                }
                if (random.nextInt(20) == 0) {
                    deliver(new WriteEvent.Acked(Nodes.node(500)), pending); // a stray
                }
                deliver(e, pending);
            }
            deliver(WriteEvent.TIMED_OUT, pending); // its hints are not driven further
        }

        private void deliver(WriteEvent e, List<WriteEvent> pending) {
            if (e instanceof WriteEvent.TimedOut) {
                deadlinePassed = true;
            } else if (e instanceof WriteEvent.Acked a) {
                ackedByDriver.add(a.from());
            }
            if (counts(e)) {
                if (!replied()) {
                    countedBeforeReply.add(key(e));
                }
                if (!deadlinePassed) {
                    countedBeforeDeadline.add(key(e));
                }
            }
            List<WriteEffect> out = machine.handle(e);
            absorb(out, deadlinePassed ? new ArrayList<>() : pending);
        }

        private boolean replied() {
            return effects.stream().anyMatch(x -> x instanceof WriteEffect.Succeed || x instanceof WriteEffect.Fail);
        }

        /** Record effects and turn each send into its scripted outcome. */
        private void absorb(List<WriteEffect> out, List<WriteEvent> pending) {
            for (WriteEffect effect : out) {
                effects.add(effect);
                NodeId to = null;
                if (effect instanceof WriteEffect.SendWrite s) {
                    to = s.to();
                    sentHomeWrites.add(to);
                } else if (effect instanceof WriteEffect.SendHintedWrite h) {
                    to = h.to();
                    sentHintedWrites.add(to);
                } else if (effect instanceof WriteEffect.StoreHint h) {
                    if (random.nextInt(5) != 0) {
                        pending.add(new WriteEvent.HintStored(h.home()));
                    }
                }
                if (to != null) {
                    switch (Outcome.values()[random.nextInt(3)]) {
                        case ACK -> pending.add(new WriteEvent.Acked(to));
                        case FAIL -> pending.add(new WriteEvent.Failed(to));
                        case SILENT -> { }
                    }
                }
            }
        }
    }

    @Property
    void exactlyOneReplyAndSuccessOnlyWithWDistinctCountedAcks(@ForAll long seed) {
        Run run = new Run(seed);
        List<WriteEffect> replies = run.effects.stream()
                .filter(e -> e instanceof WriteEffect.Succeed || e instanceof WriteEffect.Fail).toList();
        assertEquals(1, replies.size(), "exactly one reply: " + run.effects);
        int w = run.level.required(run.placement.n());
        if (replies.get(0) instanceof WriteEffect.Succeed s) {
            int counted = s.homeAcks().size() + s.fallbackAcks().size() + s.hintsStored().size();
            assertTrue(counted >= w, "succeeded with " + counted + " < W=" + w);
            assertTrue(run.countedBeforeReply.size() >= w, "the naive count disagrees: " + run.countedBeforeReply);
            assertTrue(run.placement.home().containsAll(s.homeAcks()));
            assertTrue(run.placement.fallbacks().containsAll(s.fallbackAcks()));
            assertTrue(run.ackedByDriver.containsAll(s.homeAcks()) && run.ackedByDriver.containsAll(s.fallbackAcks()),
                    "every counted node really acked");
            if (!run.level.isAny()) {
                assertTrue(s.hintsStored().isEmpty(), "coordinator hints count only for ANY");
            }
        } else {
            WriteEffect.Fail f = (WriteEffect.Fail) replies.get(0);
            assertTrue(f.failure().got() < w);
            if (!f.failure().reason().equals("timed out")) {
                // It gave up early: it must have been right that W could not be reached before the deadline.
                assertTrue(run.countedBeforeDeadline.size() < w, f.failure().text() + " but the driver delivered " + run.countedBeforeDeadline);
            }
        }
    }

    @Property
    void withSloppyQuorumOffOnlyHomeReplicasAreWrittenOrCounted(@ForAll long seed) {
        Run run = new Run(seed);
        if (run.sloppy && run.handoff) {
            return;
        }
        assertTrue(run.sentHintedWrites.isEmpty(), "no fallback is written: " + run.effects);
        for (WriteEffect e : run.effects) {
            if (e instanceof WriteEffect.Succeed s) {
                assertTrue(s.fallbackAcks().isEmpty());
                if (!run.level.isAny()) {
                    assertTrue(run.placement.home().containsAll(s.homeAcks()));
                    assertTrue(s.homeAcks().size() >= run.level.required(run.placement.n()));
                }
            }
        }
    }

    @Property
    void eachHomeReplicaIsCoveredByAtMostOneFallbackAtATimeAndEachFallbackServesOneHome(@ForAll long seed) {
        Run run = new Run(seed);
        Set<NodeId> fallbacksUsed = new HashSet<>();
        for (WriteEffect e : run.effects) {
            if (e instanceof WriteEffect.SendHintedWrite h) {
                assertTrue(fallbacksUsed.add(h.to()), "fallback used twice: " + run.effects);
                assertTrue(run.placement.isLive(h.to()), "only live fallbacks are tried");
                assertTrue(run.placement.isHome(h.home()));
            }
            if (e instanceof WriteEffect.SendWrite s) {
                assertTrue(run.placement.isHome(s.to()) && run.placement.isLive(s.to()));
            }
            if (e instanceof WriteEffect.StoreHint) {
                assertTrue(run.handoff, "hints only with hinted handoff");
            }
        }
        assertTrue(run.machine.isDone() || !run.deadlinePassed);
    }
}
