package io.coterie.server.dispatch;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import io.coterie.server.config.ServerConfig;
import io.coterie.server.ServerMetrics;
import io.coterie.storage.StoreFullException;
import io.coterie.storage.StoreWriteException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command: the checks Redis 7's processCommand makes, in its order (known command,
 * arity, authentication), then the handler, turning every failure into exactly one error reply.
 * No Netty, no threads: shared by all connections, state lives in the {@link CommandContext}.
 */
public final class Dispatcher {

    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String INTERNAL_ERROR = "ERR internal error";
    /** Redis answers MISCONF when its AOF cannot be written; the text says what failed for us. */
    public static final String COMMIT_LOG_FAILED =
            "MISCONF Errors writing to the commit log. Commands that may modify the data set are disabled until it can be written.";
    /** Redis prints at most this many bytes of the arguments of an unknown command. */
    private static final int UNKNOWN_ARGS_PREVIEW_BYTES_MAX = 128;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandIndex index;
    private final ServerConfig config;
    private final LongAdder commandsProcessed;

    public Dispatcher(CommandTable table, ServerConfig config, ServerMetrics metrics) {
        this.index = new CommandIndex(table);
        this.config = config;
        this.commandsProcessed = metrics.commandsProcessed;
    }

    /** True if this connection must AUTH before running commands not flagged NO_AUTH. */
    public boolean authRequired(CommandContext ctx) {
        return !ctx.session().authenticated() && !config.requirePass().isEmpty();
    }

    public void execute(CommandContext ctx, Args args, ReplySink out) {
        CommandSpec spec = index.find(args.bytes(0));
        if (spec == null) {
            out.error(unknownCommand(args));
            return;
        }
        if (!spec.arityAccepts(args.count())) {
            out.error(CommandError.wrongArity(spec.name()).reply());
            return;
        }
        if (!spec.has(CommandFlag.NO_AUTH) && authRequired(ctx)) {
            out.error(NOAUTH);
            return;
        }
        commandsProcessed.increment();
        ctx.session().commandStarted(spec.name(), ctx.nowMillis());
        out.mark();
        try {
            spec.handler().handle(ctx, args, out);
        } catch (CommandError e) {
            out.rollback();
            out.error(e.reply());
        } catch (StoreFullException e) {
            out.rollback();
            out.error(CommandError.OOM);
        } catch (StoreWriteException e) {
            // Redis's answer when its AOF cannot be written; the write was not applied.
            log.error("command '{}' refused: the commit log cannot be written: {}", spec.name(), e.getMessage());
            out.rollback();
            out.error(COMMIT_LOG_FAILED);
        } catch (RuntimeException e) {
            log.error("command '{}' failed on connection {}", spec.name(), ctx.session().id(), e);
            out.rollback();
            out.error(INTERNAL_ERROR);
        }
    }

    /**
     * Redis 7's text: {@code ERR unknown command 'name', with args beginning with: 'a' 'b' } — the
     * name as sent (up to 128 bytes), then each argument quoted and followed by a space while the
     * list is under 128 bytes, each cut to what is left of those 128.
     */
    public static String unknownCommand(Args args) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < args.count() && list.length() < UNKNOWN_ARGS_PREVIEW_BYTES_MAX; i++) {
            String a = args.string(i);
            int room = UNKNOWN_ARGS_PREVIEW_BYTES_MAX - list.length();
            list.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
        }
        String name = args.string(0);
        if (name.length() > UNKNOWN_ARGS_PREVIEW_BYTES_MAX) {
            name = name.substring(0, UNKNOWN_ARGS_PREVIEW_BYTES_MAX);
        }
        return "ERR unknown command '" + name + "', with args beginning with: " + list;
    }
}
