package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.server.cluster.DurableTextFile;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Whether this data directory's plain writes carry versions yet. A node that has never had a peer is
 * <em>standalone</em>: nobody else holds its data, so a plain write stores the bare record, which costs a Redis-sized
 * entry and no version bookkeeping. Such a record reads as one sibling minted by the directory's {@link #legacyActor}
 * (counter 1, HLC zero): an id that mints nothing else, unique to the directory, so bare records of two nodes met
 * later are concurrent siblings, never one overwriting the other.
 *
 * <p>The first contact with a peer makes the directory <em>clustered</em>, durably and for good, before any record
 * leaves the node: from then on every write mints a real version, and a bare record is never rewritten bare, so at
 * most one value per key ever travels under the legacy dot — the rule "equal dots mean equal values" holds.
 *
 * <p>Kept in {@value #FILE_NAME}: {@code mode standalone|clustered} and {@code legacy-actor <id>}.
 */
public final class VersioningMode {

    public static final String FILE_NAME = "versioning.conf";

    private final Path file;
    private final NodeId legacyActor;
    private volatile boolean clustered;

    private VersioningMode(Path file, NodeId legacyActor, boolean clustered) {
        this.file = file;
        this.legacyActor = legacyActor;
        this.clustered = clustered;
    }

    /**
     * Reads the directory's mode. Without the file, an empty store starts standalone under a fresh legacy actor;
     * a store that already holds records (written by a build before this file existed, every one versioned or owned by
     * {@link StoredVersions#LEGACY_NODE}) is clustered.
     */
    public static VersioningMode loadOrCreate(Path dataDir, boolean storeEmpty) {
        Path file = dataDir.resolve(FILE_NAME);
        Optional<DurableTextFile.Fields> saved = DurableTextFile.readFields(file);
        if (saved.isPresent()) {
            return parse(saved.get());
        }
        VersioningMode created = storeEmpty
                ? new VersioningMode(file, NodeId.random(new SplittableRandom(new SecureRandom().nextLong())), false)
                : new VersioningMode(file, StoredVersions.LEGACY_NODE, true);
        created.save();
        return created;
    }

    /** Always clustered, bare records owned by {@link StoredVersions#LEGACY_NODE}: stores that are never standalone. */
    public static VersioningMode clustered() {
        return new VersioningMode(null, StoredVersions.LEGACY_NODE, true);
    }

    /** Standalone until {@link #markClustered}, kept in memory only (tests and the simulator). */
    public static VersioningMode standaloneInMemory(NodeId legacyActor) {
        return new VersioningMode(null, legacyActor, false);
    }

    public boolean isClustered() {
        return clustered;
    }

    /** The owner of the one implicit version a bare record carries. */
    public NodeId legacyActor() {
        return legacyActor;
    }

    /** Durably clustered from now on; a no-op if it already is. */
    public synchronized void markClustered() {
        if (clustered) {
            return;
        }
        save(true);
        clustered = true;
    }

    private void save() {
        save(clustered);
    }

    private void save(boolean asClustered) {
        if (file != null) {
            DurableTextFile.replace(file, "mode " + (asClustered ? "clustered" : "standalone") + "\nlegacy-actor "
                    + legacyActor + "\n");
        }
    }

    private static VersioningMode parse(DurableTextFile.Fields fields) {
        String mode = fields.require("mode");
        if (!mode.equals("standalone") && !mode.equals("clustered")) {
            throw new IllegalStateException(fields.file() + ": expected 'mode standalone|clustered', found '" + mode + "'");
        }
        return new VersioningMode(fields.file(), new NodeId(fields.require("legacy-actor")), mode.equals("clustered"));
    }
}
