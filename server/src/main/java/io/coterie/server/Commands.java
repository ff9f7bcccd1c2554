package io.coterie.server;

import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.cluster.ClusterCommands;
import io.coterie.server.command.connection.ConnectionCommands;
import io.coterie.server.command.keys.KeyCommands;
import io.coterie.server.command.server.ServerCommands;
import io.coterie.server.command.strings.StringCommands;
import io.coterie.server.command.versions.VersionCommands;
import java.util.ArrayList;
import java.util.List;

/** THE registration point: every command group the server offers, concatenated into one table. */
public final class Commands {

    private Commands() {
    }

    public static List<CommandSpec> all(ServerRuntime runtime) {
        List<CommandSpec> all = new ArrayList<>();
        all.addAll(ConnectionCommands.specs(runtime));
        all.addAll(ServerCommands.specs(runtime));
        all.addAll(StringCommands.specs());
        all.addAll(KeyCommands.specs());
        all.addAll(new ClusterCommands(runtime::cluster, runtime::hints).specs());
        all.addAll(new VersionCommands(runtime).specs());
        return all;
    }
}
