package io.coterie.ring.membership;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses whom to gossip with in one round, as Cassandra's Gossiper.GossipTask: a few random live peers; an
 * unreachable peer with probability unreachable / (live + 1), so a healed partition is noticed; and a seed when none
 * was chosen, with probability seeds / (live + unreachable) (always when nothing is live), so separate islands that
 * share a seed merge. All randomness comes from the injected generator.
 */
final class PeerSelector {

    private PeerSelector() {
    }

    static List<BusAddress> choose(List<BusAddress> live, List<BusAddress> unreachable, List<BusAddress> seeds,
                                   int fanout, RandomGenerator random) {
        Set<BusAddress> chosen = new LinkedHashSet<>(Shuffle.prefix(live, fanout, random));
        if (!unreachable.isEmpty() && random.nextDouble() < (double) unreachable.size() / (live.size() + 1)) {
            chosen.add(unreachable.get(random.nextInt(unreachable.size())));
        }
        boolean seedChosen = chosen.stream().anyMatch(seeds::contains);
        if (!seeds.isEmpty() && (!seedChosen || live.size() < seeds.size())) {
            int others = live.size() + unreachable.size();
            if (others == 0 || random.nextDouble() < (double) seeds.size() / others) {
                chosen.add(seeds.get(random.nextInt(seeds.size())));
            }
        }
        return List.copyOf(chosen);
    }
}
