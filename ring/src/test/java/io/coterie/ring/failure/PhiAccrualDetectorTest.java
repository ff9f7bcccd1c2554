package io.coterie.ring.failure;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiAccrualDetectorTest {

    private static final NodeId PEER = NodeId.random(new SplittableRandom(1));
    private static final long GOSSIP_INTERVAL_MS = 1000;

    /** Feeds heartbeats every {@code GOSSIP_INTERVAL_MS} from 0 to {@code untilMs}; returns the last arrival time. */
    private static long steady(PhiAccrualDetector detector, long untilMs) {
        long t = 0;
        for (; t <= untilMs; t += GOSSIP_INTERVAL_MS) {
            detector.heartbeat(PEER, t);
        }
        return t - GOSSIP_INTERVAL_MS;
    }

    @Test
    void phiIsZeroForAPeerNeverHeardFrom() {
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        assertEquals(0.0, detector.phi(PEER, 1_000_000));
        assertFalse(detector.isSuspect(PEER, 1_000_000));
    }

    @Test
    void phiGrowsWithSilence() {
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long last = steady(detector, 60_000);
        double previous = -1;
        for (long silenceMs = 0; silenceMs <= 10_000; silenceMs += 250) {
            double phi = detector.phi(PEER, last + silenceMs);
            assertTrue(phi >= previous, "phi must not fall while the peer stays silent, at " + silenceMs + " ms");
            previous = phi;
        }
        assertTrue(detector.phi(PEER, last + 6_000) > detector.phi(PEER, last + 3_000) + 1,
                "three more seconds of silence must raise phi substantially");
    }

    @Test
    void steadyHeartbeatsKeepPhiLow() {
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long last = steady(detector, 120_000);
        // Just before the next heartbeat is due, and even when it is a full second late.
        assertTrue(detector.phi(PEER, last + 999) < 0.1, "phi " + detector.phi(PEER, last + 999));
        assertTrue(detector.phi(PEER, last + 2_000) < 1.0, "phi " + detector.phi(PEER, last + 2_000));
        assertFalse(detector.isSuspect(PEER, last + 3_000));
    }

    @Test
    void jitteryHeartbeatsNeverCrossTheThresholdOverTwoVirtualMinutes() {
        for (long seed = 1; seed <= 20; seed++) {
            RandomGenerator random = new SplittableRandom(seed);
            PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
            long t = 0;
            double phiMax = 0;
            detector.heartbeat(PEER, t);
            while (t < 120_000) {
                // +-50% jitter around the gossip interval.
                long next = t + 500 + random.nextLong(1001);
                for (long probe = t + 10; probe < next; probe += 10) {
                    phiMax = Math.max(phiMax, detector.phi(PEER, probe));
                }
                t = next;
                detector.heartbeat(PEER, t);
            }
            assertTrue(phiMax < PhiAccrualConfig.DEFAULT_PHI_THRESHOLD, "seed " + seed + ": phi reached " + phiMax);
        }
    }

    @Test
    void silenceAfterAKillCrossesTheThresholdWithinTenSeconds() {
        RandomGenerator random = new SplittableRandom(42);
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long t = 0;
        while (t < 60_000) {
            detector.heartbeat(PEER, t);
            t += 500 + random.nextLong(1001);
        }
        long killedAtMs = t;
        long lastHeartbeatMs = t - 1;
        detector.heartbeat(PEER, lastHeartbeatMs);
        long convictedAtMs = killedAtMs;
        while (!detector.isSuspect(PEER, convictedAtMs)) {
            convictedAtMs += 10;
        }
        long detectionMs = convictedAtMs - lastHeartbeatMs;
        assertTrue(detectionMs <= 10_000, "took " + detectionMs + " ms");
        // Not a hair trigger either: the acceptable pause alone is 2 s.
        assertTrue(detectionMs > 3_000, "convicted after only " + detectionMs + " ms");
    }

    @Test
    void firstHeartbeatBootstrapsWithTheAssumedInterval() {
        PhiAccrualConfig config = PhiAccrualConfig.defaults();
        PhiAccrualDetector detector = new PhiAccrualDetector(config);
        detector.heartbeat(PEER, 5_000);
        assertEquals(2, detector.samples(PEER));
        assertFalse(detector.isSuspect(PEER, 5_000 + config.bootstrapIntervalMs() + config.acceptablePauseMs()));
        assertTrue(detector.isSuspect(PEER, 5_000 + 10_000), "a peer heard from once and then silent for 10 s");
    }

    @Test
    void theArrivalWindowIsBoundedBySamplesMax() {
        PhiAccrualConfig config = new PhiAccrualConfig(8, 50, 250, 2000, 1000, 5000);
        PhiAccrualDetector detector = new PhiAccrualDetector(config);
        steady(detector, 500_000);
        assertEquals(50, detector.samples(PEER));
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        // After a slow period (3 s intervals) followed by more than a window of fast ones, only the fast ones count.
        PhiAccrualConfig config = new PhiAccrualConfig(8, 20, 100, 0, 1000, 5000);
        PhiAccrualDetector detector = new PhiAccrualDetector(config);
        long t = 0;
        for (int i = 0; i < 20; i++, t += 3_000) {
            detector.heartbeat(PEER, t);
        }
        for (int i = 0; i < 25; i++, t += 1_000) {
            detector.heartbeat(PEER, t);
        }
        long last = t - 1_000;
        assertTrue(detector.isSuspect(PEER, last + 3_000), "with only 1 s samples left, 3 s of silence is suspicious");
    }

    @Test
    void aLongOutageIsNotSampledSoItDoesNotBlindTheDetector() {
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long last = steady(detector, 30_000);
        int before = detector.samples(PEER);
        long back = last + 120_000;
        detector.heartbeat(PEER, back);
        assertEquals(before, detector.samples(PEER), "a 120 s gap is above intervalSampleMaxMs and must not be sampled");
        assertTrue(detector.isSuspect(PEER, back + 10_000));
    }

    @Test
    void aLowerThresholdSuspectsSooner() {
        PhiAccrualDetector strict = new PhiAccrualDetector(PhiAccrualConfig.defaults().withPhiThreshold(1));
        PhiAccrualDetector lenient = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long last = steady(strict, 60_000);
        steady(lenient, 60_000);
        assertTrue(strict.isSuspect(PEER, last + 3_500));
        assertFalse(lenient.isSuspect(PEER, last + 3_500));
    }

    @Test
    void removeForgetsTheHistory() {
        PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.defaults());
        long last = steady(detector, 10_000);
        assertTrue(detector.isSuspect(PEER, last + 20_000));
        detector.remove(PEER);
        assertFalse(detector.isTracking(PEER));
        assertEquals(0.0, detector.phi(PEER, last + 20_000));
    }

    @Test
    void invalidConfigurationIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PhiAccrualConfig(0, 1000, 250, 2000, 1000, 5000));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PhiAccrualConfig(8, 1, 250, 2000, 1000, 5000));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PhiAccrualConfig(8, 1000, 0, 2000, 1000, 5000));
    }
}
