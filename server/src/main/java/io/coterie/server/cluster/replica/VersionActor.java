package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
            save(file, fresh);
            log.info("unclean shutdown before this start: new versions are minted as actor {} (node {})", fresh, nodeId);
            return fresh;
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!text.startsWith("actor ")) {
                throw new IllegalStateException(file + ": expected 'actor <id>', found '" + text + "'");
            }
            return new NodeId(text.substring("actor ".length()).trim());
        } catch (NoSuchFileException e) {
            return nodeId;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Write a temporary file, force it, rename it over the old one, force the directory: old or new, never half. */
    private static void save(Path file, NodeId actor) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(("actor " + actor + "\n").getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some file systems refuse to open a directory: the rename is atomic, only its durability is unconfirmed.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
