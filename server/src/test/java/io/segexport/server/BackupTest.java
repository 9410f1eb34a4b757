package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.server.store.StoreBackup;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups through {@code POST /admin/backups} and {@code segexport-server backup}, restores through
 * {@code segexport-server restore}, and what each refuses. Under load: BackupRestoreIT.
 */
class BackupTest {
    private static final String BACKUPS = "/admin/backups";

    @TempDir
    Path root;

    @Test
    void anOnlineBackupIsAWholeFolderOfTheBackupDir() throws Exception {
        Path backups = root.resolve("backups");
        try (SegexportServer server = startManaged(root.resolve("data"), backups)) {
            HttpResponse<String> response = Scrapes.post(server.managementPort().orElseThrow(), BACKUPS);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode body = new ObjectMapper().readTree(response.body());
            Path folder = backups.resolve(body.get("name").asText());
            assertThat(body.get("path").asText())
                    .isEqualTo(folder.toAbsolutePath().toString());
            assertThat(body.get("fileBytes").isNumber()).isTrue();
            assertThat(folder.resolve(StoreBackup.MARKER)).isRegularFile();
            assertThat(folder.resolve("rocksdb/CURRENT")).isRegularFile();
            try (Stream<Path> entries = Files.list(backups)) {
                assertThat(entries).containsExactly(folder);
            }
        }
    }

    @Test
    void anOnlineBackupIsRefusedWithoutABackupDir() throws Exception {
        try (SegexportServer server = startManaged(root.resolve("data"), null)) {
            HttpResponse<String> response = Scrapes.post(server.managementPort().orElseThrow(), BACKUPS);

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("--backup-dir");
        }
    }

    @Test
    void theBackupPathIsNotOnTheApiPort() throws Exception {
        try (SegexportServer server = startManaged(root.resolve("data"), root.resolve("backups"))) {
            assertThat(Scrapes.post(server.httpPort(), BACKUPS).statusCode()).isEqualTo(404);
            assertThat(root.resolve("backups")).doesNotExist();
        }
    }

    @Test
    void aBackupDirNeedsAManagementPort() {
        MainRun run = MainRun.of("--backup-dir", root.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--backup-dir needs --management-port");
    }

    @Test
    void theBackupCommandRefusesAFolderWithoutAStore() {
        MainRun run = MainRun.of(
                "backup",
                "--data-dir",
                root.toString(),
                "--to",
                root.resolve("b").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--data-dir").contains("holds no segexport store");
        assertThat(root.resolve("b")).doesNotExist();
    }

    @Test
    void theBackupCommandRefusesATargetThatExists() throws Exception {
        Path data = root.resolve("data");
        TestServer.start(data).close();
        Files.createDirectories(root.resolve("b"));

        MainRun run = MainRun.of(
                "backup",
                "--data-dir",
                data.toString(),
                "--to",
                root.resolve("b").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--to").contains("exists already");
    }

    @Test
    void theBackupCommandPointsARunningServerToItsManagementPort() throws Exception {
        Path data = root.resolve("data");
        try (TestServer running = TestServer.start(data)) {
            MainRun run = MainRun.of(
                    "backup",
                    "--data-dir",
                    data.toString(),
                    "--to",
                    root.resolve("b").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("a running server holds")
                    .contains("curl -X POST")
                    .contains(BACKUPS);
        }
    }

    @Test
    void restoreRefusesAFolderThatIsNotAWholeBackup() throws Exception {
        Path data = root.resolve("data");
        TestServer.start(data).close();

        MainRun run = MainRun.of(
                "restore",
                "--from",
                data.toString(),
                "--data-dir",
                root.resolve("r").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--from").contains("no " + StoreBackup.MARKER + " file");
        assertThat(root.resolve("r")).doesNotExist();
    }

    @Test
    void restoreNeverReplacesAStore() throws Exception {
        Path data = root.resolve("data");
        TestServer.start(data).close();
        assertThat(MainRun.of(
                                "backup",
                                "--data-dir",
                                data.toString(),
                                "--to",
                                root.resolve("b").toString())
                        .exitCode())
                .isZero();

        MainRun run = MainRun.of("restore", "--from", root.resolve("b").toString(), "--data-dir", data.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--data-dir").contains("is not empty");
    }

    @Test
    void anOfflineBackupRestoresToAServerWithTheSameAnswers() throws Exception {
        Tenant tenant = Tenant.fresh();
        Path data = root.resolve("data");
        JsonNode job;
        JsonNode list;
        try (TestServer server = TestServer.start(data)) {
            String dataSet = server.rest(tenant).createDataSet();
            job = server.rest(tenant)
                    .post(Exports.JOBS, Requests.minimalCreate(dataSet))
                    .json();
            list = server.rest(tenant).get(Exports.JOBS).json();
        }
        assertThat(MainRun.of(
                                "backup",
                                "--data-dir",
                                data.toString(),
                                "--to",
                                root.resolve("b").toString())
                        .exitCode())
                .isZero();
        Path restored = root.resolve("restored");

        MainRun run = MainRun.of("restore", "--from", root.resolve("b").toString(), "--data-dir", restored.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        try (TestServer server = TestServer.start(restored)) {
            assertThat(server.rest(tenant)
                            .get(Exports.JOBS + "/" + job.get("id").asLong())
                            .json())
                    .isEqualTo(job);
            assertThat(server.rest(tenant).get(Exports.JOBS).json()).isEqualTo(list);
        }
    }

    private static SegexportServer startManaged(Path dataDir, Path backupDir) throws Exception {
        return SegexportServer.start(TestServer.config(dataDir, 0), OptionalInt.of(0), backupDir);
    }
}
