package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test memberships generated from a seed, so a failing property names a reproducible case. */
final class Members {

    private Members() {
    }

    static List<RingMember> equal(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RingMember> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RingMember.of(NodeId.random(random)));
        }
        return out;
    }

    static List<RingMember> weighted(long seed, int count, int weightMax) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RingMember> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RingMember.of(NodeId.random(random), 1 + random.nextInt(weightMax)));
        }
        return out;
    }

    /** {@code count} nodes dealt round-robin onto {@code racks} racks, so rack sizes differ by at most one. */
    static List<RingMember> racked(long seed, int count, int racks) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RingMember> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RingMember.of(NodeId.random(random), 1, "rack-" + (i % racks)));
        }
        return out;
    }

    static RingMember fresh(long seed) {
        return RingMember.of(NodeId.random(new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L)));
    }
}
