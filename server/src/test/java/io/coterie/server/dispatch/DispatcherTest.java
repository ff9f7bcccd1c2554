package io.coterie.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.ServerMetrics;
import io.coterie.server.ClientRegistry;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import io.coterie.server.command.Session;
import io.coterie.server.config.ServerConfig;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import io.coterie.storage.StoreFullException;
import io.coterie.storage.StoreWriteException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final ServerConfig config = ServerConfig.defaults();
    private final ServerMetrics metrics = new ServerMetrics(new SimpleMeterRegistry(), new ClientRegistry());
    private final InMemoryStore store = new InMemoryStore();
    private final Dispatcher dispatcher = new Dispatcher(CommandTable.of(List.of(
            spec("echo", 2, Set.of(), (ctx, a, out) -> out.bulk(a.bytes(1))),
            spec("auth", -2, Set.of(CommandFlag.NO_AUTH), (ctx, a, out) -> {
                ctx.session().authenticated(true);
                out.ok();
            }),
            spec("fill", 3, Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM), (ctx, a, out) -> {
                out.array(2); // half a reply, then the store refuses: the half must not reach the client
                out.integer(1);
                throw new StoreFullException("full");
            }),
            spec("logfail", 1, Set.of(CommandFlag.WRITE), (ctx, a, out) -> {
                out.simpleString("OK"); // written before the log refused: must not reach the client
                throw new StoreWriteException("disk full", new java.io.IOException("No space left on device"));
            }),
            spec("bad", 1, Set.of(), (ctx, a, out) -> {
                throw CommandError.syntax();
            }),
            spec("boom", 1, Set.of(), (ctx, a, out) -> {
                out.simpleString("partial");
                throw new IllegalStateException("bug");
            }),
            spec("get", 2, Set.of(CommandFlag.READONLY), (ctx, a, out) -> {
                Record r = ctx.store().get(a.bytes(1), ctx.nowMillis());
                if (r == null) {
                    out.nullBulk();
                } else {
                    out.bulk(r.value());
                }
            }))), config, metrics);
    private final TestContext ctx = new TestContext(store, new Session(1, "127.0.0.1:1", "127.0.0.1:6379", 0, true));
    private final RecordingSink out = new RecordingSink();

    private static CommandSpec spec(String name, int arity, Set<CommandFlag> flags,
                                    io.coterie.server.command.CommandHandler h) {
        return new CommandSpec(name, arity, flags, 0, 0, 0, "test", name, h);
    }

    private String run(String... argv) {
        dispatcher.execute(ctx, Args.of(argv), out);
        return out.take();
    }

    @Test
    void aCommitLogThatCannotBeWrittenAnswersMisconfNotOk() {
        assertEquals("-" + Dispatcher.COMMIT_LOG_FAILED + "\r\n", run("logfail"));
    }

    @Test
    void findsCommandsInAnyCase() {
        assertEquals("$2\r\nhi\r\n", run("EcHo", "hi"));
    }

    @Test
    void unknownCommandUsesRedisText() {
        assertEquals("-ERR unknown command 'nope', with args beginning with: 'a' 'b c' \r\n", run("nope", "a", "b c"));
        assertEquals("-ERR unknown command 'NoPe', with args beginning with: \r\n", run("NoPe"));
    }

    @Test
    void unknownCommandArgumentPreviewStopsAt128Bytes() {
        String longArg = "x".repeat(200);
        String reply = run("nope", longArg, "second");
        assertEquals("-ERR unknown command 'nope', with args beginning with: '" + "x".repeat(128) + "' \r\n", reply);
    }

    @Test
    void wrongArity() {
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", run("echo"));
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", run("echo", "a", "b"));
    }

    @Test
    void noauthUntilAuthenticated() {
        config.set(List.of("requirepass", "pw"));
        ctx.session().authenticated(false);
        assertEquals("-NOAUTH Authentication required.\r\n", run("echo", "hi"));
        assertEquals("-ERR unknown command 'nope', with args beginning with: \r\n", run("nope"));
        assertEquals("+OK\r\n", run("auth", "pw"));
        assertEquals("$2\r\nhi\r\n", run("echo", "hi"));
    }

    @Test
    void storeFullAnswersOomWithNothingElse() {
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", run("fill", "k", "v"));
    }

    @Test
    void commandErrorText() {
        assertEquals("-ERR syntax error\r\n", run("bad"));
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorAndTheNextCommandWorks() {
        assertEquals("-ERR internal error\r\n", run("boom"));
        assertEquals("$-1\r\n", run("get", "k"));
    }

    @Test
    void countsProcessedCommands() {
        run("echo", "a");
        run("nope");
        run("get", "k");
        assertEquals(2, metrics.commandsProcessed.sum());
    }
}
