package io.coterie.server.cluster.coordinator;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.strings.SetOptions;

import java.util.Set;

/**
 * Writes whose outcome does not depend on what the key held: the coordinator can run them against
 * its own copy without first reading the other replicas. Every other write (INCR, APPEND, SET NX,
 * DEL — whose reply counts what existed — EXPIRE, ...) first merges a quorum of replicas into the
 * local copy, so a coordinator that missed writes (it was down, a fallback took them) does not
 * compute from stale data.
 */
final class BlindWrites {

    private static final Set<String> ALWAYS = Set.of("setex", "psetex", "mset", "vset", "vdel");

    private BlindWrites() {
    }

    static boolean isBlind(CommandSpec spec, Args args) {
        if (ALWAYS.contains(spec.name())) {
            return true;
        }
        if (!spec.name().equals("set")) {
            return false;
        }
        try {
            SetOptions o = SetOptions.parseSet(args, 3);
            return !o.nx() && !o.xx() && !o.get() && !o.keepTtl();
        } catch (RuntimeException syntaxError) {
            return true; // the command only answers its syntax error: nothing to read first
        }
    }
}
