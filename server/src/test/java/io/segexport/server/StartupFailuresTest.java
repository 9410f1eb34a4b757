package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.FormatVersion;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way the server can fail to start says, in one line, what to change; usage errors exit 2,
 * others 1; and a start that fails before the store is opened leaves nothing on disk.
 */
class StartupFailuresTest {
    @TempDir
    Path folder;

    private Path dataDir() {
        return folder.resolve("data");
    }

    @Test
    void anUnknownFlagIsNamedWithTheNearestOneAndAHintForTheRest() {
        MainRun run =
                MainRun.of("--data-dir", dataDir().toString(), "--dev-token", TestServer.TOKEN, "--htp-port", "8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines())
                .containsExactly(
                        "segexport: Unknown options: '--htp-port', '8080'",
                        "segexport: did you mean --http-port?",
                        "segexport: segexport-server --help lists the options");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void aBatchStoreThatIsNotAnS3LocationIsAUsageErrorNamingItsFlag() {
        MainRun run = MainRun.of(MainArgs.testServer(dataDir(), "--batch-store", "/var/batches"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("segexport: --batch-store must be s3://BUCKET or s3://BUCKET/PREFIX, not /var/batches");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void anS3EndpointWithoutABatchStoreIsAUsageError() {
        MainRun run = MainRun.of(MainArgs.testServer(dataDir(), "--s3-endpoint", "http://localhost:9090"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--batch-store");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void demoWithoutTheDevelopmentTokenSaysToGiveIt() {
        MainRun run = MainRun.of("--data-dir", dataDir().toString(), "--demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("segexport: --demo seeds the demo world as a caller with the development token: "
                        + "give --dev-token too");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void anHttpPortInUseIsNamedWithItsFlag() throws Exception {
        try (ServerSocket taken = takenPort()) {
            MainRun run = MainRun.of(
                    "--data-dir",
                    dataDir().toString(),
                    "--dev-token",
                    TestServer.TOKEN,
                    "--grpc-port",
                    "0",
                    "--http-port",
                    String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().filter(line -> !line.contains("WARNING")))
                    .containsExactly("segexport: could not start: port " + taken.getLocalPort()
                            + " (--http-port) is in use by another process; "
                            + "stop it or choose another port with --http-port (0 picks a free one)");
            assertThat(dataDir()).doesNotExist();
        }
    }

    @Test
    void aGrpcPortInUseIsNamedWithItsFlag() throws Exception {
        try (ServerSocket taken = takenPort()) {
            MainRun run = MainRun.of(
                    "--data-dir",
                    dataDir().toString(),
                    "--dev-token",
                    TestServer.TOKEN,
                    "--grpc-port",
                    String.valueOf(taken.getLocalPort()),
                    "--http-port",
                    "0");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("segexport: could not start: port " + taken.getLocalPort() + " (--grpc-port) is in use");
            assertThat(dataDir()).doesNotExist();
        }
    }

    @Test
    void aDataFolderHeldByARunningServerIsNamed() throws Exception {
        try (TestServer running = TestServer.start(dataDir())) {
            MainRun run = MainRun.of(MainArgs.testServer(dataDir()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("segexport: could not start: another segexport process holds "
                            + dataDir().toAbsolutePath().normalize()
                            + "; stop it or choose another folder with --data-dir");
            assertThat(run.err()).doesNotContain("LOCK");
        }
    }

    @Test
    void aDataFolderOfANewerFormatIsRefusedInOneLineAndLeftAsItIs() throws Exception {
        int newer = StoreMigrations.ALL.size() + 1;
        try (Database database = Database.open(new DataLayout(dataDir()).rocksDb())) {
            FormatVersion.set(database, newer);
        }

        MainRun run = MainRun.of(MainArgs.testServer(dataDir()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> !line.contains("WARNING")))
                .containsExactly("segexport: could not start: the data folder "
                        + dataDir().toAbsolutePath().normalize() + " was written by a newer segexport (format " + newer
                        + "; this one reads up to " + (newer - 1) + ")");
        try (Database database = Database.open(new DataLayout(dataDir()).rocksDb())) {
            assertThat(FormatVersion.of(database)).isEqualTo(newer);
        }
    }

    @Test
    void tlsFilesThatCannotServeLeaveNothingOnDisk() {
        MainRun run = MainRun.of(MainArgs.testServer(
                dataDir(),
                "--tls-cert",
                folder.resolve("missing.pem").toString(),
                "--tls-key",
                folder.resolve("missing.key").toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("segexport: could not start: ").contains("--tls-cert");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsMainWithTheFlagsNamed() {
        TestCertificates ca = TestCertificates.authority(folder, "main-test");
        TlsFiles files = ca.issueServer("EC");
        TlsFiles other = ca.issueServer("EC");
        MainRun run = MainRun.of(MainArgs.testServer(
                dataDir(),
                "--tls-cert",
                files.certificate().toString(),
                "--tls-key",
                other.privateKey().toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("segexport: could not start: --tls-key " + other.privateKey()
                        + ": does not match the certificate of --tls-cert " + files.certificate());
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        TlsFiles files = TestCertificates.authority(folder, "main-test").issueServer("EC");
        MainRun run = MainRun.of(
                "--data-dir",
                dataDir().toString(),
                "--tls-cert",
                files.certificate().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required argument(s): --tls-key=PEM");
    }

    /** A port held open on every address, as another server would hold it. */
    private static ServerSocket takenPort() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(0));
        return socket;
    }
}
