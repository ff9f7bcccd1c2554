package io.coterie.ring.quorum;

/**
 * Bounds on the hints kept for one target node (SPEC section 4: {@code hint-window-seconds},
 * {@code hint-bytes-max}; TIGER_STYLE: a limit on everything).
 *
 * @param countMax       hints kept per target
 * @param bytesMax       payload bytes kept per target ({@code hint-bytes-max})
 * @param windowMs       how long a target may be down and still be hinted, and how old a hint may
 *                       get ({@code hint-window-seconds} × 1000); Cassandra's max_hint_window
 * @param batchCountMax  hints per handoff batch
 * @param batchBytesMax  payload bytes per handoff batch (a single larger hint still goes alone)
 */
public record HintLimits(int countMax, long bytesMax, long windowMs, int batchCountMax, long batchBytesMax) {

    public static final HintLimits DEFAULT = new HintLimits(1_000_000, 1L << 30, 10_800_000L, 256, 4L << 20);

    public HintLimits {
        if (countMax < 1 || bytesMax < 0 || windowMs < 0 || batchCountMax < 1 || batchBytesMax < 1) {
            throw new IllegalArgumentException("bad hint limits: " + countMax + ", " + bytesMax + ", " + windowMs
                    + ", " + batchCountMax + ", " + batchBytesMax);
        }
    }
}
