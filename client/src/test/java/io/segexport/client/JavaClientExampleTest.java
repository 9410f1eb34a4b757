package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Java client" example, run as written but for the server's address and tenant. */
class JavaClientExampleTest {
    @RegisterExtension
    static final RealServer server = RealServer.withWorkers(1);

    @Test
    void theReadmeExampleExportsADatasetAndDownloadsItsBatch(@TempDir Path out) throws Exception {
        String target = "127.0.0.1:" + server.grpcPort();
        String token = RealServer.TOKEN;
        String org = RealServer.freshOrg();
        String dataSetId = datasetOfProfiles(target, token, org, 25);
        List<String> seen = new ArrayList<>();

        try (SegexportClient client = SegexportClient.builder()
                .target(target)
                .token(token).apiKey("segexport-demo")
                .org(org).sandbox("prod")
                .build()) {
            ExportJob job = client.createJob(ExportJob.newBuilder()
                    .setDestination(Destination.newBuilder().setDatasetId(dataSetId))
                    .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                    .build());
            ExportJob ended = client.awaitCompletion(job.getId(), Duration.ofMinutes(10),
                    state -> seen.add(state.getStatus() + " " + state.getProgress().getProfilesRead()));
            if (ended.getStatus() == ExportJobStatus.SUCCEEDED) {
                client.downloadBatch(ended.getDestination().getBatchId(), out, bytes -> { });
            }
        }

        assertThat(seen).last().isEqualTo("SUCCEEDED 25");
        try (var files = Files.walk(out)) {
            long rows = files.filter(Files::isRegularFile).mapToLong(JavaClientExampleTest::lines).sum();
            assertThat(rows).isEqualTo(25);
        }
    }

    private static String datasetOfProfiles(String target, String token, String org, int profiles) {
        try (SegexportClient client = SegexportClient.builder().target(target).token(token).apiKey("segexport-demo")
                .org(org).sandbox("prod").build()) {
            String dataSetId = client.createDataSet(Fixtures.dataSet("example"));
            List<Struct> records = new ArrayList<>();
            for (int i = 0; i < profiles; i++) {
                records.add(Fixtures.profile("user" + i + "@example.com"));
            }
            assertThat(client.ingestProfiles(dataSetId, records).getAccepted()).isEqualTo(profiles);
            return dataSetId;
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
