package io.coterie.ring.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Random selection from the injected generator only (java.util.Collections.shuffle would need a java.util.Random). */
final class Shuffle {

    private Shuffle() {
    }

    /** A uniformly random ordered subset of at most {@code count} items (partial Fisher-Yates), as an immutable list. */
    static <T> List<T> prefix(List<T> items, int count, RandomGenerator random) {
        List<T> pool = new ArrayList<>(items);
        int take = Math.min(count, pool.size());
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(pool.size() - i);
            T swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        return List.copyOf(pool.subList(0, take));
    }
}
