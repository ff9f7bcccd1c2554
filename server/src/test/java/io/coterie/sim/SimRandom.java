package io.coterie.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The run's single source of randomness. Each component (the network, the nemesis, node 3's gossiper, client 2...)
 * gets its own stream derived from the run seed and the component's name rather than split off in call order, so
 * adding a component or a draw in one place does not perturb every other stream: a seed keeps meaning the same
 * schedule as the code evolves, which is what makes an old failing seed worth replaying.
 */
public final class SimRandom {

    private final long seed;

    public SimRandom(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public RandomGenerator stream(String component) {
        long h = SimTrace.hashBytes(component.getBytes(StandardCharsets.UTF_8));
        return new SplittableRandom(new SplittableRandom(seed ^ h).nextLong() ^ Long.rotateLeft(h, 29));
    }
}
