package io.coterie.ring.membership;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What the placement code needs from each node to compute the identical ring everywhere (SPEC section 2,
 * "Placement"): its weight, its rack (empty when racks are not configured) and its number of vnodes.
 */
public record PlacementInputs(int weight, String rack, int vnodes) implements Comparable<PlacementInputs> {

    /** Upper bound on vnodes per node: keeps the gossiped value and the ring computed from it bounded. */
    public static final int VNODES_MAX = 4096;
    public static final int RACK_CHARS_MAX = 64;

    private static final Comparator<PlacementInputs> ORDER = Comparator.comparingInt(PlacementInputs::weight)
            .thenComparing(PlacementInputs::rack).thenComparingInt(PlacementInputs::vnodes);

    public PlacementInputs {
        Objects.requireNonNull(rack, "rack (use \"\" for none)");
        if (weight < 1 || vnodes < 1 || vnodes > VNODES_MAX || rack.length() > RACK_CHARS_MAX) {
            throw new IllegalArgumentException("bad placement inputs weight=" + weight + " rack=" + rack + " vnodes=" + vnodes);
        }
    }

    /** SPEC section 4 defaults: vnodes 256, node-weight 1, no rack. */
    public static PlacementInputs defaults() {
        return new PlacementInputs(1, "", 256);
    }

    public Optional<String> rackIfConfigured() {
        return rack.isEmpty() ? Optional.empty() : Optional.of(rack);
    }

    @Override
    public int compareTo(PlacementInputs o) {
        return ORDER.compare(this, o);
    }
}
