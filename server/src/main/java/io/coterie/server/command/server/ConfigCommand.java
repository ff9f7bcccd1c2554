package io.coterie.server.command.server;

import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.GlobPattern;
import io.coterie.server.command.RespWriter;
import io.coterie.server.config.ConfigRewriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CONFIG GET/SET/RESETSTAT/REWRITE over the directive table, with Redis 7's replies and errors. */
final class ConfigCommand {

    private static final List<String> HELP = List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
            "RESETSTAT", "    Reset statistics reported by the INFO command.",
            "REWRITE", "    Rewrite the configuration file.",
            "HELP", "    Print this help.");

    private final ServerRuntime runtime;

    ConfigCommand(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(CommandContext ctx, Args a, RespWriter out) {
        if (a.is(1, "GET")) {
            if (a.count() < 3) {
                throw CommandError.wrongArity("config|get");
            }
            get(a, out);
        } else if (a.is(1, "SET")) {
            if (a.count() < 4 || a.count() % 2 != 0) {
                throw CommandError.wrongArity("config|set");
            }
            List<String> pairs = new ArrayList<>();
            for (int i = 2; i < a.count(); i++) {
                pairs.add(a.string(i));
            }
            try {
                runtime.config().set(pairs);
            } catch (IllegalArgumentException e) {
                throw new CommandError(e.getMessage());
            }
            out.ok();
        } else if (a.is(1, "RESETSTAT") && a.count() == 2) {
            runtime.metrics().reset();
            out.ok();
        } else if (a.is(1, "REWRITE") && a.count() == 2) {
            if (runtime.config().configFile().isEmpty()) {
                throw new CommandError("ERR The server is running without a config file");
            }
            try {
                ConfigRewriter.rewrite(runtime.config().configFile().get(), runtime.config().snapshot());
            } catch (IOException e) {
                throw new CommandError("ERR Rewriting config file: " + e.getMessage());
            }
            out.ok();
        } else if (a.is(1, "HELP") && a.count() == 2) {
            out.array(HELP.size());
            HELP.forEach(out::simpleString);
        } else {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + a.string(1)
                    + "'. Try CONFIG HELP.");
        }
    }

    /** Every directive matching any pattern, once, as the flat name/value array Redis 7 sends in RESP2. */
    private void get(Args a, RespWriter out) {
        List<String> reply = new ArrayList<>();
        for (Map.Entry<String, String> e : runtime.config().snapshot().entrySet()) {
            for (int i = 2; i < a.count(); i++) {
                if (GlobPattern.matches(a.string(i), e.getKey(), true)) {
                    reply.add(e.getKey());
                    reply.add(e.getValue());
                    break;
                }
            }
        }
        out.array(reply.size());
        reply.forEach(out::bulk);
    }
}
