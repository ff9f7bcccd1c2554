package io.coterie.server.cluster.replica;

import io.coterie.ring.version.SiblingSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions a command produced on this thread while the capture was open: what the coordinator
 * must replicate after running a client write locally. Opened and closed around one command.
 */
public final class WriteCapture implements AutoCloseable {

    /** One key's new state, as this coordinator stored it. */
    public record Captured(byte[] key, SiblingSet versions) {
    }

    private final ThreadLocal<WriteCapture> owner;
    private final WriteCapture previous;
    private final List<Captured> writes = new ArrayList<>(1);

    WriteCapture(ThreadLocal<WriteCapture> owner) {
        this.owner = owner;
        this.previous = owner.get();
        owner.set(this);
    }

    void record(byte[] key, SiblingSet versions) {
        for (int i = 0; i < writes.size(); i++) {
            if (java.util.Arrays.equals(writes.get(i).key(), key)) {
                writes.set(i, new Captured(key, versions));
                return;
            }
        }
        writes.add(new Captured(key, versions));
    }

    /** Each written key once, with its latest state, in the order first written. */
    public List<Captured> writes() {
        return writes;
    }

    @Override
    public void close() {
        if (previous == null) {
            owner.remove();
        } else {
            owner.set(previous);
        }
    }
}
