package io.coterie.ring;

/**
 * Wall-clock time, injected everywhere protocol code needs it, so the simulated cluster can run on
 * virtual time. Production code uses {@link #system()}; nothing in ring/ calls System time directly.
 */
@FunctionalInterface
public interface Clock {

    /** Milliseconds since the Unix epoch. May go backwards (NTP steps); callers that need monotonicity use an HLC. */
    long millis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
