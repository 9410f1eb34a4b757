package io.segexport.server;

import io.segexport.server.store.StoreRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segexport-server restore}: a backup into a new data folder, for a server to start on. */
@Command(
        name = "restore",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Restores a backup into a data folder that is missing or empty; never over a store.")
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup's folder.")
    private Path from;

    @Option(
            names = "--data-dir",
            required = true,
            paramLabel = "DIR",
            description = "The data folder to restore into; missing or empty.")
    private Path dataDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            long bytes = StoreRestore.restore(from, dataDir);
            out.println("segexport: restored " + from + " into " + dataDir + " (" + bytes + " bytes)");
            return 0;
        } catch (StoreRestore.RefusedException e) {
            spec.commandLine().getErr().println("segexport: could not restore: " + e.getMessage());
            return 1;
        }
    }
}
