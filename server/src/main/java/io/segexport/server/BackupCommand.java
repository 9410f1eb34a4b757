package io.segexport.server;

import io.segexport.server.store.DataFolderInUseException;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.StoreBackup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segexport-server backup}: backs up the data folder of a server that is stopped. */
@Command(
        name = "backup",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Backs up the data folder of a stopped server to a new folder.",
            "A running server holds its folder: back it up with POST /admin/backups on its management port "
                    + "(started with --management-port and --backup-dir)."
        })
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The server's data folder.")
    private Path dataDir;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The backup's folder; must not exist.")
    private Path to;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataLayout layout = new DataLayout(dataDir);
        if (!Files.isRegularFile(layout.rocksDb().resolve("CURRENT"))) {
            return refused(err, "--data-dir " + dataDir + " holds no segexport store (no rocksdb/CURRENT)");
        }
        if (Files.exists(to)) {
            return refused(err, "--to " + to + " exists already; a backup goes to a new folder");
        }
        try (Database database = Database.open(layout.rocksDb())) {
            StoreBackup.Taken taken = StoreBackup.take(database, layout, to, Files.isDirectory(layout.batches()))
                    .orElseThrow();
            out.println("segexport: backed " + dataDir + " up to " + taken.folder() + " (" + taken.fileBytes()
                    + " bytes of batch files besides the database)");
            return 0;
        } catch (DataFolderInUseException e) {
            return refused(
                    err,
                    "a running server holds " + dataDir + "; back it up through its management port: "
                            + "curl -X POST http://localhost:PORT/admin/backups "
                            + "(the server needs --management-port PORT and --backup-dir DIR)");
        }
    }

    private static int refused(PrintWriter err, String why) {
        err.println("segexport: could not back up: " + why);
        return 1;
    }
}
