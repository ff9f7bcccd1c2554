package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.server.cluster.DurableTextFile;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The id this node's store mints version dots under. A dot's counter is the key's last counter for that id plus one,
 * read from this node's own copy, so a copy that lost its newest writes would mint a dot again that replicas
 * already hold for another value: the two then collide, and one of them (chosen by HLC, which a clock stepped back
 * across the restart can get wrong) silently replaces the other. A crash loses recent writes under {@code
 * appendfsync everysec} or {@code no}. So after any unclean shutdown the node mints under a new actor id (Riak's
 * vnode epochs): the new writes become siblings of anything they did not see, never replacements. Until the first
 * unclean shutdown the actor is the node id itself, so clocks carry one entry per node. The current actor is kept in
 * {@value #FILE_NAME} in the data directory.
 */
public final class VersionActor {

    public static final String FILE_NAME = "version-actor.conf";
    private static final Logger log = LoggerFactory.getLogger(VersionActor.class);

    private VersionActor() {
    }

    /**
     * @param recoveredFromCrash the store found the previous run did not shut down cleanly
     * @return the actor to mint under from now on (durably saved when it changes)
     */
    public static NodeId loadOrRotate(Path dataDir, NodeId nodeId, boolean recoveredFromCrash) {
        Path file = dataDir.resolve(FILE_NAME);
        if (recoveredFromCrash) {
            NodeId fresh = NodeId.random(new SplittableRandom(new SecureRandom().nextLong()));
            DurableTextFile.replace(file, "actor " + fresh + "\n");
            log.info("unclean shutdown before this start: new versions are minted as actor {} (node {})", fresh, nodeId);
            return fresh;
        }
        return DurableTextFile.readFields(file).map(f -> new NodeId(f.require("actor"))).orElse(nodeId);
    }
}
