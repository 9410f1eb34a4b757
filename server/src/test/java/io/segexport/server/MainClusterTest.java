package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster flags: a bad value stops the node before it touches Kafka or its folder, naming the flag. */
class MainClusterTest {
    @TempDir
    Path dataDir;

    private MainRun node(String flag, String value) {
        return MainRun.of(
                "--data-dir",
                dataDir.toString(),
                "--cluster",
                "--kafka",
                "127.0.0.1:9",
                "--node-id",
                "node-1",
                "--batch-store",
                "s3://bucket/prefix",
                "--s3-endpoint",
                "http://127.0.0.1:9",
                flag,
                value);
    }

    @Test
    void aBadAdvertisedHostIsAUsageErrorNamingIt() throws Exception {
        MainRun run = node("--advertised-host", "two words");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--advertised-host must be a host name or address, not 'two words'");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing was opened").isEmpty();
        }
    }

    @Test
    void aBadPartitionCountIsAUsageErrorNamingIt() {
        MainRun run = node("--partitions", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--partitions must be positive, not 0");
    }
}
