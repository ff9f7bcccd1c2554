package io.coterie.server.command.connection;

import static io.coterie.server.command.CommandFlag.ALLOW_BUSY;
import static io.coterie.server.command.CommandFlag.FAST;
import static io.coterie.server.command.CommandFlag.LOADING;
import static io.coterie.server.command.CommandFlag.NOSCRIPT;
import static io.coterie.server.command.CommandFlag.NO_AUTH;
import static io.coterie.server.command.CommandFlag.STALE;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandHandler;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.Session;
import io.coterie.server.config.ServerInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Connection commands (Redis's "connection" group): PING, ECHO, QUIT, SELECT, AUTH, HELLO, CLIENT. */
public final class ConnectionCommands {

    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String AUTH_WITHOUT_PASSWORD = "ERR AUTH <password> called without any password configured for "
            + "the default user. Are you sure your configuration is correct?";
    static final String NOPROTO = "NOPROTO unsupported protocol version";
    static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, otherwise "
            + "the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
            + "protocol version at the same time";
    static final String DEFAULT_USER = "default";

    private ConnectionCommands() {
    }

    public static List<CommandSpec> specs(ServerRuntime runtime) {
        ClientCommand client = new ClientCommand(runtime);
        return List.of(
                spec("ping", -1, "Returns the server's liveness response.", ConnectionCommands::ping, FAST),
                spec("echo", 2, "Returns the given string.", (ctx, a, out) -> out.bulk(a.bytes(1)), FAST),
                spec("quit", -1, "Closes the connection.", (ctx, a, out) -> {
                    handle(runtime, ctx).closeAfterReply();
                    out.ok();
                }, ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH),
                spec("select", 2, "Changes the selected database.", ConnectionCommands::select, LOADING, STALE, FAST),
                spec("auth", -2, "Authenticates the connection.",
                        (ctx, a, out) -> auth(runtime, ctx, a, out), NOSCRIPT, LOADING, STALE, FAST, NO_AUTH),
                spec("hello", -1, "Handshakes with the Redis server.",
                        (ctx, a, out) -> hello(runtime, ctx, a, out), NOSCRIPT, LOADING, STALE, FAST, NO_AUTH),
                spec("client", -2, "A container for client connection commands.", client::handle, NOSCRIPT, LOADING, STALE));
    }

    static CommandSpec spec(String name, int arity, String summary, CommandHandler h, CommandFlag... flags) {
        Set<CommandFlag> f = flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
        return new CommandSpec(name, arity, f, 0, 0, 0, "connection", summary, h);
    }

    static ClientHandle handle(ServerRuntime runtime, CommandContext ctx) {
        ClientHandle h = runtime.clients().get(ctx.session().id());
        if (h == null) {
            throw new IllegalStateException("connection " + ctx.session().id() + " is not registered");
        }
        return h;
    }

    private static void ping(CommandContext ctx, Args a, RespWriter out) {
        if (a.count() > 2) {
            throw CommandError.wrongArity("ping");
        }
        if (a.count() == 2) {
            out.bulk(a.bytes(1));
        } else {
            out.simpleString("PONG");
        }
    }

    private static void select(CommandContext ctx, Args a, RespWriter out) {
        long db = a.longArg(1);
        if (db != 0) {
            throw new CommandError("ERR DB index is out of range");
        }
        out.ok();
    }

    private static void auth(ServerRuntime runtime, CommandContext ctx, Args a, RespWriter out) {
        if (a.count() > 3) {
            throw CommandError.syntax();
        }
        String requirePass = runtime.config().requirePass();
        if (a.count() == 2 && requirePass.isEmpty()) {
            throw new CommandError(AUTH_WITHOUT_PASSWORD);
        }
        byte[] user = a.count() == 3 ? a.bytes(1) : DEFAULT_USER.getBytes(StandardCharsets.US_ASCII);
        if (!passwordMatches(requirePass, user, a.bytes(a.count() - 1))) {
            throw new CommandError(WRONGPASS);
        }
        ctx.session().authenticated(true);
        out.ok();
    }

    /** Only the "default" user exists; with no requirepass it accepts any password, as Redis's nopass user. */
    static boolean passwordMatches(String requirePass, byte[] user, byte[] password) {
        if (!DEFAULT_USER.equals(new String(user, StandardCharsets.UTF_8))) {
            return false;
        }
        return requirePass.isEmpty()
                || MessageDigest.isEqual(requirePass.getBytes(StandardCharsets.UTF_8), password);
    }

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]: RESP2 only for now, so HELLO 3 answers
     * -NOPROTO and clients (Lettuce, Jedis) fall back to RESP2.
     */
    private static void hello(ServerRuntime runtime, CommandContext ctx, Args a, RespWriter out) {
        Session s = ctx.session();
        if (a.count() >= 2) {
            long version;
            try {
                version = a.longArg(1);
            } catch (CommandError e) {
                throw new CommandError("ERR Protocol version is not an integer or out of range");
            }
            if (version != 2) {
                throw new CommandError(NOPROTO);
            }
        }
        String setName = null;
        boolean authenticate = false;
        for (int i = 2; i < a.count(); i++) {
            boolean more = i + 1 < a.count();
            if (a.is(i, "AUTH") && i + 2 < a.count()) {
                if (!passwordMatches(runtime.config().requirePass(), a.bytes(i + 1), a.bytes(i + 2))) {
                    throw new CommandError(WRONGPASS);
                }
                authenticate = true;
                i += 2;
            } else if (a.is(i, "SETNAME") && more) {
                setName = ClientCommand.validName(a.string(i + 1));
                i++;
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + a.string(i) + "'");
            }
        }
        if (authenticate) {
            s.authenticated(true);
        }
        if (!s.authenticated() && !runtime.config().requirePass().isEmpty()) {
            throw new CommandError(HELLO_NOAUTH);
        }
        if (setName != null) {
            s.name(setName);
        }
        out.array(14);
        out.bulk("server");
        out.bulk("redis");
        out.bulk("version");
        out.bulk(ServerInfo.REDIS_VERSION);
        out.bulk("proto");
        out.integer(2);
        out.bulk("id");
        out.integer(s.id());
        out.bulk("mode");
        out.bulk("standalone");
        out.bulk("role");
        out.bulk("master");
        out.bulk("modules");
        out.array(0);
    }
}
