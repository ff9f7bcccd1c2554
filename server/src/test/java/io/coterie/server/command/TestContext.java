package io.coterie.server.command;

import io.coterie.server.command.RecordingRespWriter.Reply;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Store;
import io.coterie.storage.StoreFullException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CommandContext} over an {@link InMemoryStore} (or any store) with a clock the test sets,
 * plus {@link #call} that runs a command the way the dispatcher does: look it up, check its arity,
 * run it, turn a {@link CommandError} into an error reply, and insist on exactly one reply.
 * Safe to call from several threads at once (the concurrency tests do).
 */
public final class TestContext implements CommandContext {

    /** 2023-11-14T22:13:20Z: an arbitrary, realistic start time. */
    public static final long START_MS = 1_700_000_000_000L;

    private final Store store;
    private final CommandTable table;
    private final Session session = new Session(1, "127.0.0.1:50000", "127.0.0.1:6379", START_MS, true);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile long nowMs = START_MS;
    private volatile long maxBulkLength = 512L * 1024 * 1024;

    public TestContext(Store store, Collection<CommandSpec> specs) {
        this.store = store;
        this.table = CommandTable.of(specs);
    }

    @SafeVarargs
    public static TestContext of(List<CommandSpec>... specLists) {
        return over(new InMemoryStore(), specLists);
    }

    @SafeVarargs
    public static TestContext over(Store store, List<CommandSpec>... specLists) {
        List<CommandSpec> all = new ArrayList<>();
        for (List<CommandSpec> l : specLists) {
            all.addAll(l);
        }
        return new TestContext(store, all);
    }

    /** Runs one command given as UTF-8 words. */
    public Reply call(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(argv);
    }

    /** Runs one command given as raw arguments (binary keys and values). */
    public Reply call(byte[]... argv) {
        Args args = new Args(argv);
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            throw new AssertionError("unknown command " + args.string(0));
        }
        RecordingRespWriter out = new RecordingRespWriter();
        if (!spec.arityAccepts(args.count())) {
            out.error(CommandError.wrongArity(spec.name()));
            return out.single();
        }
        try {
            spec.handler().handle(this, args, out);
        } catch (CommandError e) {
            if (!out.replies().isEmpty()) {
                throw new AssertionError("handler threw " + e.reply() + " after replying " + out.replies());
            }
            out.error(e);
        } catch (StoreFullException e) {
            if (!out.replies().isEmpty()) {
                throw new AssertionError("store full after replying " + out.replies());
            }
            out.error(CommandError.OOM);
        }
        return out.single();
    }

    public CommandTable table() {
        return table;
    }

    public void setNow(long ms) {
        nowMs = ms;
    }

    public void advance(long ms) {
        nowMs += ms;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public void maxBulkLength(long bytes) {
        maxBulkLength = bytes;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public long nowMillis() {
        return nowMs;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public long maxBulkLength() {
        return maxBulkLength;
    }

    @Override
    public void keyspaceHit() {
        hits.incrementAndGet();
    }

    @Override
    public void keyspaceMiss() {
        misses.incrementAndGet();
    }
}
